namespace MeshActors.WebRtc;

/// <summary>Progress of local candidate gathering (W3C WebRTC <c>RTCIceGatheringState</c>).</summary>
public enum RtcIceGatheringState
{
    /// <summary>"new": gathering has not started (it starts with <see cref="RtcPeerConnection.SetLocalDescriptionAsync(Sdp.RtcSessionDescription)"/>).</summary>
    New,

    /// <summary>"gathering": candidates are being gathered and raised with <see cref="RtcPeerConnection.IceCandidate"/>.</summary>
    Gathering,

    /// <summary>"complete": every local candidate is known; the end-of-candidates event was raised.</summary>
    Complete,
}
