using System.Net;
using System.Net.Sockets;

namespace MeshActors.WebRtc.Net;

/// <summary>
/// What every real UDP socket of ours shares, whatever waits for its datagrams: binding, the blocking allocation-free
/// send path, the counters and the delivery of a received datagram to the handler. Subclasses own the receive loop
/// (<see cref="UdpDatagramSocket"/>: a dedicated thread; <see cref="AsyncUdpDatagramSocket"/>: awaited receives).
/// </summary>
public abstract class UdpSocketBase : IDatagramSocket
{
    /// <summary>Receive buffer size: the largest UDP payload (65,507 bytes) fits.</summary>
    private protected const int ReceiveBufferSize = 64 * 1024;

    /// <summary>After this many receive errors in a row the loop backs off 1 ms per error, so a broken socket cannot spin.</summary>
    private protected const int ErrorBurstBeforeBackoff = 64;

    /// <summary>SIO_UDP_CONNRESET: on Windows, stops ICMP port-unreachable from failing later receives.</summary>
    private const int SioUdpConnReset = unchecked((int)0x9800000C);

    private readonly SendAddressCache _sendCache;
    private IDatagramSocketHandler? _handler;
    private volatile bool _disposed;
    private long _datagramsSent;
    private long _bytesSent;
    private long _sendFailures;
    private long _datagramsReceived;
    private long _bytesReceived;
    private long _receiveErrors;
    private long _handlerErrors;

    /// <summary>Binds a UDP socket of the end point's address family; port 0 picks a free port.</summary>
    /// <param name="localEndPoint">Where to bind.</param>
    /// <param name="kernelBufferSize">SO_RCVBUF / SO_SNDBUF to ask for, or 0 for the system's defaults.</param>
    /// <exception cref="SocketException">The address cannot be bound.</exception>
    private protected UdpSocketBase(IPEndPoint localEndPoint, int kernelBufferSize)
    {
        ArgumentNullException.ThrowIfNull(localEndPoint);
        Socket = new Socket(localEndPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (kernelBufferSize > 0)
            {
                TrySetBufferSizes(Socket, kernelBufferSize);
            }
            if (OperatingSystem.IsWindows())
            {
                Socket.IOControl(SioUdpConnReset, [0, 0, 0, 0], null);
            }
            Socket.Bind(localEndPoint);
        }
        catch
        {
            Socket.Dispose();
            throw;
        }
        LocalEndPoint = (IPEndPoint)Socket.LocalEndPoint!;
        _sendCache = new SendAddressCache(Socket.AddressFamily, Socket.AddressFamily == AddressFamily.InterNetworkV6 && Socket.DualMode);
    }

    /// <inheritdoc />
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Datagrams handed to the kernel.</summary>
    public long DatagramsSent => Interlocked.Read(ref _datagramsSent);

    /// <summary>Payload bytes handed to the kernel.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Sends that failed (socket error, closed socket, address family mismatch).</summary>
    public long SendFailures => Interlocked.Read(ref _sendFailures);

    /// <summary>Datagrams received (delivered to the handler or not).</summary>
    public long DatagramsReceived => Interlocked.Read(ref _datagramsReceived);

    /// <summary>Payload bytes received.</summary>
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <summary>Receives that failed, e.g. ICMP-caused connection resets; the loop carried on.</summary>
    public long ReceiveErrors => Interlocked.Read(ref _receiveErrors);

    /// <summary>Exceptions thrown by the handler; the datagram was dropped and the loop carried on.</summary>
    public long HandlerErrors => Interlocked.Read(ref _handlerErrors);

    /// <summary>The bound socket.</summary>
    private protected Socket Socket { get; }

    /// <summary>True once <see cref="Dispose"/> has begun.</summary>
    private protected bool IsDisposed => _disposed;

    /// <summary>The handler given to <see cref="Start"/>.</summary>
    private protected IDatagramSocketHandler Handler => _handler!;

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
            Socket.SendTo(datagram, SocketFlags.None, address);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Unreachable network, message too long, closed meanwhile: a loss, not an error.
            Interlocked.Increment(ref _sendFailures);
            return false;
        }
        Interlocked.Increment(ref _datagramsSent);
        Interlocked.Add(ref _bytesSent, datagram.Length);
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
        StartReceiving();
    }

    /// <summary>Closes the socket; a blocked or pending receive ends at once.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        // Closing wakes a receive blocked in the kernel (the runtime shuts the socket down first).
        Socket.Dispose();
        OnDisposed();
    }

    /// <summary>Begins the receive loop; the handler is set.</summary>
    private protected abstract void StartReceiving();

    /// <summary>Runs after the socket is closed (e.g. to wait for a receive thread).</summary>
    private protected virtual void OnDisposed()
    {
    }

    /// <summary>
    /// Counts a failed receive (ICMP port unreachable, a truncated datagram: the socket is still good); true when
    /// <paramref name="errorsInARow"/> is past the burst after which the loop should back off.
    /// </summary>
    private protected bool CountReceiveError(ref int errorsInARow)
    {
        Interlocked.Increment(ref _receiveErrors);
        return ++errorsInARow > ErrorBurstBeforeBackoff;
    }

    /// <summary>Counts a received datagram and hands it to the handler; a handler that throws is counted, not fatal.</summary>
    private protected void Deliver(IDatagramSocketHandler handler, ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        Interlocked.Increment(ref _datagramsReceived);
        Interlocked.Add(ref _bytesReceived, datagram.Length);
        try
        {
            handler.OnDatagram(datagram, remote);
        }
        catch (Exception)
        {
            // The handler contract says it must not throw; a bug there must not end the loop.
            Interlocked.Increment(ref _handlerErrors);
        }
    }

    private static void TrySetBufferSizes(Socket socket, int size)
    {
        // Linux caps these at net.core.rmem_max/wmem_max silently; other systems may refuse large
        // values, in which case the default buffers still work, only with more loss under bursts.
        try
        {
            socket.ReceiveBufferSize = size;
            socket.SendBufferSize = size;
        }
        catch (SocketException)
        {
        }
    }
}
