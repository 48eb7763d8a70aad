namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// State Cookie (RFC 9260 §3.3.3.1): everything the INIT ACK sender needs to create the association, kept by the peer and echoed in COOKIE ECHO so that the INIT ACK sender stays stateless until then. Its content is private to its creator (see <c>StateCookie</c>) and protected by an HMAC.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |          Type = 7             |          Length               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                            Cookie                                 /
/// </code>
/// </summary>
public readonly ref struct StateCookieParameter : ISctpWritable
{
    /// <summary>Creates the parameter.</summary>
    public StateCookieParameter(ReadOnlySpan<byte> value) => Cookie = value;

    /// <summary>The opaque cookie.</summary>
    public ReadOnlySpan<byte> Cookie { get; }

    /// <summary>Bytes <see cref="Write"/> produces, padding included.</summary>
    public int GetLength() => ChunkHeader.Padded(ParameterCodec.HeaderSize + Cookie.Length);

    /// <summary>Reads the parameter at the start of <paramref name="source"/>.</summary>
    public static SctpCodecStatus TryRead(ReadOnlySpan<byte> source, out StateCookieParameter parameter)
    {
        var status = ParameterCodec.Read(source, (ushort)SctpParameterType.StateCookie, ParameterCodec.HeaderSize, out var value);
        parameter = status == SctpCodecStatus.Ok ? new StateCookieParameter(value) : default;
        return status;
    }

    /// <summary>Writes the parameter and its padding; returns <see cref="GetLength"/>.</summary>
    public int Write(Span<byte> destination) => ParameterCodec.Write(destination, (ushort)SctpParameterType.StateCookie, Cookie);
}
