namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// Walks the chunks that follow the common header of a packet (RFC 9260 §3.2). Stops with
/// <see cref="Status"/> set when a chunk is malformed: a length below 4 (zero-length chunks) or past
/// the end of the packet. The padding of the last chunk may be missing; it is not required to be there.
/// </summary>
public ref struct SctpChunkEnumerator
{
    private ReadOnlySpan<byte> _rest;

    /// <summary>Starts at the first chunk of <paramref name="chunks"/> (the packet after its common header).</summary>
    public SctpChunkEnumerator(ReadOnlySpan<byte> chunks)
    {
        _rest = chunks;
        Status = SctpCodecStatus.Ok;
    }

    /// <summary><see cref="SctpCodecStatus.Ok"/> unless a malformed chunk ended the walk.</summary>
    public SctpCodecStatus Status { get; private set; }

    /// <summary>
    /// Moves to the next chunk. <paramref name="chunk"/> spans the chunk's header and value, without padding.
    /// Returns false at the end or on a malformed chunk.
    /// </summary>
    public bool MoveNext(out ChunkHeader header, out ReadOnlySpan<byte> chunk)
    {
        chunk = default;
        header = default;
        if (_rest.IsEmpty || Status != SctpCodecStatus.Ok)
        {
            return false;
        }
        var status = ChunkHeader.TryRead(_rest, out header);
        if (status != SctpCodecStatus.Ok)
        {
            Status = status == SctpCodecStatus.Truncated && _rest.Length < ChunkHeader.Size ? SctpCodecStatus.Truncated : SctpCodecStatus.InvalidLength;
            _rest = default;
            return false;
        }
        chunk = _rest[..header.Length];
        var padded = header.PaddedLength;
        _rest = padded >= _rest.Length ? default : _rest[padded..];
        return true;
    }
}
