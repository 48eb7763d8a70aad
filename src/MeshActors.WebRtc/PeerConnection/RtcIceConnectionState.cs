namespace MeshActors.WebRtc;

/// <summary>The state of the connection's ICE transport (W3C WebRTC <c>RTCIceConnectionState</c>).</summary>
public enum RtcIceConnectionState
{
    /// <summary>"new": gathering or waiting for remote candidates.</summary>
    New,

    /// <summary>"checking": checking candidate pairs; none works yet.</summary>
    Checking,

    /// <summary>"connected": a usable pair is selected.</summary>
    Connected,

    /// <summary>"completed": checking is over and a pair is selected.</summary>
    Completed,

    /// <summary>"disconnected": consent checks on the selected pair are failing; it may recover.</summary>
    Disconnected,

    /// <summary>"failed": no pair works, or consent expired.</summary>
    Failed,

    /// <summary>"closed": the connection was closed.</summary>
    Closed,
}
