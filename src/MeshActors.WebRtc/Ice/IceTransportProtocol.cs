namespace MeshActors.WebRtc.Ice;

/// <summary>The transport of a candidate (RFC 8839 §5.1 "transport"; TCP per RFC 6544).</summary>
public enum IceTransportProtocol
{
    /// <summary>UDP: the only transport this agent checks.</summary>
    Udp,

    /// <summary>TCP (RFC 6544): parsed and written back, ignored for connectivity.</summary>
    Tcp,
}
