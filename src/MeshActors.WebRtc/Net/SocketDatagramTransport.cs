using System.Buffers;
using System.Collections.Concurrent;
using System.Net;

namespace MeshActors.WebRtc.Net;

/// <summary>
/// An <see cref="IDatagramTransport"/> over a socket and one fixed remote end point: DTLS and SCTP
/// without ICE (tests, tools, deployments with a known peer). Datagrams from other sources are
/// dropped and counted. The transport owns the socket: it starts it and disposes it.
/// </summary>
/// <remarks>
/// Incoming datagrams reach the receiver on the executor. When the executor is idle the socket's
/// thread runs the receiver inline (<see cref="SerialExecutor.TryEnter"/>), saving a copy and a
/// thread hand-off; otherwise the datagram is copied into a pooled buffer and posted as a pooled
/// work item, so neither path allocates in steady state.
/// </remarks>
public sealed class SocketDatagramTransport : IDatagramTransport, IDatagramSocketHandler, IDisposable
{
    /// <summary>
    /// Default <see cref="MaxDatagramSize"/>: 1200 bytes, the payload WebRTC stacks assume fits any
    /// path's MTU (IPv6 minimum 1280 minus headers; RFC 8831 section 5 guidance for SCTP over DTLS).
    /// </summary>
    public const int DefaultMaxDatagramSize = 1200;

    /// <summary>Idle work items kept for reuse; beyond it they are left to the GC.</summary>
    private const int ItemPoolLimit = 256;

    private readonly IDatagramSocket _socket;
    private readonly SerialExecutor _executor;
    private readonly ConcurrentQueue<DeliveryItem> _itemPool = new();
    private IDatagramReceiver? _receiver;
    private volatile bool _disposed;

    private long _datagramsSent;
    private long _sendsRejected;
    private long _datagramsReceived;
    private long _droppedForeign;
    private long _droppedNoReceiver;
    private long _receiverErrors;

    /// <summary>Creates the transport and starts <paramref name="socket"/> with it as the handler.</summary>
    /// <param name="socket">A bound, not yet started socket; the transport owns it from now on.</param>
    /// <param name="remote">The only peer: datagrams go there, and only its datagrams are received.</param>
    /// <param name="executor">The connection's executor, on which the receiver is called.</param>
    /// <param name="maxDatagramSize">Largest datagram <see cref="Send"/> accepts.</param>
    public SocketDatagramTransport(IDatagramSocket socket, IPEndPoint remote, SerialExecutor executor, int maxDatagramSize = DefaultMaxDatagramSize)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(executor);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDatagramSize);
        _socket = socket;
        // A private copy: IPEndPoint is mutable, and the source filter must not change under us.
        Remote = new IPEndPoint(remote.Address, remote.Port);
        _executor = executor;
        MaxDatagramSize = maxDatagramSize;
        socket.Start(this);
    }

    /// <summary>The peer's end point.</summary>
    public IPEndPoint Remote { get; }

    /// <summary>The underlying socket's local end point.</summary>
    public IPEndPoint LocalEndPoint => _socket.LocalEndPoint;

    /// <inheritdoc />
    public int MaxDatagramSize { get; }

    /// <summary>Datagrams the socket accepted.</summary>
    public long DatagramsSent => Interlocked.Read(ref _datagramsSent);

    /// <summary>Sends refused: larger than <see cref="MaxDatagramSize"/>, transport disposed, or the socket refused.</summary>
    public long SendsRejected => Interlocked.Read(ref _sendsRejected);

    /// <summary>Datagrams from <see cref="Remote"/> handed to the receiver.</summary>
    public long DatagramsReceived => Interlocked.Read(ref _datagramsReceived);

    /// <summary>Datagrams from sources other than <see cref="Remote"/>, dropped.</summary>
    public long DroppedForeign => Interlocked.Read(ref _droppedForeign);

    /// <summary>Datagrams that arrived before a receiver was set, dropped.</summary>
    public long DroppedNoReceiver => Interlocked.Read(ref _droppedNoReceiver);

    /// <summary>Exceptions thrown by the receiver while running inline (posted ones go to <see cref="SerialExecutor.UnhandledException"/>).</summary>
    public long ReceiverErrors => Interlocked.Read(ref _receiverErrors);

    /// <inheritdoc />
    public bool Send(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length > MaxDatagramSize || _disposed || !_socket.SendTo(datagram, Remote))
        {
            Interlocked.Increment(ref _sendsRejected);
            return false;
        }
        Interlocked.Increment(ref _datagramsSent);
        return true;
    }

    /// <inheritdoc />
    public void SetReceiver(IDatagramReceiver receiver)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        Volatile.Write(ref _receiver, receiver);
    }

    /// <summary>Disposes the socket; datagrams already posted to the executor are still delivered.</summary>
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
    void IDatagramSocketHandler.OnDatagram(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        // Sockets hand out one cached instance per source, so the reference check usually decides.
        if (!ReferenceEquals(remote, Remote) && !remote.Equals(Remote))
        {
            Interlocked.Increment(ref _droppedForeign);
            return;
        }
        var receiver = Volatile.Read(ref _receiver);
        if (receiver is null)
        {
            Interlocked.Increment(ref _droppedNoReceiver);
            return;
        }
        Interlocked.Increment(ref _datagramsReceived);
        if (_executor.TryEnter())
        {
            try
            {
                receiver.OnDatagram(datagram);
            }
            catch (Exception)
            {
                Interlocked.Increment(ref _receiverErrors);
            }
            finally
            {
                _executor.Exit();
            }
            return;
        }
        if (!_itemPool.TryDequeue(out var item))
        {
            item = new DeliveryItem(this);
        }
        item.Fill(datagram);
        _executor.Post(item);
    }

    private void Recycle(DeliveryItem item)
    {
        if (_itemPool.Count < ItemPoolLimit)
        {
            _itemPool.Enqueue(item);
        }
    }

    /// <summary>A posted datagram: a pooled copy, delivered to whichever receiver is current when it runs.</summary>
    private sealed class DeliveryItem(SocketDatagramTransport owner) : IWorkItem
    {
        private byte[] _buffer = [];
        private int _length;

        public void Fill(ReadOnlySpan<byte> datagram)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(datagram.Length, 1));
            datagram.CopyTo(_buffer);
            _length = datagram.Length;
        }

        public void Execute()
        {
            var buffer = _buffer;
            var length = _length;
            _buffer = [];
            try
            {
                Volatile.Read(ref owner._receiver)!.OnDatagram(new ReadOnlySpan<byte>(buffer, 0, length));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
                owner.Recycle(this);
            }
        }
    }
}
