using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace MeshActors.WebRtc.Sdp;

/// <summary>
/// Builds data-channel-only offers and answers (JSEP RFC 8829 §5.2 and §5.3 reduced to one
/// <c>m=application</c> section, RFC 8841): what an <c>RTCPeerConnection</c> with data channels and
/// no media creates.
/// </summary>
public static class DataChannelSdp
{
    /// <summary>The <c>a=msid-semantic</c> value browsers write; harmless for data-only sessions and expected by old peers.</summary>
    private static readonly SdpAttribute MsidSemantic = new("msid-semantic", " WMS");

    /// <summary>The <c>c=</c> value of ICE-controlled sections (RFC 8829 §5.2.1: the address is not used).</summary>
    private const string PlaceholderConnection = "IN IP4 0.0.0.0";

    /// <summary>The <c>m=</c> port of ICE-controlled sections (RFC 8829 §5.2.1: discard port 9).</summary>
    private const int PlaceholderPort = 9;

    /// <summary>
    /// An offer with one data-channel section: <c>m=application 9 UDP/DTLS/SCTP webrtc-datachannel</c>,
    /// BUNDLE group of <paramref name="mid"/>, <c>a=setup:actpass</c> (RFC 5763 §5: an offerer MUST),
    /// trickle ICE, and the local credentials, fingerprint, SCTP port, message size and candidates.
    /// </summary>
    public static SessionDescription CreateOffer(SdpLocalParameters local, string mid = "0")
    {
        ArgumentNullException.ThrowIfNull(local);
        SdpText.RequireToken(mid, nameof(mid));
        return new SessionDescription
        {
            Origin = local.ToOrigin(),
            Groups = [new SdpGroup(SdpGroup.Bundle, [mid])],
            IceLite = local.IceLite,
            Attributes = [MsidSemantic],
            Media = [DataSection(local, mid, MediaDescription.UdpDtlsSctpProtocol, SdpSetup.Actpass, legacyStreams: null)],
        };
    }

    /// <summary>
    /// The setup role an answerer takes (RFC 5763 §5, RFC 4145 §4.1): <c>active</c> (DTLS client, RECOMMENDED)
    /// for an <c>actpass</c> or <c>passive</c> offer, <c>passive</c> for an <c>active</c> offer, <c>holdconn</c> for
    /// <c>holdconn</c>. Without <c>a=setup</c>, RFC 4145 §4.1 says the offer is <c>active</c>, so the answer is <c>passive</c>.
    /// </summary>
    public static SdpSetup AnswerSetup(SdpSetup? offered) => offered switch
    {
        SdpSetup.Actpass or SdpSetup.Passive => SdpSetup.Active,
        SdpSetup.Active or null => SdpSetup.Passive,
        _ => SdpSetup.Holdconn,
    };

    /// <summary>
    /// Answers <paramref name="offer"/> for data channels. The first data-channel section that is not rejected
    /// is accepted with the local parameters (same mid, same protocol; the legacy DTLS/SCTP form is answered in
    /// kind with <c>a=sctpmap</c>); every other section (audio, video, further application sections) is
    /// answered rejected: port 0, same media, protocol, formats and mid (RFC 8829 §5.3.1). The BUNDLE group
    /// keeps the accepted mid if the offer bundled it. Returns <c>false</c> with a reason when the offer has
    /// no usable data-channel section.
    /// </summary>
    public static bool TryCreateAnswer(SessionDescription offer, SdpLocalParameters local,
        [NotNullWhen(true)] out SessionDescription? answer, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(local);
        answer = null;

        MediaDescription? data = offer.DataChannelMedia;
        if (data is null)
        {
            error = "the offer has no data-channel section (m=application <port> UDP/DTLS/SCTP webrtc-datachannel) that is not rejected";
            return false;
        }
        if (offer.GetIceUfrag(data) is null || offer.GetIcePwd(data) is null)
        {
            error = "the offer's data-channel section has no a=ice-ufrag and a=ice-pwd (at media or session level)";
            return false;
        }
        if (offer.GetFingerprints(data).Count == 0)
        {
            error = "the offer's data-channel section has no a=fingerprint (at media or session level)";
            return false;
        }

        SdpSetup setup = AnswerSetup(offer.GetSetup(data));
        var media = new MediaDescription[offer.Media.Count];
        for (int i = 0; i < media.Length; i++)
        {
            MediaDescription offered = offer.Media[i];
            if (ReferenceEquals(offered, data))
            {
                int? legacyStreams = null;
                if (data.IsLegacyDataChannel) legacyStreams = data.TryGetSctpMap(out _, out int streams) && streams > 0 ? streams : DefaultLegacyStreams;
                media[i] = DataSection(local, data.Mid, data.Protocol, setup, legacyStreams);
            }
            else
            {
                media[i] = Rejected(offered);
            }
        }

        var groups = new List<SdpGroup>();
        foreach (SdpGroup group in offer.Groups)
        {
            if (group.IsBundle && data.Mid is not null && group.Mids.Contains(data.Mid)) groups.Add(new SdpGroup(group.Semantics, [data.Mid]));
        }

        answer = new SessionDescription
        {
            Origin = local.ToOrigin(),
            Groups = groups,
            IceLite = local.IceLite,
            Attributes = [MsidSemantic],
            Media = media,
        };
        error = null;
        return true;
    }

    /// <summary>Answers <paramref name="offer"/> for data channels; see <see cref="TryCreateAnswer"/>.</summary>
    /// <exception cref="ArgumentException">The offer has no usable data-channel section; the message says why.</exception>
    public static SessionDescription CreateAnswer(SessionDescription offer, SdpLocalParameters local)
        => TryCreateAnswer(offer, local, out SessionDescription? answer, out string? error) ? answer : throw new ArgumentException(error, nameof(offer));

    /// <summary>Streams announced in a legacy <c>a=sctpmap</c> answer when the offer gave none.</summary>
    private const int DefaultLegacyStreams = 1024;

    private static MediaDescription DataSection(SdpLocalParameters local, string? mid, string protocol, SdpSetup setup, int? legacyStreams)
    {
        string port = local.SctpPort.ToString(CultureInfo.InvariantCulture);
        bool legacy = legacyStreams is not null;
        return new MediaDescription
        {
            Media = MediaDescription.ApplicationMedia,
            Port = PlaceholderPort,
            Protocol = protocol,
            // Legacy form: the format is the SCTP port and a=sctpmap replaces a=sctp-port.
            Formats = legacy ? [port] : [MediaDescription.WebRtcDataChannelFormat],
            Connection = PlaceholderConnection,
            IceUfrag = local.IceUfrag,
            IcePwd = local.IcePwd,
            IceOptions = ["trickle"],
            Fingerprints = [local.Fingerprint],
            Setup = setup,
            Mid = mid,
            Attributes = legacy
                ? [new SdpAttribute("sctpmap", $"{port} {MediaDescription.WebRtcDataChannelFormat} {legacyStreams!.Value.ToString(CultureInfo.InvariantCulture)}")]
                : [],
            SctpPort = legacy ? null : local.SctpPort,
            MaxMessageSize = local.MaxMessageSize,
            Candidates = local.Candidates,
            EndOfCandidates = local.EndOfCandidates,
        };
    }

    private static MediaDescription Rejected(MediaDescription offered) => new()
    {
        Media = offered.Media,
        Port = 0,
        Protocol = offered.Protocol,
        Formats = offered.Formats,
        Connection = PlaceholderConnection,
        Mid = offered.Mid,
    };
}
