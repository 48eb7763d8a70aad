using System.Diagnostics.CodeAnalysis;

namespace MeshActors.WebRtc.Sdp;

/// <summary>
/// A parsed SDP session description (RFC 8866) as WebRTC data channels use it (RFC 8841, JSEP RFC 8829):
/// the session part and its media sections. Immutable; build variants with <c>with</c>.
/// </summary>
/// <remarks>
/// <para>ICE credentials, ICE options, fingerprints and the setup role may be written at session level
/// (Firefox) or media level (Chromium); media level wins. Use <see cref="GetIceUfrag"/>,
/// <see cref="GetIcePwd"/>, <see cref="GetIceOptions"/>, <see cref="GetFingerprints"/>,
/// <see cref="GetSetup"/> and <see cref="GetEndOfCandidates"/> for the effective values of a section.</para>
/// <para><see cref="Parse"/>/<see cref="TryParse"/> read text with CRLF or LF line ends; <see cref="ToString"/>
/// writes CRLF. Equality is semantic (lists compare element by element, fingerprints ignore case), and
/// <c>Parse(d.ToString())</c> equals <c>d</c> for every description this library parses or builds.</para>
/// </remarks>
public sealed record SessionDescription
{
    /// <summary>Session attribute names with their own property; they never appear in <see cref="Attributes"/>.</summary>
    internal static readonly HashSet<string> TypedAttributeNames = new(StringComparer.Ordinal)
    {
        "group", "ice-lite", "ice-ufrag", "ice-pwd", "ice-options", "fingerprint", "setup", "end-of-candidates",
    };

    private readonly SdpOrigin _origin = new() { SessionId = 0, SessionVersion = 0 };
    private readonly string _sessionName = "-";
    private readonly string _timing = "0 0";
    private readonly string? _connection;
    private readonly IReadOnlyList<SdpGroup> _groups = [];
    private readonly string? _iceUfrag;
    private readonly string? _icePwd;
    private readonly IReadOnlyList<string> _iceOptions = SdpModel.NoStrings;
    private readonly IReadOnlyList<SdpFingerprint> _fingerprints = [];
    private readonly IReadOnlyList<SdpAttribute> _attributes = [];
    private readonly IReadOnlyList<SdpLine> _otherLines = [];
    private readonly IReadOnlyList<MediaDescription> _media = [];

    /// <summary>The <c>o=</c> line.</summary>
    public required SdpOrigin Origin { get => _origin; init => _origin = value ?? throw new ArgumentNullException(nameof(Origin)); }

    /// <summary>The <c>s=</c> value; JSEP writes "-".</summary>
    public string SessionName { get => _sessionName; init => _sessionName = SdpText.RequireLineText(value, nameof(SessionName)); }

    /// <summary>The first <c>t=</c> value; "0 0" (unbounded) in WebRTC. Defaults to "0 0" when the line is absent.</summary>
    public string Timing { get => _timing; init => _timing = SdpText.RequireLineText(value, nameof(Timing)); }

    /// <summary>The session-level <c>c=</c> value; null when absent.</summary>
    public string? Connection { get => _connection; init => _connection = value is null ? null : SdpText.RequireLineText(value, nameof(Connection)); }

    /// <summary><c>a=group</c> lines (RFC 5888), e.g. BUNDLE (RFC 9143).</summary>
    public IReadOnlyList<SdpGroup> Groups { get => _groups; init => _groups = SdpModel.Items(value, nameof(Groups)); }

    /// <summary><c>a=ice-lite</c> (RFC 8839 §5.3): the sender is a lite ICE agent, so the other side controls.</summary>
    public bool IceLite { get; init; }

    /// <summary>Session-level <c>a=ice-ufrag</c>; null when absent.</summary>
    public string? IceUfrag { get => _iceUfrag; init => _iceUfrag = value is null ? null : SdpText.RequireIceChars(value, nameof(IceUfrag)); }

    /// <summary>Session-level <c>a=ice-pwd</c>; null when absent.</summary>
    public string? IcePwd { get => _icePwd; init => _icePwd = value is null ? null : SdpText.RequireIceChars(value, nameof(IcePwd)); }

    /// <summary>Session-level <c>a=ice-options</c> tokens; empty when absent.</summary>
    public IReadOnlyList<string> IceOptions { get => _iceOptions; init => _iceOptions = SdpModel.Tokens(value, nameof(IceOptions)); }

    /// <summary>Session-level <c>a=fingerprint</c> lines (Firefox writes them here); empty when absent.</summary>
    public IReadOnlyList<SdpFingerprint> Fingerprints { get => _fingerprints; init => _fingerprints = SdpModel.Items(value, nameof(Fingerprints)); }

    /// <summary>Session-level <c>a=setup</c>; null when absent.</summary>
    public SdpSetup? Setup { get; init; }

    /// <summary>Session-level <c>a=end-of-candidates</c> (RFC 8840): applies to every section.</summary>
    public bool EndOfCandidates { get; init; }

    /// <summary>Every other session attribute in order (extmap-allow-mixed, msid-semantic, …).</summary>
    public IReadOnlyList<SdpAttribute> Attributes
    {
        get => _attributes;
        init => _attributes = SdpModel.Attributes(value, TypedAttributeNames, nameof(Attributes));
    }

