using MeshActors.WebRtc.Ice;

namespace MeshHost.Relay;

/// <summary>The UDP socket relay connections share in single-port mode (<c>meshhost.relay.udp-listen</c>), once bound; null otherwise.</summary>
public sealed class RelayPort
{
    /// <summary>The shared socket (its <see cref="IceUdpMux.LocalEndPoint"/> is the bound port), or null.</summary>
    public IceUdpMux? Mux { get; internal set; }
}
