namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// RE-CONFIG (RFC 6525 §3.1): carries one or two re-configuration parameters: requests (Outgoing SSN
/// Reset Request, ...) and responses (Re-configuration Response). WebRTC closes a data channel with it.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Type = 130    |  Chunk Flags  |      Chunk Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                  Re-configuration Parameter                   /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \             Re-configuration Parameter (optional)             /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly ref struct ReConfigChunk : ISctpWritable
{
    /// <summary>Creates the chunk; <paramref name="parameters"/> are encoded (each padded).</summary>
    public ReConfigChunk(ReadOnlySpan<byte> parameters) => Parameters = parameters;

    /// <summary>The encoded parameters (read them with <see cref="SctpParameterEnumerator"/>).</summary>
    public ReadOnlySpan<byte> Parameters { get; }

    /// <summary>Bytes <see cref="Write"/> produces, padding included.</summary>
    public int GetLength() => ChunkHeader.Padded(ChunkHeader.Size + Parameters.Length);

    /// <summary>Reads the chunk at the start of <paramref name="source"/>; it must carry at least one parameter header.</summary>
    public static SctpCodecStatus TryRead(ReadOnlySpan<byte> source, out ReConfigChunk chunk)
    {
        var status = ChunkCodec.Read(source, SctpChunkType.ReConfig, ChunkHeader.Size + ParameterCodec.HeaderSize, out _, out var value);
        chunk = status == SctpCodecStatus.Ok ? new ReConfigChunk(value) : default;
        return status;
    }

    /// <summary>Writes the chunk and its padding; returns <see cref="GetLength"/>.</summary>
    public int Write(Span<byte> destination)
    {
        var length = ChunkHeader.Size + Parameters.Length;
        ChunkCodec.WriteHeader(destination, SctpChunkType.ReConfig, 0, length);
        Parameters.CopyTo(destination[ChunkHeader.Size..]);
        return ChunkCodec.Pad(destination, length);
    }
}
