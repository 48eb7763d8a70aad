using System.Buffers.Binary;
using System.Text;

namespace MeshActors.WebRtc.DataChannels;

/// <summary>
/// DATA_CHANNEL_OPEN (RFC 8832 §5.1): sent on the new channel's stream with PPID 50 to open an in-band
/// data channel. All fields are big-endian.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Message Type |  Channel Type |            Priority           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                    Reliability Parameter                      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         Label Length          |       Protocol Length         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                             Label                             /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                            Protocol                           /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Message Type is 0x03. The Reliability Parameter is 0 for reliable channels (ignored on receipt),
/// the retransmission limit for *_REXMIT channels and the lifetime in milliseconds for *_TIMED ones.
/// Label and Protocol are UTF-8, unpadded. A message whose lengths do not add up to exactly the bytes
/// received is rejected (a lying length must never make the reader look past or ignore bytes), and so
/// is an unregistered channel type; RFC 8832 §6 then requires closing the stream without an ACK.
/// Label and protocol bytes that are not valid UTF-8 are accepted and decoded with replacement
/// characters, as browsers do.
/// </summary>
public readonly ref struct DataChannelOpenMessage
{
    /// <summary>Bytes before the label.</summary>
    public const int HeaderSize = 12;

    /// <summary>Largest label or protocol in UTF-8 bytes: the length fields are 16 bits (W3C limits both to 65535 bytes).</summary>
    public const int MaxLabelOrProtocolLength = ushort.MaxValue;

    /// <summary>Creates the message to write; label and protocol are UTF-8 and at most 65535 bytes each.</summary>
    /// <exception cref="ArgumentException">Label or protocol is longer than 65535 bytes.</exception>
    public DataChannelOpenMessage(DataChannelType channelType, ushort priority, uint reliabilityParameter, ReadOnlySpan<byte> labelUtf8, ReadOnlySpan<byte> protocolUtf8)
    {
        if (labelUtf8.Length > MaxLabelOrProtocolLength)
        {
            throw new ArgumentException("The label is longer than 65535 UTF-8 bytes.", nameof(labelUtf8));
        }
        if (protocolUtf8.Length > MaxLabelOrProtocolLength)
        {
            throw new ArgumentException("The protocol is longer than 65535 UTF-8 bytes.", nameof(protocolUtf8));
        }
        ChannelType = channelType;
        Priority = priority;
        ReliabilityParameter = reliabilityParameter;
        LabelUtf8 = labelUtf8;
        ProtocolUtf8 = protocolUtf8;
    }

    /// <summary>Channel type (ordering and reliability kind).</summary>
    public DataChannelType ChannelType { get; }
    /// <summary>Priority (see <see cref="DataChannelPriority"/>).</summary>
    public ushort Priority { get; }
    /// <summary>Reliability Parameter: meaning depends on <see cref="ChannelType"/>.</summary>
    public uint ReliabilityParameter { get; }
    /// <summary>The label's UTF-8 bytes.</summary>
    public ReadOnlySpan<byte> LabelUtf8 { get; }
    /// <summary>The protocol's UTF-8 bytes.</summary>
    public ReadOnlySpan<byte> ProtocolUtf8 { get; }

    /// <summary>True when the channel delivers in order.</summary>
    public bool Ordered => ChannelType.IsOrdered();

    /// <summary>The retransmission limit of a *_REXMIT channel; <c>null</c> otherwise.</summary>
    public uint? MaxRetransmits => ChannelType.IsRexmit() ? ReliabilityParameter : null;

    /// <summary>The lifetime in milliseconds of a *_TIMED channel; <c>null</c> otherwise.</summary>
    public uint? MaxPacketLifeTime => ChannelType.IsTimed() ? ReliabilityParameter : null;

    /// <summary>Decodes the label (allocates a string: control path).</summary>
    public string GetLabel() => Encoding.UTF8.GetString(LabelUtf8);

    /// <summary>Decodes the protocol (allocates a string: control path).</summary>
    public string GetProtocol() => Encoding.UTF8.GetString(ProtocolUtf8);

    /// <summary>Bytes <see cref="Write"/> produces.</summary>
    public int GetLength() => HeaderSize + LabelUtf8.Length + ProtocolUtf8.Length;

    /// <summary>Reads a whole DATA_CHANNEL_OPEN message: <paramref name="source"/> is one SCTP user message.</summary>
    public static DcepCodecStatus TryRead(ReadOnlySpan<byte> source, out DataChannelOpenMessage message)
    {
        message = default;
        if (source.IsEmpty)
        {
            return DcepCodecStatus.Truncated;
        }
        if (source[0] != (byte)DcepMessageType.DataChannelOpen)
        {
            return DcepCodecStatus.WrongType;
        }
        if (source.Length < HeaderSize)
        {
            return DcepCodecStatus.Truncated;
        }
        var channelType = (DataChannelType)source[1];
        if (!channelType.IsDefined())
        {
            return DcepCodecStatus.UnknownChannelType;
        }
        int labelLength = BinaryPrimitives.ReadUInt16BigEndian(source[8..]);
        int protocolLength = BinaryPrimitives.ReadUInt16BigEndian(source[10..]);
        if (HeaderSize + labelLength + protocolLength != source.Length)
        {
            return DcepCodecStatus.InvalidLength;
        }
        message = new DataChannelOpenMessage(
            channelType,
            BinaryPrimitives.ReadUInt16BigEndian(source[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[4..]),
            source.Slice(HeaderSize, labelLength),
            source.Slice(HeaderSize + labelLength, protocolLength));
        return DcepCodecStatus.Ok;
    }

    /// <summary>Writes the message; returns <see cref="GetLength"/>.</summary>
    public int Write(Span<byte> destination)
    {
        var length = GetLength();
        destination = destination[..length]; // one bounds check up front
        destination[0] = (byte)DcepMessageType.DataChannelOpen;
        destination[1] = (byte)ChannelType;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Priority);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ReliabilityParameter);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], (ushort)LabelUtf8.Length);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], (ushort)ProtocolUtf8.Length);
        LabelUtf8.CopyTo(destination[HeaderSize..]);
        ProtocolUtf8.CopyTo(destination[(HeaderSize + LabelUtf8.Length)..]);
        return length;
    }
}
