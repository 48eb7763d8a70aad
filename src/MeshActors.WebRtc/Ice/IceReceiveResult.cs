namespace MeshActors.WebRtc.Ice;

/// <summary>What <see cref="IceAgent.Receive"/> did with a datagram (RFC 7983 demultiplexing by first byte).</summary>
public enum IceReceiveResult
{
    /// <summary>A STUN message (first byte 0..3) consumed by ICE.</summary>
    Stun,

    /// <summary>
    /// A DTLS record (first byte 20..63) from a remote address this agent has validated: the driver
    /// hands it to the layer above.
    /// </summary>
    Application,

    /// <summary>Dropped and counted: malformed, unauthenticated, or from an unknown address.</summary>
    Dropped,
}
