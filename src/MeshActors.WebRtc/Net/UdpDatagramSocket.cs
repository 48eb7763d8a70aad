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
public sealed class UdpDatagramSocket : UdpSocketBase
{
    /// <summary>Requested kernel buffer size (SO_RCVBUF / SO_SNDBUF): the machine's maximum, 4 MiB.</summary>
    public const int KernelBufferSize = 4 * 1024 * 1024;

    private readonly byte[] _receiveBuffer = new byte[ReceiveBufferSize];
    private Thread? _thread;

    /// <summary>Binds a UDP socket of the end point's address family; port 0 picks a free port.</summary>
    /// <exception cref="SocketException">The address cannot be bound.</exception>
    public UdpDatagramSocket(IPEndPoint localEndPoint)
        : base(localEndPoint, KernelBufferSize)
    {
    }

    /// <summary>Whether the receive thread is running (started and not yet ended by <see cref="UdpSocketBase.Dispose"/>).</summary>
    public bool IsReceiving => _thread is { IsAlive: true };

    /// <inheritdoc />
    public override string ToString() => "udp " + LocalEndPoint;

    private protected override void StartReceiving()
    {
        var thread = new Thread(ReceiveLoop)
        {
            IsBackground = true,
            Name = "UDP receive " + LocalEndPoint,
        };
        _thread = thread;
        thread.Start();
    }

    /// <summary>The receive thread ends promptly once the socket is closed; wait up to a second for it.</summary>
    private protected override void OnDisposed()
    {
        var thread = _thread;
        if (thread is not null && thread != Thread.CurrentThread)
        {
            thread.Join(TimeSpan.FromSeconds(1));
        }
    }

    private void ReceiveLoop()
    {
        var handler = Handler;
        var buffer = _receiveBuffer;
        var family = Socket.AddressFamily;
        var received = new SocketAddress(family, SocketAddress.GetMaximumAddressSize(family));
        var endPoints = new ReceiveEndPointCache(family);
        var errorsInARow = 0;
        while (!IsDisposed)
        {
            int length;
            try
            {
                length = Socket.ReceiveFrom(buffer, SocketFlags.None, received);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                if (IsDisposed)
                {
                    break;
                }
                if (CountReceiveError(ref errorsInARow))
                {
                    Thread.Sleep(1);
                }
                continue;
            }
            errorsInARow = 0;
            if (IsDisposed)
            {
                break;
            }
            Deliver(handler, new ReadOnlySpan<byte>(buffer, 0, length), endPoints.Get(received));
        }
    }
}
