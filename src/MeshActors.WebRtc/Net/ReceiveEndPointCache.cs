using System.Net;
using System.Net.Sockets;

namespace MeshActors.WebRtc.Net;

/// <summary>
/// Turns the <see cref="SocketAddress"/> filled in by a receive into a shared
/// <see cref="IPEndPoint"/> instance, so steady-state receiving allocates nothing and handlers may
/// compare and keep the instances. Used by one receive thread only: not thread-safe.
/// </summary>
/// <remarks>
/// The size is bounded (cleared when full) so that a flood of spoofed source addresses cannot grow
/// memory; the price is one allocation per source after a clear.
/// </remarks>
internal sealed class ReceiveEndPointCache
{
    private readonly Dictionary<SocketAddress, IPEndPoint> _map = new();
    private readonly IPEndPoint _template;
    private readonly int _capacity;

    public ReceiveEndPointCache(AddressFamily family, int capacity = 4096)
    {
        _template = new IPEndPoint(family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        _capacity = capacity;
    }

    /// <summary>Number of cached end points.</summary>
    public int Count => _map.Count;

    /// <summary>The end point for <paramref name="received"/>; the argument is not retained.</summary>
    public IPEndPoint Get(SocketAddress received)
    {
        if (_map.TryGetValue(received, out var endPoint))
        {
            return endPoint;
        }
        if (_map.Count >= _capacity)
        {
            _map.Clear();
        }
        // The receive buffer's SocketAddress is overwritten by the next receive: key on a copy.
        var key = new SocketAddress(received.Family, received.Size);
        received.Buffer.Span[..received.Size].CopyTo(key.Buffer.Span);
        endPoint = (IPEndPoint)_template.Create(key);
        _map.Add(key, endPoint);
        return endPoint;
    }
}
