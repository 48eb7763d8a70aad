namespace MeshActors.WebRtc.Ice;

/// <summary>The type of a candidate (RFC 8445 §5.1.1; SDP token after "typ", RFC 8839 §5.1).</summary>
public enum IceCandidateType
{
    /// <summary>"host": an address of a local interface.</summary>
    Host,

    /// <summary>"srflx": the address a STUN server saw (the NAT's mapping of a host candidate).</summary>
    ServerReflexive,

    /// <summary>"prflx": an address learned from a connectivity check or its response (RFC 8445 §7.2.5.3.1, §7.3.1.3).</summary>
    PeerReflexive,

    /// <summary>"relay": an address on a TURN server. Parsed; this agent gathers none.</summary>
    Relay,
}
