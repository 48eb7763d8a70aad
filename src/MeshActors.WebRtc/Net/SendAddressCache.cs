using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace MeshActors.WebRtc.Net;

/// <summary>
/// Maps remote <see cref="IPEndPoint"/>s to serialized <see cref="SocketAddress"/>es for
/// <see cref="Socket.SendTo(ReadOnlySpan{byte}, SocketFlags, SocketAddress)"/>.
/// </summary>
/// <remarks>
/// Why: on .NET 10 <c>SendTo(span, flags, EndPoint)</c> serializes the end point on every call
/// (72 bytes allocated per datagram, measured); the <see cref="SocketAddress"/> overload allocates
/// nothing. Several connections may send through one socket (single-port mode), so lookups are
/// lock-free and concurrent. The size is bounded so a peer set that churns cannot grow memory.
/// </remarks>
internal sealed class SendAddressCache
{
    private readonly ConcurrentDictionary<IPEndPoint, SocketAddress> _map = new();
    private readonly AddressFamily _family;
    private readonly bool _dualMode;
    private readonly int _capacity;

    public SendAddressCache(AddressFamily family, bool dualMode, int capacity = 4096)
    {
        _family = family;
        _dualMode = dualMode;
        _capacity = capacity;
    }

    /// <summary>Number of cached addresses.</summary>
    public int Count => _map.Count;

    /// <summary>
    /// The socket address for <paramref name="remote"/>, or <c>null</c> when a socket of this
    /// family cannot send there (an IPv4 destination on an IPv6 socket that is not dual-mode).
    /// </summary>
    public SocketAddress? Get(IPEndPoint remote)
    {
        if (_map.TryGetValue(remote, out var address))
        {
            return address;
        }
        return Add(remote);
    }

    private SocketAddress? Add(IPEndPoint remote)
    {
        var target = remote;
        if (remote.AddressFamily != _family)
        {
            if (_family != AddressFamily.InterNetworkV6 || !_dualMode || remote.AddressFamily != AddressFamily.InterNetwork)
            {
                return null;
            }
            target = new IPEndPoint(remote.Address.MapToIPv6(), remote.Port);
        }
        if (_map.Count >= _capacity)
        {
            // Clearing is cheaper than LRU bookkeeping on the send path; active peers are re-added
            // on their next datagram at the cost of one allocation each.
            _map.Clear();
        }
        // The key is a private copy: IPEndPoint is mutable and the caller keeps its instance.
        var key = new IPEndPoint(remote.Address, remote.Port);
        var address = target.Serialize();
        _map[key] = address;
        return address;
    }
}
