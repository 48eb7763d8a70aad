using System.Buffers.Binary;

namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// I-DATA (RFC 8260 §2.1): a DATA chunk that names its message (MID) and fragment (FSN), so the
/// fragments of different messages may interleave. Used only when both ends list I-DATA in their
/// Supported Extensions; it is what lets a small message overtake a large one on another stream.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 64   |  Res  |I|U|B|E|       Length = Variable       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                              TSN                              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |        Stream Identifier      |           Reserved            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      Message Identifier                       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |    Payload Protocol Identifier / Fragment Sequence Number     |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                           User Data                           /
/// </code>
/// The fifth word is the PPID when B is set (the first fragment's FSN is 0) and the FSN otherwise.
/// </summary>
public readonly ref struct InterleavedDataChunk : ISctpWritable
{
    /// <summary>Bytes before the user data (chunk header included).</summary>
    public const int HeaderSize = 20;

    /// <summary>Creates an I-DATA chunk; <paramref name="ppidOrFsn"/> is the PPID when B is set, else the FSN.</summary>
    public InterleavedDataChunk(uint tsn, ushort streamId, uint messageId, uint ppidOrFsn, byte flags, ReadOnlySpan<byte> userData)
    {
        Tsn = tsn;
        StreamId = streamId;
        MessageId = messageId;
        PpidOrFsn = ppidOrFsn;
        Flags = flags;
        UserData = userData;
    }

    /// <summary>Transmission Sequence Number.</summary>
    public uint Tsn { get; }
    /// <summary>Stream Identifier.</summary>
    public ushort StreamId { get; }
    /// <summary>Message Identifier (per stream; ordered and unordered messages count separately).</summary>
    public uint MessageId { get; }
    /// <summary>The raw fifth word: PPID on a first fragment, FSN otherwise.</summary>
    public uint PpidOrFsn { get; }
    /// <summary>The chunk flags (same bits as DATA).</summary>
    public byte Flags { get; }
    /// <summary>The fragment's bytes.</summary>
    public ReadOnlySpan<byte> UserData { get; }

    /// <summary>B bit.</summary>
    public bool Beginning => (Flags & DataChunk.BeginningFlag) != 0;
    /// <summary>E bit.</summary>
    public bool Ending => (Flags & DataChunk.EndingFlag) != 0;
    /// <summary>U bit.</summary>
    public bool Unordered => (Flags & DataChunk.UnorderedFlag) != 0;
    /// <summary>I bit.</summary>
    public bool Immediate => (Flags & DataChunk.ImmediateFlag) != 0;
    /// <summary>Fragment Sequence Number (0 on the first fragment).</summary>
    public uint FragmentSequenceNumber => Beginning ? 0 : PpidOrFsn;
    /// <summary>Payload Protocol Identifier (only carried by the first fragment).</summary>
    public uint PayloadProtocolId => Beginning ? PpidOrFsn : 0;

    /// <summary>Bytes <see cref="Write"/> produces, padding included.</summary>
    public int GetLength() => ChunkHeader.Padded(HeaderSize + UserData.Length);

    /// <summary>Reads an I-DATA chunk at the start of <paramref name="source"/>.</summary>
    public static SctpCodecStatus TryRead(ReadOnlySpan<byte> source, out InterleavedDataChunk chunk)
    {
        chunk = default;
        var status = ChunkCodec.Read(source, SctpChunkType.IData, HeaderSize, out var flags, out var value);
        if (status != SctpCodecStatus.Ok)
        {
            return status;
        }
        chunk = new InterleavedDataChunk(
            BinaryPrimitives.ReadUInt32BigEndian(value),
            BinaryPrimitives.ReadUInt16BigEndian(value[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(value[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(value[12..]),
            flags,
            value[16..]);
        return SctpCodecStatus.Ok;
    }

    /// <summary>Writes the chunk and its padding; returns <see cref="GetLength"/>.</summary>
    public int Write(Span<byte> destination)
    {
        var length = HeaderSize + UserData.Length;
        ChunkCodec.WriteHeader(destination, SctpChunkType.IData, Flags, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Tsn);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], StreamId);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], MessageId);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], PpidOrFsn);
        UserData.CopyTo(destination[HeaderSize..]);
        return ChunkCodec.Pad(destination, length);
    }
}
