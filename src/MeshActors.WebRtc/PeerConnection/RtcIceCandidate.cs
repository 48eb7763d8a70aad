using MeshActors.WebRtc.Ice;

namespace MeshActors.WebRtc;

/// <summary>
/// A local candidate raised by <see cref="RtcPeerConnection.IceCandidate"/> (W3C WebRTC <c>RTCIceCandidate</c>):
/// what to send to the peer, plus the parsed fields. The end of gathering is raised as a candidate whose
/// <see cref="Candidate"/> is empty and <see cref="Parsed"/> null, which the peer passes to its
/// <c>AddIceCandidate</c> as end of candidates.
/// </summary>
public sealed class RtcIceCandidate
{
    internal RtcIceCandidate(IceCandidate? parsed, string sdpMid, int sdpMLineIndex, string usernameFragment)
    {
        Parsed = parsed;
        Candidate = parsed?.ToString() ?? "";
        SdpMid = sdpMid;
        SdpMLineIndex = sdpMLineIndex;
        UsernameFragment = usernameFragment;
    }

    /// <summary>The candidate line "candidate:…", or "" at the end of gathering.</summary>
    public string Candidate { get; }

    /// <summary>The media section's <c>a=mid</c>.</summary>
    public string SdpMid { get; }

    /// <summary>The media section's index (always 0: data channels use one section).</summary>
    public int SdpMLineIndex { get; }

    /// <summary>The local ICE ufrag.</summary>
    public string UsernameFragment { get; }

    /// <summary>The parsed candidate (foundation, priority, address, port, type, …); null at the end of gathering.</summary>
    public IceCandidate? Parsed { get; }

    /// <summary>True when this marks the end of gathering.</summary>
    public bool IsEndOfCandidates => Parsed is null;

    /// <summary>What to send over signaling (W3C <c>toJSON()</c>).</summary>
    public RtcIceCandidateInit ToInit() => new(Candidate, SdpMid, SdpMLineIndex, UsernameFragment);

    /// <inheritdoc/>
    public override string ToString() => IsEndOfCandidates ? "end of candidates" : Candidate;
}
