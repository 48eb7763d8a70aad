using System.Globalization;

namespace MeshActors.WebRtc.Sdp;

/// <summary>
/// One media section: the <c>m=</c> line and everything up to the next one (RFC 8866 §5.14). The
/// attributes WebRTC data channels need are typed properties; every other attribute and line is kept
/// in <see cref="Attributes"/> and <see cref="OtherLines"/> so that a parsed description writes back
/// with the same meaning. Values set here are checked so that whatever is built can be written and
/// parsed back: text cannot contain CR, LF or NUL; tokens cannot contain whitespace.
/// </summary>
public sealed record MediaDescription
{
    /// <summary>The media type of data channels: <c>m=application</c> (RFC 8841 §4).</summary>
    public const string ApplicationMedia = "application";

    /// <summary>The protocol of data channels over DTLS over ICE/UDP (RFC 8841 §4).</summary>
    public const string UdpDtlsSctpProtocol = "UDP/DTLS/SCTP";

    /// <summary>The protocol of data channels over DTLS over ICE-TCP (RFC 8841 §4).</summary>
    public const string TcpDtlsSctpProtocol = "TCP/DTLS/SCTP";

    /// <summary>The pre-RFC 8841 protocol (draft-ietf-mmusic-sctp-sdp-05, Firefox before 63): <c>m=application 9 DTLS/SCTP 5000</c>.</summary>
    public const string LegacyDtlsSctpProtocol = "DTLS/SCTP";

    /// <summary>The format of data channels (RFC 8841 §4.1, RFC 8832 §8.1): "webrtc-datachannel".</summary>
    public const string WebRtcDataChannelFormat = "webrtc-datachannel";

    /// <summary>SCTP port when <c>a=sctp-port</c> is absent (RFC 8841 §5).</summary>
    public const int DefaultSctpPort = 5000;

    /// <summary>Largest message the peer accepts when <c>a=max-message-size</c> is absent: 64 KiB (RFC 8841 §6.1).</summary>
    public const long DefaultMaxMessageSize = 65536;

    /// <summary>Attribute names with their own property; they never appear in <see cref="Attributes"/>.</summary>
    internal static readonly HashSet<string> TypedAttributeNames = new(StringComparer.Ordinal)
    {
        "mid", "ice-ufrag", "ice-pwd", "ice-options", "fingerprint", "setup", "sctp-port", "max-message-size",
        "candidate", "end-of-candidates",
    };

    private readonly string _media = ApplicationMedia;
    private readonly int _port;
    private readonly int? _portCount;
    private readonly string _protocol = UdpDtlsSctpProtocol;
    private readonly IReadOnlyList<string> _formats = SdpModel.NoStrings;
    private readonly string? _connection;
    private readonly string? _mid;
    private readonly string? _iceUfrag;
    private readonly string? _icePwd;
    private readonly IReadOnlyList<string> _iceOptions = SdpModel.NoStrings;
    private readonly IReadOnlyList<SdpFingerprint> _fingerprints = [];
    private readonly int? _sctpPort;
    private readonly long? _maxMessageSize;
    private readonly IReadOnlyList<string> _candidates = SdpModel.NoStrings;
    private readonly IReadOnlyList<SdpAttribute> _attributes = [];
    private readonly IReadOnlyList<SdpLine> _otherLines = [];

    /// <summary>The media type: "application", "audio", "video", ….</summary>
    public string Media { get => _media; init => _media = SdpText.RequireToken(value, nameof(Media)); }

    /// <summary>The port of the <c>m=</c> line, 0 to 65535. 0 means rejected (RFC 8829 §5.3.1); with ICE the value is a placeholder (9).</summary>
    public int Port
    {
        get => _port;
        init => _port = value is >= 0 and <= 65535 ? value : throw new ArgumentOutOfRangeException(nameof(Port), value, "A port is 0 to 65535.");
    }

    /// <summary>The optional "/&lt;number of ports&gt;" of the <c>m=</c> line; null when absent.</summary>
    public int? PortCount
    {
        get => _portCount;
        init => _portCount = value is null or (>= 1 and <= 65535) ? value : throw new ArgumentOutOfRangeException(nameof(PortCount), value, "A port count is 1 to 65535.");
    }

    /// <summary>The transport protocol, e.g. "UDP/DTLS/SCTP" or "UDP/TLS/RTP/SAVPF".</summary>
    public string Protocol { get => _protocol; init => _protocol = SdpText.RequireToken(value, nameof(Protocol)); }

    /// <summary>The formats of the <c>m=</c> line: "webrtc-datachannel", RTP payload types, or the legacy SCTP port.</summary>
    public IReadOnlyList<string> Formats { get => _formats; init => _formats = SdpModel.Tokens(value, nameof(Formats)); }

