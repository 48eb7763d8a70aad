using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace MeshActors.WebRtc.Ice.Mdns;

/// <summary>
/// mDNS over real UDP sockets: one IPv4 and (where usable) one IPv6 socket. On port 5353 they share
/// the port with other responders on the host (ReuseAddress, RFC 6762 §15.1) and join 224.0.0.251 /
/// ff02::fb on every up, multicast-capable interface; otherwise they use an ephemeral port and the
/// caller asks for unicast replies. Packets go out with IP TTL 255 (§11) and multicast loopback on,
/// so responders in this process and on this host hear them. Receive loops never let an exception
/// escape; they end when the transport is disposed.
/// </summary>
internal sealed class MdnsSocketTransport : IMdnsTransport
{
    // After a receive error, wait this long before the next receive so a persistent error cannot spin a core.
    private static readonly TimeSpan ReceiveErrorBackoff = TimeSpan.FromMilliseconds(50);

    private readonly FamilySocket? _ipv4;
    private readonly FamilySocket? _ipv6;
    private volatile bool _disposed;
    private long _receiveErrors;
    private long _handlerErrors;

    private MdnsSocketTransport(FamilySocket? ipv4, FamilySocket? ipv6, bool listensOnMulticastPort)
    {
        _ipv4 = ipv4;
        _ipv6 = ipv6;
        ListensOnMulticastPort = listensOnMulticastPort;
    }

    /// <inheritdoc/>
    public bool ListensOnMulticastPort { get; }

    /// <summary>Socket errors seen by the receive loops (after each, the loop waits briefly and carries on).</summary>
    public long ReceiveErrors => Interlocked.Read(ref _receiveErrors);

    /// <summary>Exceptions thrown by the handler, caught and dropped.</summary>
    public long HandlerErrors => Interlocked.Read(ref _handlerErrors);

    /// <summary>The local IPv4 endpoint, or null when IPv4 is not usable.</summary>
    public IPEndPoint? IPv4EndPoint => _ipv4?.Socket.LocalEndPoint as IPEndPoint;

    /// <summary>The local IPv6 endpoint, or null when IPv6 is not usable.</summary>
    public IPEndPoint? IPv6EndPoint => _ipv6?.Socket.LocalEndPoint as IPEndPoint;

    /// <summary>
    /// Opens the sockets. With <paramref name="useMulticastPort"/> it first tries port 5353 with group
    /// membership; when that fails (or is not asked for) and <paramref name="requireMulticastPort"/> is
    /// false, it falls back to an ephemeral port. IPv6 follows IPv4's choice and is left out when it
    /// cannot make the same one.
    /// </summary>
    /// <exception cref="SocketException">
    /// <paramref name="requireMulticastPort"/> is set and no family could listen on 5353, or no socket at all could be opened.
    /// </exception>
    public static MdnsSocketTransport Open(bool useMulticastPort, bool requireMulticastPort)
    {
        var ipv4Interfaces = GetMulticastInterfaces(AddressFamily.InterNetwork);
        var ipv6Interfaces = Socket.OSSupportsIPv6 ? GetMulticastInterfaces(AddressFamily.InterNetworkV6) : [];

        if (useMulticastPort || requireMulticastPort)
        {
            var ipv4 = FamilySocket.TryOpenOnMulticastPort(AddressFamily.InterNetwork, ipv4Interfaces);
            // IPv6 needs an interface with an IPv6 address: joining ff02::fb without one fails or is useless.
            var ipv6 = ipv6Interfaces.Length > 0 ? FamilySocket.TryOpenOnMulticastPort(AddressFamily.InterNetworkV6, ipv6Interfaces) : null;
            if (ipv4 is not null || ipv6 is not null)
            {
                return new MdnsSocketTransport(ipv4, ipv6, listensOnMulticastPort: true);
            }
            if (requireMulticastPort)
            {
                throw new SocketException((int)SocketError.AddressAlreadyInUse);
            }
        }

        var ephemeral4 = FamilySocket.TryOpenEphemeral(AddressFamily.InterNetwork, ipv4Interfaces);
        var ephemeral6 = ipv6Interfaces.Length > 0 ? FamilySocket.TryOpenEphemeral(AddressFamily.InterNetworkV6, ipv6Interfaces) : null;
        if (ephemeral4 is null && ephemeral6 is null)
        {
            throw new SocketException((int)SocketError.AddressFamilyNotSupported);
        }
        return new MdnsSocketTransport(ephemeral4, ephemeral6, listensOnMulticastPort: false);
    }

