using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// SACK (RFC 9260 §3.3.4): the cumulative TSN acknowledged, the receive window, the blocks received
/// beyond it and the TSNs received twice since the last SACK.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 3    |Chunk  Flags   |      Chunk Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      Cumulative TSN Ack                       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |          Advertised Receiver Window Credit (a_rwnd)           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Number of Gap Ack Blocks = N  |  Number of Duplicate TSNs = M |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |    Gap Ack Block #1 Start     |     Gap Ack Block #1 End      |
/// /                              ...                              /
/// |    Gap Ack Block #N Start     |     Gap Ack Block #N End      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                       Duplicate TSN 1                         |
/// /                              ...                              /
/// |                       Duplicate TSN M                         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Gap block bounds are offsets from the Cumulative TSN Ack. The reader insists that the length equals
/// 16 + 4N + 4M exactly, so counts that lie are rejected; whether blocks are ordered and lie within what
/// was sent is the association's check.
/// </summary>
public readonly ref struct SackChunk : ISctpWritable
{
    /// <summary>Bytes before the gap blocks (chunk header included).</summary>
    public const int FixedSize = 16;

    private readonly ReadOnlySpan<byte> _rawGaps;
    private readonly ReadOnlySpan<byte> _rawDuplicates;
    private readonly ReadOnlySpan<SackGapBlock> _gaps;
    private readonly ReadOnlySpan<uint> _duplicates;
    private readonly bool _raw;

    /// <summary>Creates a SACK to write.</summary>
    public SackChunk(uint cumulativeTsnAck, uint advertisedReceiverWindowCredit, ReadOnlySpan<SackGapBlock> gapBlocks, ReadOnlySpan<uint> duplicateTsns)
    {
        CumulativeTsnAck = cumulativeTsnAck;
        AdvertisedReceiverWindowCredit = advertisedReceiverWindowCredit;
        _gaps = gapBlocks;
        _duplicates = duplicateTsns;
        GapBlockCount = gapBlocks.Length;
        DuplicateCount = duplicateTsns.Length;
    }

    private SackChunk(uint cumulativeTsnAck, uint aRwnd, ReadOnlySpan<byte> rawGaps, ReadOnlySpan<byte> rawDuplicates)
    {
        CumulativeTsnAck = cumulativeTsnAck;
        AdvertisedReceiverWindowCredit = aRwnd;
        _rawGaps = rawGaps;
        _rawDuplicates = rawDuplicates;
        _raw = true;
        GapBlockCount = rawGaps.Length / 4;
        DuplicateCount = rawDuplicates.Length / 4;
    }

    /// <summary>Every TSN up to and including this one was received.</summary>
    public uint CumulativeTsnAck { get; }
    /// <summary>The receiver's free buffer in bytes.</summary>
    public uint AdvertisedReceiverWindowCredit { get; }
    /// <summary>Number of gap ack blocks.</summary>
    public int GapBlockCount { get; }
    /// <summary>Number of duplicate TSNs.</summary>
    public int DuplicateCount { get; }

    /// <summary>The gap ack block at <paramref name="index"/>.</summary>
    public SackGapBlock GetGapBlock(int index) => _raw
        ? new SackGapBlock(BinaryPrimitives.ReadUInt16BigEndian(_rawGaps[(index * 4)..]), BinaryPrimitives.ReadUInt16BigEndian(_rawGaps[(index * 4 + 2)..]))
        : _gaps[index];

    /// <summary>The duplicate TSN at <paramref name="index"/>.</summary>
    public uint GetDuplicate(int index) => _raw ? BinaryPrimitives.ReadUInt32BigEndian(_rawDuplicates[(index * 4)..]) : _duplicates[index];

    /// <summary>Bytes <see cref="Write"/> produces.</summary>
    public int GetLength() => FixedSize + 4 * (GapBlockCount + DuplicateCount);

    /// <summary>The most gap blocks that fit in a SACK of at most <paramref name="maxLength"/> bytes.</summary>
    public static int MaxGapBlocks(int maxLength, int duplicates) => Math.Max(0, Math.Min(ushort.MaxValue, (maxLength - FixedSize) / 4 - duplicates));

    /// <summary>Reads a SACK at the start of <paramref name="source"/>.</summary>
    public static SctpCodecStatus TryRead(ReadOnlySpan<byte> source, out SackChunk chunk)
    {
        chunk = default;
        var status = ChunkCodec.Read(source, SctpChunkType.Sack, FixedSize, out _, out var value);
        if (status != SctpCodecStatus.Ok)
        {
            return status;
        }
        int gaps = BinaryPrimitives.ReadUInt16BigEndian(value[8..]);
        int duplicates = BinaryPrimitives.ReadUInt16BigEndian(value[10..]);
        if (value.Length != 12 + 4 * (gaps + duplicates))
        {
            return SctpCodecStatus.InvalidLength;
        }
        chunk = new SackChunk(
            BinaryPrimitives.ReadUInt32BigEndian(value),
            BinaryPrimitives.ReadUInt32BigEndian(value[4..]),
            value.Slice(12, 4 * gaps),
            value.Slice(12 + 4 * gaps, 4 * duplicates));
        return SctpCodecStatus.Ok;
    }

    /// <summary>Writes the chunk; returns <see cref="GetLength"/> (always a multiple of 4).</summary>
    public int Write(Span<byte> destination)
    {
        var length = GetLength();
        ChunkCodec.WriteHeader(destination, SctpChunkType.Sack, 0, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], CumulativeTsnAck);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], AdvertisedReceiverWindowCredit);
        BinaryPrimitives.WriteUInt16BigEndian(destination[12..], checked((ushort)GapBlockCount));
        BinaryPrimitives.WriteUInt16BigEndian(destination[14..], checked((ushort)DuplicateCount));
        var offset = FixedSize;
        for (var i = 0; i < GapBlockCount; i++, offset += 4)
        {
            var block = GetGapBlock(i);
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], block.Start);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], block.End);
        }
        for (var i = 0; i < DuplicateCount; i++, offset += 4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], GetDuplicate(i));
        }
        return length;
    }
}

/// <summary>A gap ack block: TSNs Cumulative TSN Ack + Start .. Cumulative TSN Ack + End were received (RFC 9260 §3.3.4).</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct SackGapBlock(ushort Start, ushort End);
