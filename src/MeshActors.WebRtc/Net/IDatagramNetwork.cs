using System.Net;

namespace MeshActors.WebRtc.Net;

/// <summary>
/// Where sockets come from: the host's real network (<c>UdpNetwork</c>) or a host on a
/// deterministic <c>VirtualNetwork</c>. The stack's drivers take one of these and a clock, so
/// the same code runs over real UDP and in virtual time.
/// </summary>
public interface IDatagramNetwork
{
    /// <summary>The clock of this network: <see cref="TimeProvider.System"/> or a virtual clock.</summary>
    TimeProvider Time { get; }

    /// <summary>
    /// Unicast addresses of the usable interfaces (up, not tunnel), IPv4 and IPv6; loopback
    /// addresses only when <paramref name="includeLoopback"/> is set.
    /// </summary>
    IReadOnlyList<IPAddress> GetLocalAddresses(bool includeLoopback);

    /// <summary>Binds a socket; port 0 picks a free port. Throws when the address cannot be bound.</summary>
    IDatagramSocket Bind(IPEndPoint localEndPoint);
}
