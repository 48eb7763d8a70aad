using System.Buffers.Binary;

namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// I-FORWARD-TSN (RFC 8260 §2.3): FORWARD TSN for associations that use I-DATA. Each entry names a
/// stream, whether the skipped message was unordered, and its Message Identifier.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 194  |  Flags = 0x00 |      Length = Variable        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                       New Cumulative TSN                      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |       Stream Identifier       |          Reserved           |U|
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                       Message Identifier                      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// /                              ...                              /
/// </code>
/// </summary>
public readonly ref struct InterleavedForwardTsnChunk : ISctpWritable
{
    /// <summary>Bytes before the entries (chunk header included).</summary>
    public const int FixedSize = 8;
    /// <summary>Bytes per entry.</summary>
    public const int EntrySize = 8;

    private readonly ReadOnlySpan<byte> _raw;
    private readonly ReadOnlySpan<InterleavedForwardTsnStream> _entries;
    private readonly bool _isRaw;

    /// <summary>Creates the chunk to write.</summary>
    public InterleavedForwardTsnChunk(uint newCumulativeTsn, ReadOnlySpan<InterleavedForwardTsnStream> streams)
    {
        NewCumulativeTsn = newCumulativeTsn;
        _entries = streams;
        StreamCount = streams.Length;
    }

    private InterleavedForwardTsnChunk(uint newCumulativeTsn, ReadOnlySpan<byte> raw)
    {
        NewCumulativeTsn = newCumulativeTsn;
        _raw = raw;
        _isRaw = true;
        StreamCount = raw.Length / EntrySize;
    }

    /// <summary>The receiver treats every TSN up to this one as received.</summary>
    public uint NewCumulativeTsn { get; }
    /// <summary>Number of entries.</summary>
    public int StreamCount { get; }

    /// <summary>The entry at <paramref name="index"/>.</summary>
    public InterleavedForwardTsnStream GetStream(int index)
    {
        if (!_isRaw)
        {
            return _entries[index];
        }
        var entry = _raw[(index * EntrySize)..];
        return new InterleavedForwardTsnStream(
            BinaryPrimitives.ReadUInt16BigEndian(entry),
            (BinaryPrimitives.ReadUInt16BigEndian(entry[2..]) & 1) != 0,
            BinaryPrimitives.ReadUInt32BigEndian(entry[4..]));
    }

    /// <summary>Bytes <see cref="Write"/> produces.</summary>
    public int GetLength() => FixedSize + EntrySize * StreamCount;

    /// <summary>Reads the chunk at the start of <paramref name="source"/>; the entries must fill it exactly.</summary>
    public static SctpCodecStatus TryRead(ReadOnlySpan<byte> source, out InterleavedForwardTsnChunk chunk)
    {
        chunk = default;
        var status = ChunkCodec.Read(source, SctpChunkType.IForwardTsn, FixedSize, out _, out var value);
        if (status != SctpCodecStatus.Ok)
        {
            return status;
        }
        if ((value.Length - 4) % EntrySize != 0)
        {
            return SctpCodecStatus.InvalidLength;
        }
        chunk = new InterleavedForwardTsnChunk(BinaryPrimitives.ReadUInt32BigEndian(value), value[4..]);
        return SctpCodecStatus.Ok;
    }

    /// <summary>Writes the chunk; returns <see cref="GetLength"/>.</summary>
    public int Write(Span<byte> destination)
    {
        var length = GetLength();
        ChunkCodec.WriteHeader(destination, SctpChunkType.IForwardTsn, 0, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], NewCumulativeTsn);
        for (var i = 0; i < StreamCount; i++)
        {
            var entry = GetStream(i);
            var at = destination[(FixedSize + i * EntrySize)..];
            BinaryPrimitives.WriteUInt16BigEndian(at, entry.StreamId);
            BinaryPrimitives.WriteUInt16BigEndian(at[2..], entry.Unordered ? (ushort)1 : (ushort)0);
            BinaryPrimitives.WriteUInt32BigEndian(at[4..], entry.MessageId);
        }
        return length;
    }
}

/// <summary>An I-FORWARD-TSN entry: skip the message <paramref name="MessageId"/> (and, when ordered, those before it) of a stream.</summary>
public readonly record struct InterleavedForwardTsnStream(ushort StreamId, bool Unordered, uint MessageId);
