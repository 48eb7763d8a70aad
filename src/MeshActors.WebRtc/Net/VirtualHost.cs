using System.Net;
using System.Net.Sockets;

namespace MeshActors.WebRtc.Net;

/// <summary>
/// A machine on a <see cref="VirtualNetwork"/> with one or more addresses. It is an
/// <see cref="IDatagramNetwork"/>: give it to the stack where you would give <c>UdpNetwork</c>.
/// </summary>
/// <remarks>
/// Binding a wildcard address (<see cref="IPAddress.Any"/>, <see cref="IPAddress.IPv6Any"/>) binds
/// every address of that family on the host, loopback included; port 0 picks a free port from
/// 49152 upwards, in order, so runs are reproducible. A virtual host also answers on loopback:
/// datagrams between its own sockets are delivered at once, without link impairments.
/// </remarks>
public sealed class VirtualHost : IDatagramNetwork
{
    /// <summary>First ephemeral port (RFC 6335 section 6 dynamic range).</summary>
    private const int FirstEphemeralPort = 49152;

    private readonly Dictionary<(IPAddress Address, int Port), VirtualDatagramSocket> _sockets = new();
    private readonly IPAddress[] _addresses;
    private readonly IPAddress[] _addressesWithLoopback;
    private int _nextEphemeralPort = FirstEphemeralPort;

    internal VirtualHost(VirtualNetwork network, IPAddress[] addresses, VirtualNat? nat)
    {
        Network = network;
        Nat = nat;
        _addresses = addresses;
        var withLoopback = new List<IPAddress>(addresses) { IPAddress.Loopback };
        if (Array.Exists(addresses, a => a.AddressFamily == AddressFamily.InterNetworkV6))
        {
            withLoopback.Add(IPAddress.IPv6Loopback);
        }
        _addressesWithLoopback = withLoopback.ToArray();
    }

    /// <summary>The network this host is on.</summary>
    public VirtualNetwork Network { get; }

    /// <summary>The host's addresses (private ones when it is behind <see cref="Nat"/>).</summary>
    public IReadOnlyList<IPAddress> Addresses => _addresses;

    /// <summary>The NAT this host is behind, or <c>null</c> when its addresses are public.</summary>
    public VirtualNat? Nat { get; }

    /// <inheritdoc />
    /// <remarks>The network's <see cref="VirtualClock"/>.</remarks>
    public TimeProvider Time => Network.Clock;

    /// <inheritdoc />
    public IReadOnlyList<IPAddress> GetLocalAddresses(bool includeLoopback) =>
        includeLoopback ? _addressesWithLoopback : _addresses;

    /// <inheritdoc />
    /// <exception cref="SocketException">
    /// <see cref="SocketError.AddressNotAvailable"/> when the address is not the host's,
    /// <see cref="SocketError.AddressAlreadyInUse"/> when the port is taken.
    /// </exception>
    public VirtualDatagramSocket Bind(IPEndPoint localEndPoint)
    {
        ArgumentNullException.ThrowIfNull(localEndPoint);
        var address = localEndPoint.Address;
        lock (Network.Gate)
        {
            ObjectDisposedException.ThrowIf(Network.IsDisposedUnlocked, Network);
            if (!IsWildcard(address) && Array.IndexOf(_addressesWithLoopback, address) < 0)
            {
                throw new SocketException((int)SocketError.AddressNotAvailable);
            }
            var port = localEndPoint.Port;
            if (port == 0)
            {
                port = FindFreePort(address);
            }
            else if (!IsFree(address, port))
            {
                throw new SocketException((int)SocketError.AddressAlreadyInUse);
            }
            var socket = new VirtualDatagramSocket(this, new IPEndPoint(address, port));
            _sockets.Add((address, port), socket);
            return socket;
        }
    }

    IDatagramSocket IDatagramNetwork.Bind(IPEndPoint localEndPoint) => Bind(localEndPoint);

    /// <inheritdoc />
    public override string ToString() => Nat is null
        ? "host " + string.Join(", ", (object[])_addresses)
        : "host " + string.Join(", ", (object[])_addresses) + " behind " + Nat;

    // Called with the network lock held.

    /// <summary>The socket that receives datagrams sent to address:port: an exact binding, else a wildcard one.</summary>
    internal VirtualDatagramSocket? FindSocket(IPAddress address, int port)
    {
        if (_sockets.TryGetValue((address, port), out var socket))
        {
            return socket;
        }
        var wildcard = address.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
        return _sockets.GetValueOrDefault((wildcard, port));
    }

    /// <summary>The address a socket bound to a wildcard sends from towards <paramref name="destination"/>.</summary>
    internal IPAddress? ChooseSourceAddress(IPAddress destination)
    {
        if (IPAddress.IsLoopback(destination))
        {
            return destination.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
        }
        foreach (var address in _addresses)
        {
            if (address.AddressFamily == destination.AddressFamily)
            {
                return address;
            }
        }
        return null;
    }

    internal void Unbind(VirtualDatagramSocket socket)
    {
        var key = (socket.LocalEndPoint.Address, socket.LocalEndPoint.Port);
        if (_sockets.TryGetValue(key, out var bound) && ReferenceEquals(bound, socket))
        {
            _sockets.Remove(key);
        }
    }

    internal static bool IsWildcard(IPAddress address) =>
        address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);

    private bool IsFree(IPAddress address, int port)
    {
        if (IsWildcard(address))
        {
            // A wildcard binding conflicts with every binding of its family on that port.
            foreach (var key in _sockets.Keys)
            {
                if (key.Port == port && key.Address.AddressFamily == address.AddressFamily)
                {
                    return false;
                }
            }
            return true;
        }
        var wildcard = address.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
        return !_sockets.ContainsKey((address, port)) && !_sockets.ContainsKey((wildcard, port));
    }

    private int FindFreePort(IPAddress address)
    {
        const int rangeSize = IPEndPoint.MaxPort - FirstEphemeralPort + 1;
        for (var i = 0; i < rangeSize; i++)
        {
            var port = _nextEphemeralPort;
            _nextEphemeralPort = port == IPEndPoint.MaxPort ? FirstEphemeralPort : port + 1;
            if (IsFree(address, port))
            {
                return port;
            }
        }
        throw new SocketException((int)SocketError.AddressAlreadyInUse);
    }
}
