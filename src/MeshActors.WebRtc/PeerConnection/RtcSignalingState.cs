namespace MeshActors.WebRtc;

/// <summary>
/// Where a connection is in the offer/answer exchange (W3C WebRTC <c>RTCSignalingState</c>, JSEP RFC 8829 §3.2).
/// </summary>
public enum RtcSignalingState
{
    /// <summary>"stable": no exchange in progress; the initial state and the state after an answer.</summary>
    Stable,

    /// <summary>"have-local-offer": a local offer is set; waiting for the remote answer.</summary>
    HaveLocalOffer,

    /// <summary>"have-remote-offer": a remote offer is set; create and set an answer.</summary>
    HaveRemoteOffer,

    /// <summary>"have-local-pranswer": a remote offer and a local provisional answer are set.</summary>
    HaveLocalPranswer,

    /// <summary>"have-remote-pranswer": a local offer and a remote provisional answer are set.</summary>
    HaveRemotePranswer,

    /// <summary>"closed": the connection was closed.</summary>
    Closed,
}
