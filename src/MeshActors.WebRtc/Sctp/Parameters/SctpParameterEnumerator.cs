using System.Buffers.Binary;

namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// Walks a sequence of type-length-value items: the parameters of INIT, INIT ACK and RE-CONFIG, or the
/// error causes of ABORT and ERROR (same layout, RFC 9260 §3.2.1, §3.3.10). Stops with
/// <see cref="Status"/> set on an item whose length is below 4 or runs past the end.
/// </summary>
public ref struct SctpParameterEnumerator
{
    private ReadOnlySpan<byte> _rest;

    /// <summary>Starts at the first item of <paramref name="items"/>.</summary>
    public SctpParameterEnumerator(ReadOnlySpan<byte> items)
    {
        _rest = items;
        Status = SctpCodecStatus.Ok;
    }

    /// <summary><see cref="SctpCodecStatus.Ok"/> unless a malformed item ended the walk.</summary>
    public SctpCodecStatus Status { get; private set; }

    /// <summary>
    /// Moves to the next item: <paramref name="type"/> is its type (or cause code) and
    /// <paramref name="item"/> spans its header and value, without padding.
    /// </summary>
    public bool MoveNext(out ushort type, out ReadOnlySpan<byte> item)
    {
        type = 0;
        item = default;
        if (_rest.IsEmpty || Status != SctpCodecStatus.Ok)
        {
            return false;
        }
        if (_rest.Length < ParameterCodec.HeaderSize)
        {
            Status = SctpCodecStatus.Truncated;
            return false;
        }
        int length = BinaryPrimitives.ReadUInt16BigEndian(_rest[2..]);
        if (length < ParameterCodec.HeaderSize || length > _rest.Length)
        {
            Status = SctpCodecStatus.InvalidLength;
            return false;
        }
        type = BinaryPrimitives.ReadUInt16BigEndian(_rest);
        item = _rest[..length];
        var padded = ChunkHeader.Padded(length);
        _rest = padded >= _rest.Length ? default : _rest[padded..];
        return true;
    }
}
