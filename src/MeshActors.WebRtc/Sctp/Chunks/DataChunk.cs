using System.Buffers.Binary;

namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// DATA (RFC 9260 §3.3.1): one fragment of a user message.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 0    |  Res  |I|U|B|E|           Length              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                              TSN                              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      Stream Identifier S      |   Stream Sequence Number n    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  Payload Protocol Identifier                  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                 User Data (seq n of Stream S)                 /
/// </code>
/// B marks the first fragment, E the last, U an unordered message (its SSN is ignored), I asks for an
/// immediate SACK (RFC 7053). The fragments of one message carry consecutive TSNs. A chunk of length 16
/// (no user data) is read successfully; the receiver answers it with an ABORT "No User Data" (§6.2).
/// </summary>
public readonly ref struct DataChunk : ISctpWritable
{
    /// <summary>Bytes before the user data (chunk header included).</summary>
    public const int HeaderSize = 16;

    /// <summary>E bit: last fragment.</summary>
    public const byte EndingFlag = 0x01;
    /// <summary>B bit: first fragment.</summary>
    public const byte BeginningFlag = 0x02;
    /// <summary>U bit: unordered.</summary>
    public const byte UnorderedFlag = 0x04;
    /// <summary>I bit: SACK immediately (RFC 7053 §3).</summary>
    public const byte ImmediateFlag = 0x08;

    /// <summary>Creates a DATA chunk; <paramref name="flags"/> combines the *Flag constants.</summary>
    public DataChunk(uint tsn, ushort streamId, ushort streamSequenceNumber, uint payloadProtocolId, byte flags, ReadOnlySpan<byte> userData)
    {
        Tsn = tsn;
        StreamId = streamId;
        StreamSequenceNumber = streamSequenceNumber;
        PayloadProtocolId = payloadProtocolId;
        Flags = flags;
        UserData = userData;
    }

    /// <summary>Transmission Sequence Number.</summary>
    public uint Tsn { get; }
    /// <summary>Stream Identifier.</summary>
    public ushort StreamId { get; }
    /// <summary>Stream Sequence Number (meaningless when unordered).</summary>
    public ushort StreamSequenceNumber { get; }
    /// <summary>Payload Protocol Identifier (WebRTC PPIDs: 50 DCEP, 51 string, 53 binary, ...).</summary>
    public uint PayloadProtocolId { get; }
    /// <summary>The chunk flags.</summary>
    public byte Flags { get; }
    /// <summary>The fragment's bytes.</summary>
    public ReadOnlySpan<byte> UserData { get; }

    /// <summary>B bit.</summary>
    public bool Beginning => (Flags & BeginningFlag) != 0;
    /// <summary>E bit.</summary>
    public bool Ending => (Flags & EndingFlag) != 0;
    /// <summary>U bit.</summary>
    public bool Unordered => (Flags & UnorderedFlag) != 0;
    /// <summary>I bit.</summary>
    public bool Immediate => (Flags & ImmediateFlag) != 0;

    /// <summary>Bytes <see cref="Write"/> produces, padding included.</summary>
    public int GetLength() => ChunkHeader.Padded(HeaderSize + UserData.Length);

    /// <summary>Reads a DATA chunk at the start of <paramref name="source"/>.</summary>
    public static SctpCodecStatus TryRead(ReadOnlySpan<byte> source, out DataChunk chunk)
    {
        chunk = default;
        var status = ChunkCodec.Read(source, SctpChunkType.Data, HeaderSize, out var flags, out var value);
        if (status != SctpCodecStatus.Ok)
        {
            return status;
        }
        chunk = new DataChunk(
            BinaryPrimitives.ReadUInt32BigEndian(value),
            BinaryPrimitives.ReadUInt16BigEndian(value[4..]),
            BinaryPrimitives.ReadUInt16BigEndian(value[6..]),
            BinaryPrimitives.ReadUInt32BigEndian(value[8..]),
            flags,
            value[12..]);
        return SctpCodecStatus.Ok;
    }

    /// <summary>Writes the chunk and its padding; returns <see cref="GetLength"/>.</summary>
    public int Write(Span<byte> destination)
    {
        var length = HeaderSize + UserData.Length;
        ChunkCodec.WriteHeader(destination, SctpChunkType.Data, Flags, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Tsn);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], StreamId);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], StreamSequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], PayloadProtocolId);
        UserData.CopyTo(destination[HeaderSize..]);
        return ChunkCodec.Pad(destination, length);
    }
}
