using System.Net;
using System.Net.Sockets;

namespace MeshActors.WebRtc.Net;

/// <summary>
/// A real UDP socket with one dedicated receive thread. Receiving and sending allocate nothing
/// in steady state; errors never stop the socket, they are counted.
/// </summary>
/// <remarks>
/// Why a blocking thread instead of async receives: on the reference machine a blocking
/// <c>ReceiveFrom(Span, SocketFlags, SocketAddress)</c> loop moves about 1.7× the datagrams per
/// second of the async socket APIs (see the project's measured limits), and one thread per bound
/// socket is cheap because a peer connection shares the few sockets ICE gathers.
/// Sends are blocking too: when the kernel send buffer is full the caller waits briefly, which is
/// the back-pressure a UDP sender should feel.
/// </remarks>
public sealed class UdpDatagramSocket : IDatagramSocket
{
    /// <summary>Requested kernel buffer size (SO_RCVBUF / SO_SNDBUF): the machine's maximum, 4 MiB.</summary>
    public const int KernelBufferSize = 4 * 1024 * 1024;

    /// <summary>Receive buffer size: the largest UDP payload (65,507 bytes) fits.</summary>
    private const int ReceiveBufferSize = 64 * 1024;

    /// <summary>After this many receive errors in a row the thread backs off 1 ms per error, so a broken socket cannot spin a core.</summary>
    private const int ErrorBurstBeforeBackoff = 64;

    /// <summary>SIO_UDP_CONNRESET: on Windows, stops ICMP port-unreachable from failing later receives.</summary>
    private const int SioUdpConnReset = unchecked((int)0x9800000C);

    private readonly Socket _socket;
    private readonly SendAddressCache _sendCache;
    private readonly byte[] _receiveBuffer = new byte[ReceiveBufferSize];
    private IDatagramSocketHandler? _handler;
    private Thread? _thread;
    private volatile bool _disposed;

    private long _datagramsSent;
    private long _bytesSent;
    private long _sendFailures;
    private long _datagramsReceived;
    private long _bytesReceived;
    private long _receiveErrors;
    private long _handlerErrors;

    /// <summary>Binds a UDP socket of the end point's address family; port 0 picks a free port.</summary>
    /// <exception cref="SocketException">The address cannot be bound.</exception>
    public UdpDatagramSocket(IPEndPoint localEndPoint)
    {
        ArgumentNullException.ThrowIfNull(localEndPoint);
        _socket = new Socket(localEndPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            TrySetBufferSizes(_socket);
            if (OperatingSystem.IsWindows())
            {
                _socket.IOControl(SioUdpConnReset, [0, 0, 0, 0], null);
            }
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

    /// <summary>Payload bytes handed to the kernel.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Sends that failed (socket error, closed socket, address family mismatch).</summary>
    public long SendFailures => Interlocked.Read(ref _sendFailures);

    /// <summary>Datagrams received (delivered to the handler or not).</summary>
    public long DatagramsReceived => Interlocked.Read(ref _datagramsReceived);

    /// <summary>Payload bytes received.</summary>
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <summary>Receive calls that failed, e.g. ICMP-caused connection resets; the thread carried on.</summary>
    public long ReceiveErrors => Interlocked.Read(ref _receiveErrors);

    /// <summary>Exceptions thrown by the handler; the datagram was dropped and the thread carried on.</summary>
    public long HandlerErrors => Interlocked.Read(ref _handlerErrors);

    /// <summary>Whether the receive thread is running (started and not yet ended by <see cref="Dispose"/>).</summary>
    public bool IsReceiving => _thread is { IsAlive: true };

    /// <inheritdoc />
    public bool SendTo(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        if (_disposed)
        {
            Interlocked.Increment(ref _sendFailures);
            return false;
        }
        var address = _sendCache.Get(remote);
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
        var thread = new Thread(ReceiveLoop)
        {
            IsBackground = true,
            Name = "UDP receive " + LocalEndPoint,
        };
        _thread = thread;
        thread.Start();
    }

    /// <summary>Closes the socket; the receive thread ends promptly (this call waits up to a second for it).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        // Closing wakes a thread blocked in ReceiveFrom (the runtime shuts the socket down first).
        _socket.Dispose();
        var thread = _thread;
        if (thread is not null && thread != Thread.CurrentThread)
        {
            thread.Join(TimeSpan.FromSeconds(1));
        }
    }

    /// <inheritdoc />
    public override string ToString() => "udp " + LocalEndPoint;

    private static void TrySetBufferSizes(Socket socket)
    {
        // Linux caps these at net.core.rmem_max/wmem_max silently; other systems may refuse large
        // values, in which case the default buffers still work, only with more loss under bursts.
        try
        {
            socket.ReceiveBufferSize = KernelBufferSize;
            socket.SendBufferSize = KernelBufferSize;
        }
        catch (SocketException)
        {
        }
    }

    private void ReceiveLoop()
    {
        var handler = _handler!;
        var buffer = _receiveBuffer;
        var family = _socket.AddressFamily;
        var received = new SocketAddress(family, SocketAddress.GetMaximumAddressSize(family));
        var endPoints = new ReceiveEndPointCache(family);
        var errorsInARow = 0;
        while (!_disposed)
        {
            int length;
            try
            {
                length = _socket.ReceiveFrom(buffer, SocketFlags.None, received);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                if (_disposed)
                {
                    break;
                }
                // ICMP port unreachable (ConnectionReset/Refused), a truncated datagram, ...: the
                // socket is still good, keep receiving.
                Interlocked.Increment(ref _receiveErrors);
                if (++errorsInARow > ErrorBurstBeforeBackoff)
                {
                    Thread.Sleep(1);
                }
                continue;
            }
            errorsInARow = 0;
            if (_disposed)
            {
                break;
            }
            var remote = endPoints.Get(received);
            Interlocked.Increment(ref _datagramsReceived);
            Interlocked.Add(ref _bytesReceived, length);
            try
            {
                handler.OnDatagram(new ReadOnlySpan<byte>(buffer, 0, length), remote);
            }
            catch (Exception)
            {
                // The handler contract says it must not throw; a bug there must not kill the socket.
                Interlocked.Increment(ref _handlerErrors);
            }
        }
    }
}
