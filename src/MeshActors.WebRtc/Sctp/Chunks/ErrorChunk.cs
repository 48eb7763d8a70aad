namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// ERROR (RFC 9260 §3.3.10): reports conditions that do not close the association (an unrecognized
/// chunk type, an invalid stream, a stale cookie, ...). Carries one or more error causes.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 9    | Chunk  Flags  |           Length              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                    one or more Error Causes                   /
/// </code>
/// </summary>
public readonly ref struct ErrorChunk : ISctpWritable
{
    /// <summary>Creates the chunk; <paramref name="causes"/> are encoded error causes (each padded).</summary>
    public ErrorChunk(ReadOnlySpan<byte> causes) => Causes = causes;

    /// <summary>The encoded error causes.</summary>
    public ReadOnlySpan<byte> Causes { get; }

    /// <summary>Bytes <see cref="Write"/> produces, padding included.</summary>
    public int GetLength() => ChunkHeader.Padded(ChunkHeader.Size + Causes.Length);

    /// <summary>Reads the chunk at the start of <paramref name="source"/>.</summary>
    public static SctpCodecStatus TryRead(ReadOnlySpan<byte> source, out ErrorChunk chunk)
    {
        var status = ChunkCodec.Read(source, SctpChunkType.Error, ChunkHeader.Size, out _, out var value);
        chunk = status == SctpCodecStatus.Ok ? new ErrorChunk(value) : default;
        return status;
    }

    /// <summary>Writes the chunk and its padding; returns <see cref="GetLength"/>.</summary>
    public int Write(Span<byte> destination)
    {
        var length = ChunkHeader.Size + Causes.Length;
        ChunkCodec.WriteHeader(destination, SctpChunkType.Error, 0, length);
        Causes.CopyTo(destination[ChunkHeader.Size..]);
        return ChunkCodec.Pad(destination, length);
    }
}
