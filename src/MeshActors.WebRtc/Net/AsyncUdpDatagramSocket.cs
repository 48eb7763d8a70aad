using System.Net;
using System.Net.Sockets;

namespace MeshActors.WebRtc.Net;

/// <summary>
/// A real UDP socket without a thread of its own: receives are awaited (<c>ReceiveFromAsync</c> into a
/// <see cref="SocketAddress"/>, allocation-free), so thousands of sockets share the runtime's socket event thread and
/// the thread pool instead of needing a thread each. Datagrams already queued in the kernel are handled in one go.
/// </summary>
/// <remarks>
/// Use it where one process holds many connections that each see little traffic (load generators, a client process
/// with many peers): a <see cref="UdpDatagramSocket"/> moves more datagrams per second on one busy socket (a blocking
/// thread receives about 1.7× faster than the async APIs on the reference machine) but costs a thread per socket.
/// Sends are blocking, as in <see cref="UdpDatagramSocket"/>. Get these sockets from <see cref="AsyncUdpNetwork"/>.
/// </remarks>
public sealed class AsyncUdpDatagramSocket : IDatagramSocket
{
    /// <summary>Receive buffer size: the largest UDP payload (65,507 bytes) fits.</summary>
    private const int ReceiveBufferSize = 64 * 1024;

    /// <summary>After this many receive errors in a row the loop backs off 1 ms per error, so a broken socket cannot spin.</summary>
    private const int ErrorBurstBeforeBackoff = 64;

    private readonly Socket _socket;
    private readonly SendAddressCache _sendCache;
    private readonly byte[] _receiveBuffer = new byte[ReceiveBufferSize];
    private IDatagramSocketHandler? _handler;
    private volatile bool _disposed;
    private long _datagramsSent;
    private long _sendFailures;
    private long _datagramsReceived;
    private long _receiveErrors;
    private long _handlerErrors;

    /// <summary>Binds a UDP socket of the end point's address family; port 0 picks a free port.</summary>
    /// <exception cref="SocketException">The address cannot be bound.</exception>
    public AsyncUdpDatagramSocket(IPEndPoint localEndPoint)
    {
        ArgumentNullException.ThrowIfNull(localEndPoint);
        _socket = new Socket(localEndPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _socket.Bind(localEndPoint);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _sendCache = new SendAddressCache(_socket.AddressFamily, _socket.AddressFamily == AddressFamily.InterNetworkV6 && _socket.DualMode);
    }

    /// <inheritdoc />
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Datagrams handed to the kernel.</summary>
    public long DatagramsSent => Interlocked.Read(ref _datagramsSent);

    /// <summary>Sends that failed (socket error, closed socket, address family mismatch).</summary>
    public long SendFailures => Interlocked.Read(ref _sendFailures);

    /// <summary>Datagrams received (delivered to the handler or not).</summary>
    public long DatagramsReceived => Interlocked.Read(ref _datagramsReceived);

    /// <summary>Receives that failed, e.g. ICMP-caused connection resets; the loop carried on.</summary>
    public long ReceiveErrors => Interlocked.Read(ref _receiveErrors);

    /// <summary>Exceptions thrown by the handler; the datagram was dropped and the loop carried on.</summary>
    public long HandlerErrors => Interlocked.Read(ref _handlerErrors);

    /// <inheritdoc />
    public bool SendTo(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var address = _disposed ? null : _sendCache.Get(remote);
        if (address is null)
        {
            Interlocked.Increment(ref _sendFailures);
            return false;
        }
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, address);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Unreachable network, message too long, closed meanwhile: a loss, not an error.
            Interlocked.Increment(ref _sendFailures);
            return false;
        }
        Interlocked.Increment(ref _datagramsSent);
        return true;
    }

    /// <inheritdoc />
    /// <remarks>Datagrams that arrived before this call wait in the kernel buffer and are delivered.</remarks>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    /// <exception cref="ObjectDisposedException">The socket is disposed.</exception>
    public void Start(IDatagramSocketHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Interlocked.CompareExchange(ref _handler, handler, null) is not null)
        {
            throw new InvalidOperationException("The socket is already started; Start may be called once.");
        }
        _ = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>Closes the socket; a pending receive ends at once.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _socket.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => "udp (async) " + LocalEndPoint;

    private async Task ReceiveLoopAsync()
    {
        var handler = _handler!;
        var family = _socket.AddressFamily;
        var received = new SocketAddress(family, SocketAddress.GetMaximumAddressSize(family));
        var endPoints = new ReceiveEndPointCache(family);
        var errorsInARow = 0;
        while (!_disposed)
        {
            int length;
            try
            {
                length = await _socket.ReceiveFromAsync(_receiveBuffer, SocketFlags.None, received).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                if (_disposed)
                {
                    break;
                }
                Interlocked.Increment(ref _receiveErrors);
                if (++errorsInARow > ErrorBurstBeforeBackoff)
                {
                    await Task.Delay(1).ConfigureAwait(false);
                }
                continue;
            }
            errorsInARow = 0;
            if (_disposed)
            {
                break;
            }
            Interlocked.Increment(ref _datagramsReceived);
            try
            {
                handler.OnDatagram(new ReadOnlySpan<byte>(_receiveBuffer, 0, length), endPoints.Get(received));
            }
            catch (Exception)
            {
                // The handler contract says it must not throw; a bug there must not end the loop.
                Interlocked.Increment(ref _handlerErrors);
            }
        }
    }
}
