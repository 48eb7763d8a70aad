namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// SHUTDOWN ACK (RFC 9260 §3.3.9): acknowledges a SHUTDOWN once all outstanding data of the sender has been acknowledged.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 8    |Chunk  Flags   |          Length = 4           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly struct ShutdownAckChunk : ISctpWritable
{
    /// <summary>Size of the chunk (fixed).</summary>
    public const int Size = 4;

    /// <summary>Always <see cref="Size"/>.</summary>
    public int GetLength() => Size;

    /// <summary>Reads the chunk at the start of <paramref name="source"/>; its length must be exactly 4.</summary>
    public static SctpCodecStatus TryRead(ReadOnlySpan<byte> source, out ShutdownAckChunk chunk)
    {
        chunk = default;
        return ChunkCodec.ReadFixed(source, SctpChunkType.ShutdownAck, Size, out _, out _);
    }

    /// <summary>Writes the chunk; returns <see cref="Size"/>.</summary>
    public int Write(Span<byte> destination)
    {
        ChunkCodec.WriteHeader(destination, SctpChunkType.ShutdownAck, 0, Size);
        return Size;
    }
}
