using System.Buffers.Binary;

namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// FORWARD TSN (RFC 3758 §3.2): tells the receiver to move its cumulative TSN forward past abandoned
/// messages, listing for each ordered stream concerned the highest SSN skipped.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 192  |  Flags = 0x00 |        Length = Variable      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      New Cumulative TSN                       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         Stream-1              |       Stream Sequence-1       |
/// /                              ...                              /
/// |         Stream-N              |       Stream Sequence-N       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly ref struct ForwardTsnChunk : ISctpWritable
{
    /// <summary>Bytes before the stream entries (chunk header included).</summary>
    public const int FixedSize = 8;
    /// <summary>Bytes per stream entry.</summary>
    public const int EntrySize = 4;

    private readonly ReadOnlySpan<byte> _raw;
    private readonly ReadOnlySpan<ForwardTsnStream> _entries;
    private readonly bool _isRaw;

    /// <summary>Creates the chunk to write.</summary>
    public ForwardTsnChunk(uint newCumulativeTsn, ReadOnlySpan<ForwardTsnStream> streams)
    {
        NewCumulativeTsn = newCumulativeTsn;
        _entries = streams;
        StreamCount = streams.Length;
    }

    private ForwardTsnChunk(uint newCumulativeTsn, ReadOnlySpan<byte> raw)
    {
        NewCumulativeTsn = newCumulativeTsn;
        _raw = raw;
        _isRaw = true;
        StreamCount = raw.Length / EntrySize;
    }

    /// <summary>The receiver treats every TSN up to this one as received.</summary>
    public uint NewCumulativeTsn { get; }
    /// <summary>Number of stream entries.</summary>
    public int StreamCount { get; }

    /// <summary>The stream entry at <paramref name="index"/>.</summary>
    public ForwardTsnStream GetStream(int index) => _isRaw
        ? new ForwardTsnStream(BinaryPrimitives.ReadUInt16BigEndian(_raw[(index * EntrySize)..]), BinaryPrimitives.ReadUInt16BigEndian(_raw[(index * EntrySize + 2)..]))
        : _entries[index];

    /// <summary>Bytes <see cref="Write"/> produces.</summary>
    public int GetLength() => FixedSize + EntrySize * StreamCount;

    /// <summary>Reads the chunk at the start of <paramref name="source"/>; the entries must fill it exactly.</summary>
    public static SctpCodecStatus TryRead(ReadOnlySpan<byte> source, out ForwardTsnChunk chunk)
    {
        chunk = default;
        var status = ChunkCodec.Read(source, SctpChunkType.ForwardTsn, FixedSize, out _, out var value);
        if (status != SctpCodecStatus.Ok)
        {
            return status;
        }
        if ((value.Length - 4) % EntrySize != 0)
        {
            return SctpCodecStatus.InvalidLength;
        }
        chunk = new ForwardTsnChunk(BinaryPrimitives.ReadUInt32BigEndian(value), value[4..]);
        return SctpCodecStatus.Ok;
    }

    /// <summary>Writes the chunk; returns <see cref="GetLength"/>.</summary>
    public int Write(Span<byte> destination)
    {
        var length = GetLength();
        ChunkCodec.WriteHeader(destination, SctpChunkType.ForwardTsn, 0, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], NewCumulativeTsn);
        for (var i = 0; i < StreamCount; i++)
        {
            var entry = GetStream(i);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(FixedSize + i * EntrySize)..], entry.StreamId);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(FixedSize + i * EntrySize + 2)..], entry.StreamSequenceNumber);
        }
        return length;
    }
}

/// <summary>A FORWARD TSN entry: skip ordered messages of <paramref name="StreamId"/> up to <paramref name="StreamSequenceNumber"/>.</summary>
public readonly record struct ForwardTsnStream(ushort StreamId, ushort StreamSequenceNumber);