    /// <summary>The value of this section's first <c>c=</c> line, e.g. "IN IP4 0.0.0.0"; null when absent.</summary>
    public string? Connection { get => _connection; init => _connection = value is null ? null : SdpText.RequireLineText(value, nameof(Connection)); }

    /// <summary><c>a=mid</c>: the identification tag (RFC 5888 §4, RFC 8829 §5.2.1); null when absent.</summary>
    public string? Mid { get => _mid; init => _mid = SdpText.RequireTokenOrNull(value, nameof(Mid)); }

    /// <summary><c>a=ice-ufrag</c> at media level (RFC 8839 §5.4); null when absent (see <see cref="SessionDescription.GetIceUfrag"/>).</summary>
    public string? IceUfrag { get => _iceUfrag; init => _iceUfrag = value is null ? null : SdpText.RequireIceChars(value, nameof(IceUfrag)); }

    /// <summary><c>a=ice-pwd</c> at media level (RFC 8839 §5.4); null when absent (see <see cref="SessionDescription.GetIcePwd"/>).</summary>
    public string? IcePwd { get => _icePwd; init => _icePwd = value is null ? null : SdpText.RequireIceChars(value, nameof(IcePwd)); }

    /// <summary><c>a=ice-options</c> tokens at media level (RFC 8839 §5.6), e.g. "trickle"; empty when absent.</summary>
    public IReadOnlyList<string> IceOptions { get => _iceOptions; init => _iceOptions = SdpModel.Tokens(value, nameof(IceOptions)); }

    /// <summary><c>a=fingerprint</c> lines at media level (RFC 8122 §5), in order; empty when absent.</summary>
    public IReadOnlyList<SdpFingerprint> Fingerprints { get => _fingerprints; init => _fingerprints = SdpModel.Items(value, nameof(Fingerprints)); }

    /// <summary><c>a=setup</c> at media level (RFC 4145 §4); null when absent.</summary>
    public SdpSetup? Setup { get; init; }

    /// <summary><c>a=sctp-port</c> (RFC 8841 §5) as written; null when absent (see <see cref="EffectiveSctpPort"/>).</summary>
    public int? SctpPort
    {
        get => _sctpPort;
        init => _sctpPort = value is null or (>= 0 and <= 65535) ? value : throw new ArgumentOutOfRangeException(nameof(SctpPort), value, "An SCTP port is 0 to 65535.");
    }

