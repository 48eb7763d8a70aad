namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// Forward-TSN-Supported (RFC 3758 §3.1): the sender implements partial reliability (PR-SCTP).
/// Its type 0xC000 means "skip and report" to receivers that do not know it.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |    Parameter Type = 49152     |  Parameter Length = 4         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly struct ForwardTsnSupportedParameter : ISctpWritable
{
    /// <summary>Size of the parameter (fixed).</summary>
    public const int Size = 4;

    /// <summary>Always <see cref="Size"/>.</summary>
    public int GetLength() => Size;

    /// <summary>Reads the parameter at the start of <paramref name="source"/>; its length must be 4.</summary>
    public static SctpCodecStatus TryRead(ReadOnlySpan<byte> source, out ForwardTsnSupportedParameter parameter)
    {
        parameter = default;
        var status = ParameterCodec.Read(source, (ushort)SctpParameterType.ForwardTsnSupported, Size, out var value);
        return status == SctpCodecStatus.Ok && !value.IsEmpty ? SctpCodecStatus.InvalidLength : status;
    }

    /// <summary>Writes the parameter; returns <see cref="Size"/>.</summary>
    public int Write(Span<byte> destination) => ParameterCodec.Write(destination, (ushort)SctpParameterType.ForwardTsnSupported, default);
}
