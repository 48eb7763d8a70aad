namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// COOKIE ECHO (RFC 9260 §3.3.11): returns the State Cookie from the INIT ACK, unchanged. May be
/// followed by DATA in the same packet, but must be the first chunk.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 10   |Chunk  Flags   |         Length                |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// /                            Cookie                             /
/// </code>
/// </summary>
public readonly ref struct CookieEchoChunk : ISctpWritable
{
    /// <summary>Creates the chunk.</summary>
    public CookieEchoChunk(ReadOnlySpan<byte> cookie) => Cookie = cookie;

    /// <summary>The opaque cookie.</summary>
    public ReadOnlySpan<byte> Cookie { get; }

    /// <summary>Bytes <see cref="Write"/> produces, padding included.</summary>
    public int GetLength() => ChunkHeader.Padded(ChunkHeader.Size + Cookie.Length);

    /// <summary>Reads the chunk at the start of <paramref name="source"/>.</summary>
    public static SctpCodecStatus TryRead(ReadOnlySpan<byte> source, out CookieEchoChunk chunk)
    {
        var status = ChunkCodec.Read(source, SctpChunkType.CookieEcho, ChunkHeader.Size, out _, out var value);
        chunk = status == SctpCodecStatus.Ok ? new CookieEchoChunk(value) : default;
        return status;
    }

    /// <summary>Writes the chunk and its padding; returns <see cref="GetLength"/>.</summary>
    public int Write(Span<byte> destination)
    {
        var length = ChunkHeader.Size + Cookie.Length;
        ChunkCodec.WriteHeader(destination, SctpChunkType.CookieEcho, 0, length);
        Cookie.CopyTo(destination[ChunkHeader.Size..]);
        return ChunkCodec.Pad(destination, length);
    }
}