    /// <summary>
    /// <c>a=max-message-size</c> (RFC 8841 §6.1) as written, in bytes; 0 means no limit; null when absent
    /// (see <see cref="EffectiveMaxMessageSize"/>).
    /// </summary>
    public long? MaxMessageSize
    {
        get => _maxMessageSize;
        init => _maxMessageSize = value is null or >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(MaxMessageSize), value, "A message size is not negative.");
    }

    /// <summary>
    /// The <c>a=candidate:</c> values, each the raw text after "a=candidate:" (RFC 8839 §5.1), e.g.
    /// "49303126 1 udp 2113937151 host.local 55825 typ host generation 0". The W3C
    /// <c>RTCIceCandidate.candidate</c> string is "candidate:" followed by this value. The ICE layer parses them.
    /// </summary>
    public IReadOnlyList<string> Candidates { get => _candidates; init => _candidates = SdpModel.LineTexts(value, nameof(Candidates)); }

    /// <summary><c>a=end-of-candidates</c> (RFC 8840): no more candidates follow for this section.</summary>
    public bool EndOfCandidates { get; init; }

    /// <summary>Every other attribute of this section in order (rtpmap, sctpmap, sendrecv, …).</summary>
    public IReadOnlyList<SdpAttribute> Attributes
    {
        get => _attributes;
        init => _attributes = SdpModel.Attributes(value, TypedAttributeNames, nameof(Attributes));
    }

    /// <summary>Other lines (<c>i=</c>, extra <c>c=</c>, <c>b=</c>, <c>k=</c>, unknown letters), in the order they are written.</summary>
    public IReadOnlyList<SdpLine> OtherLines { get => _otherLines; init => _otherLines = SdpModel.Lines(value, OtherLineRank, nameof(OtherLines)); }

    /// <summary>Whether the section is rejected or disabled: port 0 (RFC 8829 §5.3.1, RFC 3264 §6).</summary>
    public bool IsRejected => Port == 0;

    /// <summary>
    /// Whether this is a data-channel section: <c>m=application</c> with UDP/DTLS/SCTP or TCP/DTLS/SCTP and the
    /// "webrtc-datachannel" format (RFC 8841), or the legacy DTLS/SCTP form.
    /// </summary>
    public bool IsDataChannel =>
        string.Equals(Media, ApplicationMedia, StringComparison.OrdinalIgnoreCase)
        && (IsLegacyDataChannel
            || ((string.Equals(Protocol, UdpDtlsSctpProtocol, StringComparison.OrdinalIgnoreCase)
                 || string.Equals(Protocol, TcpDtlsSctpProtocol, StringComparison.OrdinalIgnoreCase))
                && Formats.Contains(WebRtcDataChannelFormat, StringComparer.OrdinalIgnoreCase)));

    /// <summary>
    /// Whether this is the legacy form <c>m=application 9 DTLS/SCTP 5000</c> with
    /// <c>a=sctpmap:5000 webrtc-datachannel 256</c> (draft-ietf-mmusic-sctp-sdp-05): the format is the SCTP port.
    /// </summary>
    public bool IsLegacyDataChannel =>
        string.Equals(Media, ApplicationMedia, StringComparison.OrdinalIgnoreCase)
        && string.Equals(Protocol, LegacyDtlsSctpProtocol, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The SCTP port to use: <c>a=sctp-port</c>; else, in the legacy form, the port of <c>a=sctpmap</c> or of
    /// the format; else 5000 (RFC 8841 §5).
    /// </summary>
    public int EffectiveSctpPort
    {
        get
        {
            if (SctpPort is int port) return port;
            if (IsLegacyDataChannel)
            {
                if (TryGetSctpMap(out int mapPort, out _)) return mapPort;
                foreach (string format in Formats)
                {
                    if (TryParsePort(format, out int formatPort)) return formatPort;
                }
            }
            return DefaultSctpPort;
        }
    }

    /// <summary>
    /// The largest message the sender of this description accepts, in bytes: <c>a=max-message-size</c>, or
    /// 65536 when absent (RFC 8841 §6.1). 0 means no limit. The send limit is the smaller of both sides'.
    /// </summary>
    public long EffectiveMaxMessageSize => MaxMessageSize ?? DefaultMaxMessageSize;

    /// <summary>
    /// Reads the legacy <c>a=sctpmap:&lt;port&gt; webrtc-datachannel [&lt;streams&gt;]</c> attribute; <c>false</c>
    /// when there is none or it is malformed. <paramref name="streams"/> is 0 when not given.
    /// </summary>
    public bool TryGetSctpMap(out int port, out int streams)
    {
        port = 0;
        streams = 0;
        foreach (SdpAttribute attribute in Attributes)
        {
            if (attribute.Name != "sctpmap" || attribute.Value is null) continue;
            string[] parts = attribute.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || !TryParsePort(parts[0], out port)) continue;
            if (!string.Equals(parts[1], WebRtcDataChannelFormat, StringComparison.OrdinalIgnoreCase)) continue;
            if (parts.Length > 2 && !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out streams)) streams = 0;
            return true;
        }
        port = 0;
        return false;
    }

    /// <inheritdoc/>
    public bool Equals(MediaDescription? other) =>
        other is not null
        && Media == other.Media && Port == other.Port && PortCount == other.PortCount && Protocol == other.Protocol
        && SdpModel.SequenceEqual(Formats, other.Formats) && Connection == other.Connection && Mid == other.Mid
        && IceUfrag == other.IceUfrag && IcePwd == other.IcePwd && SdpModel.SequenceEqual(IceOptions, other.IceOptions)
        && SdpModel.SequenceEqual(Fingerprints, other.Fingerprints) && Setup == other.Setup
        && SctpPort == other.SctpPort && MaxMessageSize == other.MaxMessageSize
        && SdpModel.SequenceEqual(Candidates, other.Candidates) && EndOfCandidates == other.EndOfCandidates
        && SdpModel.SequenceEqual(Attributes, other.Attributes) && SdpModel.SequenceEqual(OtherLines, other.OtherLines);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Media, Port, Protocol, Mid, IceUfrag, Candidates.Count, Attributes.Count);

    /// <summary>This section as SDP lines (CRLF-terminated).</summary>
    public override string ToString()
    {
        var builder = new System.Text.StringBuilder();
        SdpWriter.WriteMedia(builder, this);
        return builder.ToString();
    }

    internal static bool TryParsePort(ReadOnlySpan<char> text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port <= 65535;

    /// <summary>Where the writer puts a media-level line of each type: i= after m=; then c=; b=; k=; others (RFC 8866 §5 order).</summary>
    internal static int OtherLineRank(char type) => type switch
    {
        'i' => 0,
        'c' => 1,
        'b' => 2,
        'k' => 3,
        _ => 4,
    };
}
