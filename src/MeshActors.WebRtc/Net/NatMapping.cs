using System.Net;

namespace MeshActors.WebRtc.Net;

/// <summary>
/// One <see cref="VirtualNat"/> mapping: private end point, public end point, and the outside
/// destinations it has sent to (for address- and port-dependent filtering). Guarded by the network lock.
/// </summary>
internal sealed class NatMapping
{
    private readonly HashSet<IPAddress> _permittedAddresses = new();
    private readonly HashSet<(IPAddress Address, int Port)> _permittedEndPoints = new();

    public NatMapping(VirtualHost host, IPEndPoint privateEndPoint, IPEndPoint publicEndPoint)
    {
        Host = host;
        PrivateEndPoint = privateEndPoint;
        PublicEndPoint = publicEndPoint;
    }

    public VirtualHost Host { get; }

    public IPEndPoint PrivateEndPoint { get; }

    public IPEndPoint PublicEndPoint { get; }

    /// <summary>Clock ticks of the last outbound datagram: what keeps the mapping alive.</summary>
    public long LastOutbound { get; set; }

    public void Permit(IPAddress address, int port)
    {
        _permittedAddresses.Add(address);
        _permittedEndPoints.Add((address, port));
    }

    public bool Allows(NatFiltering filtering, IPEndPoint source) => filtering switch
    {
        NatFiltering.EndpointIndependent => true,
        NatFiltering.AddressDependent => _permittedAddresses.Contains(source.Address),
        _ => _permittedEndPoints.Contains((source.Address, source.Port)),
    };
}
