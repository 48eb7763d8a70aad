namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// HEARTBEAT (RFC 9260 §3.3.5): probes the path (here: keeps an idle association alive and measures RTT). Carries one Heartbeat Info parameter that the peer echoes.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type =  4   | Chunk  Flags  |      Heartbeat Length         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \            Heartbeat Information TLV (Variable-Length)        /
/// </code>
/// </summary>
public readonly ref struct HeartbeatChunk : ISctpWritable
{
    /// <summary>Creates the chunk around the value of its Heartbeat Info parameter.</summary>
    public HeartbeatChunk(ReadOnlySpan<byte> info) => Info = info;

    /// <summary>The value of the Heartbeat Info parameter.</summary>
    public ReadOnlySpan<byte> Info { get; }

    /// <summary>Bytes <see cref="Write"/> produces, padding included.</summary>
    public int GetLength() => ChunkHeader.Size + new HeartbeatInfoParameter(Info).GetLength();

    /// <summary>Reads the chunk at the start of <paramref name="source"/>; it must hold a Heartbeat Info parameter.</summary>
    public static SctpCodecStatus TryRead(ReadOnlySpan<byte> source, out HeartbeatChunk chunk)
    {
        chunk = default;
        var status = ChunkCodec.Read(source, SctpChunkType.Heartbeat, ChunkHeader.Size + ParameterCodec.HeaderSize, out _, out var value);
        if (status != SctpCodecStatus.Ok)
        {
            return status;
        }
        status = HeartbeatInfoParameter.TryRead(value, out var info);
        if (status != SctpCodecStatus.Ok)
        {
            return status == SctpCodecStatus.WrongType ? SctpCodecStatus.InvalidValue : SctpCodecStatus.InvalidLength;
        }
        chunk = new HeartbeatChunk(info.Info);
        return SctpCodecStatus.Ok;
    }

    /// <summary>Writes the chunk and its padding; returns <see cref="GetLength"/>.</summary>
    public int Write(Span<byte> destination)
    {
        var length = ChunkHeader.Size + ParameterCodec.HeaderSize + Info.Length;
        ChunkCodec.WriteHeader(destination, SctpChunkType.Heartbeat, 0, length);
        return ChunkHeader.Size + new HeartbeatInfoParameter(Info).Write(destination[ChunkHeader.Size..]);
    }
}
