namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// COOKIE ACK (RFC 9260 §3.3.12): acknowledges a COOKIE ECHO; the association is established. May be bundled with DATA and SACK.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 11   |Chunk  Flags   |          Length = 4           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly struct CookieAckChunk : ISctpWritable
{
    /// <summary>Size of the chunk (fixed).</summary>
    public const int Size = 4;

    /// <summary>Always <see cref="Size"/>.</summary>
    public int GetLength() => Size;

    /// <summary>Reads the chunk at the start of <paramref name="source"/>; its length must be exactly 4.</summary>
    public static SctpCodecStatus TryRead(ReadOnlySpan<byte> source, out CookieAckChunk chunk)
    {
        chunk = default;
        return ChunkCodec.ReadFixed(source, SctpChunkType.CookieAck, Size, out _, out _);
    }

    /// <summary>Writes the chunk; returns <see cref="Size"/>.</summary>
    public int Write(Span<byte> destination)
    {
        ChunkCodec.WriteHeader(destination, SctpChunkType.CookieAck, 0, Size);
        return Size;
    }
}
