using System.Buffers.Binary;

namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// Outgoing SSN Reset Request (RFC 6525 §4.1): the sender resets the sequence numbers of its outgoing
/// streams (a data channel closing). The receiver performs it once its cumulative TSN reaches the
/// Sender's Last Assigned TSN. No stream numbers means all streams.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     Parameter Type = 13       | Parameter Length = 16 + 2 * N |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           Re-configuration Request Sequence Number            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           Re-configuration Response Sequence Number           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                Sender's Last Assigned TSN                     |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Stream Number 1 (optional)   |    Stream Number 2 (optional) |
/// /                            ......                             /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly ref struct OutgoingSsnResetRequestParameter : ISctpWritable
{
    /// <summary>Bytes before the stream numbers (parameter header included).</summary>
    public const int FixedSize = 16;

    private readonly ReadOnlySpan<byte> _rawStreams;
    private readonly ReadOnlySpan<ushort> _streams;
    private readonly bool _raw;

    /// <summary>Creates the parameter to write.</summary>
    public OutgoingSsnResetRequestParameter(uint requestSequenceNumber, uint responseSequenceNumber, uint sendersLastAssignedTsn, ReadOnlySpan<ushort> streams)
    {
        RequestSequenceNumber = requestSequenceNumber;
        ResponseSequenceNumber = responseSequenceNumber;
        SendersLastAssignedTsn = sendersLastAssignedTsn;
        _streams = streams;
        StreamCount = streams.Length;
    }

    private OutgoingSsnResetRequestParameter(uint request, uint response, uint lastTsn, ReadOnlySpan<byte> rawStreams)
    {
        RequestSequenceNumber = request;
        ResponseSequenceNumber = response;
        SendersLastAssignedTsn = lastTsn;
        _rawStreams = rawStreams;
        _raw = true;
        StreamCount = rawStreams.Length / 2;
    }

    /// <summary>This request's sequence number (the first one is the sender's initial TSN).</summary>
    public uint RequestSequenceNumber { get; }
    /// <summary>The sequence number of the peer's request this one answers (the last one received).</summary>
    public uint ResponseSequenceNumber { get; }
    /// <summary>The last TSN the sender assigned before the reset.</summary>
    public uint SendersLastAssignedTsn { get; }
    /// <summary>Number of streams listed (0 means all).</summary>
    public int StreamCount { get; }

    /// <summary>The stream at <paramref name="index"/>.</summary>
    public ushort GetStream(int index) => _raw ? BinaryPrimitives.ReadUInt16BigEndian(_rawStreams[(index * 2)..]) : _streams[index];

    /// <summary>Bytes <see cref="Write"/> produces, padding included.</summary>
    public int GetLength() => ChunkHeader.Padded(FixedSize + 2 * StreamCount);

    /// <summary>The most streams that fit in a parameter of at most <paramref name="maxLength"/> bytes.</summary>
    public static int MaxStreams(int maxLength) => Math.Max(0, (maxLength - FixedSize) / 2 & ~1);

    /// <summary>Reads the parameter at the start of <paramref name="source"/>; an odd byte count of streams is invalid.</summary>
    public static SctpCodecStatus TryRead(ReadOnlySpan<byte> source, out OutgoingSsnResetRequestParameter parameter)
    {
        parameter = default;
        var status = ParameterCodec.Read(source, (ushort)SctpParameterType.OutgoingSsnResetRequest, FixedSize, out var value);
        if (status != SctpCodecStatus.Ok)
        {
            return status;
        }
        if ((value.Length & 1) != 0)
        {
            return SctpCodecStatus.InvalidLength;
        }
        parameter = new OutgoingSsnResetRequestParameter(
            BinaryPrimitives.ReadUInt32BigEndian(value),
            BinaryPrimitives.ReadUInt32BigEndian(value[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(value[8..]),
            value[12..]);
        return SctpCodecStatus.Ok;
    }

    /// <summary>Writes the parameter and its padding; returns <see cref="GetLength"/>.</summary>
    public int Write(Span<byte> destination)
    {
        var length = FixedSize + 2 * StreamCount;
        ParameterCodec.WriteHeader(destination, (ushort)SctpParameterType.OutgoingSsnResetRequest, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], RequestSequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ResponseSequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], SendersLastAssignedTsn);
        for (var i = 0; i < StreamCount; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[(FixedSize + 2 * i)..], GetStream(i));
        }
        return ParameterCodec.Pad(destination, length);
    }
}
