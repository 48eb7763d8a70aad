using System.Diagnostics.CodeAnalysis;
using MeshActors.WebRtc.Dtls;
using MeshActors.WebRtc.Ice;
using MeshActors.WebRtc.Sdp;

namespace MeshActors.WebRtc;

/// <summary>
/// What a connection takes from a remote description: the data-channel section, its ICE credentials, the
/// certificate fingerprints, the DTLS setup role, the SCTP port and message size, and the candidates in the SDP.
/// </summary>
internal sealed record RemoteSessionParameters
{
    public required string? Mid { get; init; }

    public required int MLineIndex { get; init; }

    public required IceParameters Ice { get; init; }

    public required bool IceLite { get; init; }

    public required IReadOnlyList<DtlsFingerprint> Fingerprints { get; init; }

    /// <summary>The remote <c>a=setup</c>: actpass, active or passive (absent = active, RFC 4145 §4).</summary>
    public required SdpSetup Setup { get; init; }

    public required int SctpPort { get; init; }

    /// <summary>The remote <c>a=max-message-size</c>; 65536 when absent, 0 = no limit (RFC 8841 §6.1).</summary>
    public required long MaxMessageSize { get; init; }

    /// <summary>Candidate lines in the SDP (the text after "a=candidate:").</summary>
    public required IReadOnlyList<string> Candidates { get; init; }

    public required bool EndOfCandidates { get; init; }

    /// <summary>
    /// Reads and checks the data-channel section of a remote <paramref name="type"/>. <c>false</c> with a reason when
    /// the description cannot be used: no data-channel section, missing or malformed ICE credentials, no supported
    /// fingerprint, or a setup role the offer/answer rules forbid (RFC 5763 §5, RFC 8842 §5.1).
    /// </summary>
    public static bool TryRead(SessionDescription description, SdpType type,
        [NotNullWhen(true)] out RemoteSessionParameters? parameters, [NotNullWhen(false)] out string? error)
    {
        parameters = null;
        MediaDescription? data = null;
        var index = -1;
        for (var i = 0; i < description.Media.Count; i++)
        {
            if (description.Media[i].IsDataChannel)
            {
                data = description.Media[i];
                index = i;
                break;
            }
        }
        if (data is null)
        {
            error = "it has no data-channel section (m=application … UDP/DTLS/SCTP webrtc-datachannel)";
            return false;
        }
        if (data.IsRejected)
        {
            error = "its data-channel section is rejected (port 0)";
            return false;
        }
        var ufrag = description.GetIceUfrag(data);
        var pwd = description.GetIcePwd(data);
        if (!IceParameters.IsValidUsernameFragment(ufrag))
        {
            error = ufrag is null ? "it has no a=ice-ufrag" : $"a=ice-ufrag '{ufrag}' is not 4-256 ice-chars (RFC 8839 §5.4)";
            return false;
        }
        if (!IceParameters.IsValidPassword(pwd))
        {
            error = pwd is null ? "it has no a=ice-pwd" : "a=ice-pwd is not 22-256 ice-chars (RFC 8839 §5.4)";
            return false;
        }
        var fingerprints = new List<DtlsFingerprint>();
        foreach (var fingerprint in description.GetFingerprints(data))
        {
            // Hash functions this side cannot compute (sha-1, md5) are skipped: another line may still match.
            if (DtlsFingerprint.TryParse(fingerprint.ToString(), out var parsed))
            {
                fingerprints.Add(parsed);
            }
        }
        if (fingerprints.Count == 0)
        {
            error = description.GetFingerprints(data).Count == 0
                ? "it has no a=fingerprint (RFC 8122 §5)"
                : "none of its a=fingerprint lines is a well-formed sha-256, sha-384 or sha-512 digest";
            return false;
        }
        // RFC 4145 §4: without a=setup the endpoint is active.
        var setup = description.GetSetup(data) ?? SdpSetup.Active;
        if (setup == SdpSetup.Holdconn)
        {
            error = "a=setup:holdconn: the peer does not want a DTLS connection";
            return false;
        }
        if (type is SdpType.Answer or SdpType.Pranswer && setup == SdpSetup.Actpass)
        {
            error = "an answer's a=setup must be active or passive, not actpass (RFC 5763 §5)";
            return false;
        }
        if (data.EffectiveSctpPort == 0)
        {
            error = "a=sctp-port:0 is not a port (RFC 8841 §5)";
            return false;
        }
        parameters = new RemoteSessionParameters
        {
            Mid = data.Mid,
            MLineIndex = index,
            Ice = new IceParameters(ufrag!, pwd!),
            IceLite = description.IceLite,
            Fingerprints = fingerprints,
            Setup = setup,
            SctpPort = data.EffectiveSctpPort,
            MaxMessageSize = data.EffectiveMaxMessageSize,
            Candidates = data.Candidates,
            EndOfCandidates = description.GetEndOfCandidates(data),
        };
        error = null;
        return true;
    }

    /// <summary>
    /// The send limit: the smaller of both sides' <c>a=max-message-size</c>, where 0 means no limit (RFC 8841 §6.1).
    /// Returns 0 when neither side limits.
    /// </summary>
    public static long SendLimit(long local, long remote) => (local, remote) switch
    {
        (0, _) => remote,
        (_, 0) => local,
        _ => Math.Min(local, remote),
    };
}
