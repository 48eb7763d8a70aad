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
public sealed class AsyncUdpDatagramSocket : UdpSocketBase
{
    private readonly byte[] _receiveBuffer = new byte[ReceiveBufferSize];

    /// <summary>Binds a UDP socket of the end point's address family (system buffer sizes); port 0 picks a free port.</summary>
    /// <exception cref="SocketException">The address cannot be bound.</exception>
    public AsyncUdpDatagramSocket(IPEndPoint localEndPoint)
        : base(localEndPoint, kernelBufferSize: 0)
    {
    }

    /// <inheritdoc />
    public override string ToString() => "udp (async) " + LocalEndPoint;

    private protected override void StartReceiving() => _ = Task.Run(ReceiveLoopAsync);

    private async Task ReceiveLoopAsync()
    {
        var handler = Handler;
        var family = Socket.AddressFamily;
        var received = new SocketAddress(family, SocketAddress.GetMaximumAddressSize(family));
        var endPoints = new ReceiveEndPointCache(family);
        var errorsInARow = 0;
        while (!IsDisposed)
        {
            int length;
            try
            {
                length = await Socket.ReceiveFromAsync(_receiveBuffer, SocketFlags.None, received).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                if (IsDisposed)
                {
                    break;
                }
                if (CountReceiveError(ref errorsInARow))
                {
                    await Task.Delay(1).ConfigureAwait(false);
                }
                continue;
            }
            errorsInARow = 0;
            if (IsDisposed)
            {
                break;
            }
            Deliver(handler, new ReadOnlySpan<byte>(_receiveBuffer, 0, length), endPoints.Get(received));
        }
    }
}
