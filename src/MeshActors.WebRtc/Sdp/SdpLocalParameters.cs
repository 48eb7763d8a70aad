namespace MeshActors.WebRtc.Sdp;

/// <summary>
/// What the local side puts into the descriptions it creates (<see cref="DataChannelSdp.CreateOffer"/>,
/// <see cref="DataChannelSdp.CreateAnswer"/>): its ICE credentials, certificate fingerprint, SCTP
/// parameters, gathered candidates and the <c>o=</c> identity.
/// </summary>
public sealed record SdpLocalParameters
{
    /// <summary>What Chromium advertises (RFC 8841 §6.1 <c>a=max-message-size</c>): 256 KiB.</summary>
    public const long ChromiumMaxMessageSize = 262144;

    private readonly string _iceUfrag = "";
    private readonly string _icePwd = "";
    private readonly SdpFingerprint _fingerprint = new("sha-256", "00");
    private readonly int _sctpPort = MediaDescription.DefaultSctpPort;
    private readonly long _maxMessageSize = ChromiumMaxMessageSize;
    private readonly IReadOnlyList<string> _candidates = SdpModel.NoStrings;

    /// <summary>
    /// The local ICE username fragment: at least 4 characters from letters, digits, '+' and '/'
    /// (RFC 8839 §5.4; browsers refuse shorter ones).
    /// </summary>
    public required string IceUfrag
    {
        get => _iceUfrag;
        init => _iceUfrag = value?.Length >= 4 ? SdpText.RequireIceChars(value, nameof(IceUfrag))
            : throw new ArgumentException("An ICE ufrag has at least 4 characters (RFC 8839 §5.4).", nameof(IceUfrag));
    }

    /// <summary>The local ICE password: at least 22 characters from letters, digits, '+' and '/' (RFC 8839 §5.4).</summary>
    public required string IcePwd
    {
        get => _icePwd;
        init => _icePwd = value?.Length >= 22 ? SdpText.RequireIceChars(value, nameof(IcePwd))
            : throw new ArgumentException("An ICE password has at least 22 characters (RFC 8839 §5.4).", nameof(IcePwd));
    }

    /// <summary>The fingerprint of the local DTLS certificate, e.g. from <see cref="SdpFingerprint.FromDigest"/> with "sha-256".</summary>
    public required SdpFingerprint Fingerprint { get => _fingerprint; init => _fingerprint = value ?? throw new ArgumentNullException(nameof(Fingerprint)); }

    /// <summary>The <c>o=</c> session id: random, 64 bits with the top bit clear (RFC 8829 §5.2.1), fixed for the session.</summary>
    public required ulong SessionId { get; init; }

    /// <summary>The <c>o=</c> session version; JSEP increments it whenever the local description changes.</summary>
    public ulong SessionVersion { get; init; } = 1;

    /// <summary>The local SCTP port, <c>a=sctp-port</c> (RFC 8841 §5); 5000 like every browser.</summary>
    public int SctpPort
    {
        get => _sctpPort;
        init => _sctpPort = value is >= 1 and <= 65535 ? value : throw new ArgumentOutOfRangeException(nameof(SctpPort), value, "An SCTP port is 1 to 65535.");
    }

    /// <summary>The largest message the local side accepts, <c>a=max-message-size</c>; 0 = no limit (RFC 8841 §6.1).</summary>
    public long MaxMessageSize
    {
        get => _maxMessageSize;
        init => _maxMessageSize = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(MaxMessageSize), value, "A message size is not negative.");
    }

    /// <summary>Local candidates gathered so far, each the text after "a=candidate:" (see <see cref="MediaDescription.Candidates"/>).</summary>
    public IReadOnlyList<string> Candidates { get => _candidates; init => _candidates = SdpModel.LineTexts(value, nameof(Candidates)); }

    /// <summary>Whether gathering is complete: writes <c>a=end-of-candidates</c> (RFC 8840).</summary>
    public bool EndOfCandidates { get; init; }

    /// <summary>Whether the local agent is ICE lite: writes session <c>a=ice-lite</c> (RFC 8839 §5.3).</summary>
    public bool IceLite { get; init; }

    /// <summary>The <c>o=</c> line these parameters give.</summary>
    public SdpOrigin ToOrigin() => new() { SessionId = SessionId, SessionVersion = SessionVersion };
}
