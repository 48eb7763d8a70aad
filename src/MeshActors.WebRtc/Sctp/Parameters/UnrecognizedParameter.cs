namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// Unrecognized Parameter (RFC 9260 §3.3.3.1): in an INIT ACK, returns an INIT parameter whose type asked to be reported (type bits x1).
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |          Type = 8             |          Length               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                            UnrecognizedItem                                 /
/// </code>
/// </summary>
public readonly ref struct UnrecognizedParameter : ISctpWritable
{
    /// <summary>Creates the parameter.</summary>
    public UnrecognizedParameter(ReadOnlySpan<byte> value) => UnrecognizedItem = value;

    /// <summary>The unrecognized parameter, header included.</summary>
    public ReadOnlySpan<byte> UnrecognizedItem { get; }

    /// <summary>Bytes <see cref="Write"/> produces, padding included.</summary>
    public int GetLength() => ChunkHeader.Padded(ParameterCodec.HeaderSize + UnrecognizedItem.Length);

    /// <summary>Reads the parameter at the start of <paramref name="source"/>.</summary>
    public static SctpCodecStatus TryRead(ReadOnlySpan<byte> source, out UnrecognizedParameter parameter)
    {
        var status = ParameterCodec.Read(source, (ushort)SctpParameterType.UnrecognizedParameter, ParameterCodec.HeaderSize, out var value);
        parameter = status == SctpCodecStatus.Ok ? new UnrecognizedParameter(value) : default;
        return status;
    }

    /// <summary>Writes the parameter and its padding; returns <see cref="GetLength"/>.</summary>
    public int Write(Span<byte> destination) => ParameterCodec.Write(destination, (ushort)SctpParameterType.UnrecognizedParameter, UnrecognizedItem);
}
