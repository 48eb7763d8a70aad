namespace MeshActors.WebRtc;

/// <summary>
/// The aggregate state of a connection's transports (W3C WebRTC <c>RTCPeerConnectionState</c>, §4.3.3), computed
/// from the ICE transport and the DTLS transport: failed if either failed; disconnected if ICE is disconnected;
/// new while both are new; connected when ICE is connected or completed and DTLS is connected; else connecting.
/// </summary>
public enum RtcPeerConnectionState
{
    /// <summary>"new": ICE and DTLS have not started.</summary>
    New,

    /// <summary>"connecting": ICE is checking or DTLS is handshaking.</summary>
    Connecting,

    /// <summary>"connected": ICE has a working pair and DTLS is connected.</summary>
    Connected,

    /// <summary>"disconnected": ICE lost consent on the selected pair for a while; it may come back.</summary>
    Disconnected,

    /// <summary>"failed": ICE or DTLS failed. Terminal for this connection.</summary>
    Failed,

    /// <summary>"closed": <see cref="RtcPeerConnection.Close"/> was called.</summary>
    Closed,
}
