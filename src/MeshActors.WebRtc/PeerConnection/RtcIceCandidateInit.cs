namespace MeshActors.WebRtc;

/// <summary>
/// A candidate as it crosses signaling (W3C WebRTC <c>RTCIceCandidateInit</c>): the candidate line, and the media
/// section it belongs to by <see cref="SdpMid"/> or <see cref="SdpMLineIndex"/>. An empty <see cref="Candidate"/>
/// means end of candidates (RFC 8838 §4).
/// </summary>
/// <param name="Candidate">"candidate:…" as browsers write it (the "a=" prefix is tolerated); "" = end of candidates.</param>
/// <param name="SdpMid">The <c>a=mid</c> of the media section, or null.</param>
/// <param name="SdpMLineIndex">The 0-based index of the media section, or null.</param>
/// <param name="UsernameFragment">The ICE ufrag the candidate belongs to, or null (then the current one).</param>
public sealed record RtcIceCandidateInit(string Candidate, string? SdpMid = "0", int? SdpMLineIndex = 0, string? UsernameFragment = null)
{
    /// <summary>True when this marks the end of candidates.</summary>
    public bool IsEndOfCandidates => string.IsNullOrEmpty(Candidate);
}