    /// <inheritdoc/>
    public void Start(IMdnsDatagramHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (_ipv4 is not null)
        {
            _ = ReceiveLoopAsync(_ipv4, handler);
        }
        if (_ipv6 is not null)
        {
            _ = ReceiveLoopAsync(_ipv6, handler);
        }
    }

    /// <inheritdoc/>
    public int SendMulticast(ReadOnlySpan<byte> datagram, AddressFamily family, int interfaceIndex)
    {
        var sent = 0;
        if (_ipv4 is not null && family is AddressFamily.Unspecified or AddressFamily.InterNetwork)
        {
            sent += _ipv4.SendMulticast(datagram, interfaceIndex);
        }
        if (_ipv6 is not null && family is AddressFamily.Unspecified or AddressFamily.InterNetworkV6)
        {
            sent += _ipv6.SendMulticast(datagram, interfaceIndex);
        }
        return sent;
    }

    /// <inheritdoc/>
    public bool SendUnicast(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        var socket = remote.AddressFamily == AddressFamily.InterNetwork ? _ipv4 : _ipv6;
        return socket is not null && socket.SendUnicast(datagram, remote);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _disposed = true;
        _ipv4?.Socket.Dispose();
        _ipv6?.Socket.Dispose();
    }

    private async Task ReceiveLoopAsync(FamilySocket family, IMdnsDatagramHandler handler)
    {
        // Leave the caller's thread at once: the loop runs on the thread pool.
        await Task.Yield();
        var buffer = new byte[MdnsConstants.MaxMessageLength];
        EndPoint any = family.Socket.AddressFamily == AddressFamily.InterNetwork
            ? new IPEndPoint(IPAddress.Any, 0)
            : new IPEndPoint(IPAddress.IPv6Any, 0);
        while (!_disposed)
        {
            SocketReceiveMessageFromResult result;
            try
            {
                result = await family.Socket.ReceiveMessageFromAsync(buffer, SocketFlags.None, any).ConfigureAwait(false);
            }
            catch (Exception) when (_disposed)
            {
                return;
            }
            catch (Exception)
            {
                // E.g. a datagram larger than 9000 bytes (MessageSize) or an ICMP error: not fatal for a listener.
                Interlocked.Increment(ref _receiveErrors);
                try
                {
                    await Task.Delay(ReceiveErrorBackoff).ConfigureAwait(false);
                }
                catch (Exception)
                {
                    return;
                }
                continue;
            }

            try
            {
                var interfaceIndex = result.PacketInformation.Interface is > 0 and var index ? index : -1;
                handler.OnDatagram(buffer.AsSpan(0, result.ReceivedBytes), (IPEndPoint)result.RemoteEndPoint, interfaceIndex);
            }
            catch (Exception)
            {
                Interlocked.Increment(ref _handlerErrors);
            }
        }
    }

    private static MulticastInterface[] GetMulticastInterfaces(AddressFamily family)
    {
        var result = new List<MulticastInterface>();
        try
        {
            foreach (var ni in NetworkInterface.GetAllNetworkInterfaces())
            {
                if (ni.OperationalStatus is not (OperationalStatus.Up or OperationalStatus.Unknown) || !ni.SupportsMulticast)
                {
                    continue;
                }
                var properties = ni.GetIPProperties();
                IPAddress? address = null;
                foreach (var unicast in properties.UnicastAddresses)
                {
                    if (unicast.Address.AddressFamily == family)
                    {
                        address = unicast.Address;
                        break;
                    }
                }
                if (address is null)
                {
                    continue;
                }
                var index = family == AddressFamily.InterNetwork
                    ? properties.GetIPv4Properties()?.Index
                    : properties.GetIPv6Properties()?.Index;
                if (index is int i)
                {
                    result.Add(new MulticastInterface(i, address));
                }
            }
        }
        catch (Exception e) when (e is NetworkInformationException or PlatformNotSupportedException or SocketException)
        {
            // No interface list: the sockets fall back to the kernel's default multicast route.
        }
        return result.ToArray();
    }

    private readonly record struct MulticastInterface(int Index, IPAddress Address);

    /// <summary>One socket of one address family with the interfaces it sends on.</summary>
    private sealed class FamilySocket
    {
        private readonly MulticastInterface[] _interfaces;
        private readonly IPEndPoint _group;
        private readonly Lock _sendLock = new();

