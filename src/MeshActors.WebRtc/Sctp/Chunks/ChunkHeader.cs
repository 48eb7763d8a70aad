using System.Buffers.Binary;

namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// The header every chunk starts with (RFC 9260 §3.2).
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Chunk Type  | Chunk  Flags  |        Chunk Length           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                          Chunk Value                          /
/// </code>
/// The Chunk Length counts the header and the value but not the zero padding that brings every chunk
/// to a multiple of 4 bytes. A length below 4 is malformed (a zero-length chunk would loop forever).
/// </summary>
public readonly struct ChunkHeader : ISctpWritable
{
    /// <summary>Size of the chunk header in bytes.</summary>
    public const int Size = 4;

    /// <summary>Creates a header.</summary>
    public ChunkHeader(byte type, byte flags, ushort length)
    {
        Type = type;
        Flags = flags;
        Length = length;
    }

    /// <summary>The raw chunk type (may be a type this stack does not know).</summary>
    public byte Type { get; }

    /// <summary>The chunk flags.</summary>
    public byte Flags { get; }

    /// <summary>The Chunk Length field: header plus value, without padding.</summary>
    public ushort Length { get; }

    /// <summary>The length rounded up to a multiple of 4 (RFC 9260 §3.2).</summary>
    public int PaddedLength => Padded(Length);

    /// <summary>Rounds a length up to the next multiple of 4.</summary>
    public static int Padded(int length) => (length + 3) & ~3;

    /// <summary>Always <see cref="Size"/>.</summary>
    public int GetLength() => Size;

    /// <summary>
    /// Reads a header and checks that its length is at least 4 and fits in <paramref name="source"/>.
    /// </summary>
    public static SctpCodecStatus TryRead(ReadOnlySpan<byte> source, out ChunkHeader header)
    {
        if (source.Length < Size)
        {
            header = default;
            return SctpCodecStatus.Truncated;
        }
        header = new ChunkHeader(source[0], source[1], BinaryPrimitives.ReadUInt16BigEndian(source[2..]));
        if (header.Length < Size)
        {
            return SctpCodecStatus.InvalidLength;
        }
        return header.Length > source.Length ? SctpCodecStatus.Truncated : SctpCodecStatus.Ok;
    }

    /// <summary>Writes the 4 bytes; returns <see cref="Size"/>.</summary>
    public int Write(Span<byte> destination)
    {
        destination[0] = Type;
        destination[1] = Flags;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Length);
        return Size;
    }
}
