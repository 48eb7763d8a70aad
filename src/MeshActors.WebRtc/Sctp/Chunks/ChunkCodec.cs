using System.Buffers.Binary;

namespace MeshActors.WebRtc.Sctp;

/// <summary>Checks and writes shared by every chunk codec.</summary>
internal static class ChunkCodec
{
    /// <summary>
    /// Reads the header of a chunk of <paramref name="type"/> at the start of <paramref name="source"/>
    /// (which may continue past the chunk) and returns its value bytes (without padding).
    /// </summary>
    public static SctpCodecStatus Read(ReadOnlySpan<byte> source, SctpChunkType type, int minLength, out byte flags, out ReadOnlySpan<byte> value)
    {
        flags = 0;
        value = default;
        if (source.Length < ChunkHeader.Size)
        {
            return SctpCodecStatus.Truncated;
        }
        if (source[0] != (byte)type)
        {
            return SctpCodecStatus.WrongType;
        }
        int length = BinaryPrimitives.ReadUInt16BigEndian(source[2..]);
        if (length < minLength)
        {
            return length < ChunkHeader.Size || source.Length >= minLength ? SctpCodecStatus.InvalidLength : SctpCodecStatus.Truncated;
        }
        if (length > source.Length)
        {
            return SctpCodecStatus.Truncated;
        }
        flags = source[1];
        value = source[ChunkHeader.Size..length];
        return SctpCodecStatus.Ok;
    }

    /// <summary>Like <see cref="Read"/> for a chunk whose length is fixed by the RFC.</summary>
    public static SctpCodecStatus ReadFixed(ReadOnlySpan<byte> source, SctpChunkType type, int length, out byte flags, out ReadOnlySpan<byte> value)
    {
        var status = Read(source, type, length, out flags, out value);
        if (status == SctpCodecStatus.Ok && value.Length != length - ChunkHeader.Size)
        {
            return SctpCodecStatus.InvalidLength;
        }
        return status;
    }

    /// <summary>Writes a chunk header for a chunk of <paramref name="length"/> bytes (unpadded).</summary>
    public static void WriteHeader(Span<byte> destination, SctpChunkType type, byte flags, int length)
    {
        destination[0] = (byte)type;
        destination[1] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], checked((ushort)length));
    }

    /// <summary>Zeroes the padding after a chunk of <paramref name="length"/> bytes; returns the padded length.</summary>
    public static int Pad(Span<byte> destination, int length)
    {
        var padded = ChunkHeader.Padded(length);
        destination[length..padded].Clear();
        return padded;
    }
}