        private FamilySocket(Socket socket, MulticastInterface[] interfaces)
        {
            Socket = socket;
            _interfaces = interfaces;
            _group = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetwork ? MdnsConstants.IPv4Group : MdnsConstants.IPv6Group, MdnsConstants.Port);
        }

        public Socket Socket { get; }

        public static FamilySocket? TryOpenOnMulticastPort(AddressFamily family, MulticastInterface[] interfaces)
        {
            Socket? socket = null;
            try
            {
                socket = CreateSocket(family);
                // Other responders (avahi, mDNSResponder, browsers) share the port (RFC 6762 §15.1).
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                socket.Bind(new IPEndPoint(family == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, MdnsConstants.Port));
                var joined = 0;
                foreach (var i in interfaces)
                {
                    joined += TryJoin(socket, i.Index) ? 1 : 0;
                }
                if (interfaces.Length == 0)
                {
                    joined += TryJoin(socket, interfaceIndex: 0) ? 1 : 0; // the kernel picks the interface
                }
                if (joined == 0)
                {
                    socket.Dispose();
                    return null;
                }
                return new FamilySocket(socket, interfaces);
            }
            catch (Exception e) when (e is SocketException or NotSupportedException or PlatformNotSupportedException)
            {
                socket?.Dispose();
                return null;
            }
        }

        public static FamilySocket? TryOpenEphemeral(AddressFamily family, MulticastInterface[] interfaces)
        {
            Socket? socket = null;
            try
            {
                socket = CreateSocket(family);
                socket.Bind(new IPEndPoint(family == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0));
                return new FamilySocket(socket, interfaces);
            }
            catch (Exception e) when (e is SocketException or NotSupportedException or PlatformNotSupportedException)
            {
                socket?.Dispose();
                return null;
            }
        }

        public int SendMulticast(ReadOnlySpan<byte> datagram, int interfaceIndex)
        {
            var sent = 0;
            lock (_sendLock)
            {
                if (_interfaces.Length == 0)
                {
                    return TrySend(datagram, _group) ? 1 : 0; // the kernel's default multicast interface
                }
                // An interface we do not send on (e.g. a query that arrived on loopback) gets the answer on all of ours.
                var known = false;
                foreach (var i in _interfaces)
                {
                    known |= i.Index == interfaceIndex;
                }
                foreach (var i in _interfaces)
                {
                    if (known && i.Index != interfaceIndex)
                    {
                        continue;
                    }
                    try
                    {
                        if (Socket.AddressFamily == AddressFamily.InterNetwork)
                        {
                            // IP_MULTICAST_IF by address: the address bytes read as an int are in network order, as the option expects.
                            Socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface,
                                BitConverter.ToInt32(i.Address.GetAddressBytes(), 0));
                        }
                        else
                        {
                            Socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastInterface, i.Index);
                        }
                    }
                    catch (Exception e) when (e is SocketException or ObjectDisposedException)
                    {
                        continue;
                    }
                    sent += TrySend(datagram, _group) ? 1 : 0;
                }
            }
            return sent;
        }

        public bool SendUnicast(ReadOnlySpan<byte> datagram, IPEndPoint remote)
        {
            lock (_sendLock)
            {
                return TrySend(datagram, remote);
            }
        }

        private bool TrySend(ReadOnlySpan<byte> datagram, IPEndPoint remote)
        {
            try
            {
                return Socket.SendTo(datagram, SocketFlags.None, remote) == datagram.Length;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return false;
            }
        }

        private static Socket CreateSocket(AddressFamily family)
        {
            var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                if (family == AddressFamily.InterNetwork)
                {
                    socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, MdnsConstants.MulticastTimeToLive);
                    socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, true);
                    socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.PacketInformation, true);
                }
                else
                {
                    socket.DualMode = false;
                    socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastTimeToLive, MdnsConstants.MulticastTimeToLive);
                    socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastLoopback, true);
                    socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.PacketInformation, true);
                }
                return socket;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        private static bool TryJoin(Socket socket, int interfaceIndex)
        {
            try
            {
                if (socket.AddressFamily == AddressFamily.InterNetwork)
                {
                    var option = interfaceIndex == 0 ? new MulticastOption(MdnsConstants.IPv4Group) : new MulticastOption(MdnsConstants.IPv4Group, interfaceIndex);
                    socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, option);
                }
                else
                {
                    socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.AddMembership, new IPv6MulticastOption(MdnsConstants.IPv6Group, interfaceIndex));
                }
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }
    }
}