    /// <summary>Other session lines (<c>i=</c>, <c>u=</c>, <c>e=</c>, <c>p=</c>, extra <c>c=</c>, <c>b=</c>, extra <c>t=</c>, <c>r=</c>, <c>z=</c>, <c>k=</c>, unknown letters).</summary>
    public IReadOnlyList<SdpLine> OtherLines { get => _otherLines; init => _otherLines = SdpModel.Lines(value, OtherLineRank, nameof(OtherLines)); }

    /// <summary>The media sections in order (the order is significant in offer/answer: RFC 3264 §6).</summary>
    public IReadOnlyList<MediaDescription> Media { get => _media; init => _media = SdpModel.Items(value, nameof(Media)); }

    /// <summary>The first BUNDLE group, or null.</summary>
    public SdpGroup? BundleGroup
    {
        get
        {
            foreach (SdpGroup group in Groups)
            {
                if (group.IsBundle) return group;
            }
            return null;
        }
    }

    /// <summary>The first data-channel section that is not rejected (see <see cref="MediaDescription.IsDataChannel"/>), or null.</summary>
    public MediaDescription? DataChannelMedia
    {
        get
        {
            foreach (MediaDescription media in Media)
            {
                if (media.IsDataChannel && !media.IsRejected) return media;
            }
            return null;
        }
    }

    /// <summary>The effective ICE username fragment of <paramref name="media"/>: media level, else session level.</summary>
    public string? GetIceUfrag(MediaDescription media) => Require(media).IceUfrag ?? IceUfrag;

    /// <summary>The effective ICE password of <paramref name="media"/>: media level, else session level.</summary>
    public string? GetIcePwd(MediaDescription media) => Require(media).IcePwd ?? IcePwd;

    /// <summary>The effective ICE options of <paramref name="media"/>: media level when present, else session level.</summary>
    public IReadOnlyList<string> GetIceOptions(MediaDescription media) => Require(media).IceOptions.Count > 0 ? media.IceOptions : IceOptions;

    /// <summary>The effective fingerprints of <paramref name="media"/>: media level when present, else session level (RFC 8122 §5).</summary>
    public IReadOnlyList<SdpFingerprint> GetFingerprints(MediaDescription media) => Require(media).Fingerprints.Count > 0 ? media.Fingerprints : Fingerprints;

    /// <summary>The effective setup role of <paramref name="media"/>: media level, else session level, else null.</summary>
    public SdpSetup? GetSetup(MediaDescription media) => Require(media).Setup ?? Setup;

    /// <summary>Whether candidate gathering of <paramref name="media"/> is over: media or session <c>a=end-of-candidates</c>.</summary>
    public bool GetEndOfCandidates(MediaDescription media) => Require(media).EndOfCandidates || EndOfCandidates;

    /// <summary>
    /// Parses SDP text. Never throws: on malformed text returns <c>false</c> with the line number and reason.
    /// Unknown attributes and lines are kept; audio and video sections are parsed like any other.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SessionDescription? description, [NotNullWhen(false)] out SdpParseError? error)
        => SdpParser.TryParse(text, out description, out error);

    /// <summary>Parses SDP text.</summary>
    /// <exception cref="SdpParseException">The text is malformed; the message has the line number and reason.</exception>
    public static SessionDescription Parse(string? text)
        => TryParse(text, out SessionDescription? description, out SdpParseError? error) ? description : throw new SdpParseException(error);

    /// <summary>The SDP text: CRLF line ends, lines in RFC 8866 order and Chromium's attribute order.</summary>
    public override string ToString() => SdpWriter.Write(this);

    /// <inheritdoc/>
    public bool Equals(SessionDescription? other) =>
        other is not null
        && Origin == other.Origin && SessionName == other.SessionName && Timing == other.Timing && Connection == other.Connection
        && SdpModel.SequenceEqual(Groups, other.Groups) && IceLite == other.IceLite
        && IceUfrag == other.IceUfrag && IcePwd == other.IcePwd && SdpModel.SequenceEqual(IceOptions, other.IceOptions)
        && SdpModel.SequenceEqual(Fingerprints, other.Fingerprints) && Setup == other.Setup && EndOfCandidates == other.EndOfCandidates
        && SdpModel.SequenceEqual(Attributes, other.Attributes) && SdpModel.SequenceEqual(OtherLines, other.OtherLines)
        && SdpModel.SequenceEqual(Media, other.Media);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Origin, IceUfrag, Media.Count, Media.Count > 0 ? Media[0] : null);

    private static MediaDescription Require(MediaDescription media) => media ?? throw new ArgumentNullException(nameof(media));

    /// <summary>
    /// Where the writer puts a session-level line of each type (RFC 8866 §5 order): i=, u=, e=, p= before
    /// c=; extra c= and b= before t=; extra t=, r=, z=, k= and unknown letters after it.
    /// </summary>
    internal static int OtherLineRank(char type) => type switch
    {
        'i' => 0,
        'u' => 1,
        'e' => 2,
        'p' => 3,
        'c' => 4,
        'b' => 5,
        't' or 'r' => 6,
        'z' => 7,
        'k' => 8,
        _ => 9,
    };
}
