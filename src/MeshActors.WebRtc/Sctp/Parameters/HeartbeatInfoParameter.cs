namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// Heartbeat Info (RFC 9260 §3.3.5): sender-specific information carried by a HEARTBEAT and echoed unchanged by the HEARTBEAT ACK.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |          Type = 1             |          Length               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                            Info                                 /
/// </code>
/// </summary>
public readonly ref struct HeartbeatInfoParameter : ISctpWritable
{
    /// <summary>Creates the parameter.</summary>
    public HeartbeatInfoParameter(ReadOnlySpan<byte> value) => Info = value;

    /// <summary>The opaque heartbeat information.</summary>
    public ReadOnlySpan<byte> Info { get; }

    /// <summary>Bytes <see cref="Write"/> produces, padding included.</summary>
    public int GetLength() => ChunkHeader.Padded(ParameterCodec.HeaderSize + Info.Length);

    /// <summary>Reads the parameter at the start of <paramref name="source"/>.</summary>
    public static SctpCodecStatus TryRead(ReadOnlySpan<byte> source, out HeartbeatInfoParameter parameter)
    {
        var status = ParameterCodec.Read(source, (ushort)SctpParameterType.HeartbeatInfo, ParameterCodec.HeaderSize, out var value);
        parameter = status == SctpCodecStatus.Ok ? new HeartbeatInfoParameter(value) : default;
        return status;
    }

    /// <summary>Writes the parameter and its padding; returns <see cref="GetLength"/>.</summary>
    public int Write(Span<byte> destination) => ParameterCodec.Write(destination, (ushort)SctpParameterType.HeartbeatInfo, Info);
}
