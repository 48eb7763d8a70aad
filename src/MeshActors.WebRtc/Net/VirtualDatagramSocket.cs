using System.Net;

namespace MeshActors.WebRtc.Net;

/// <summary>
/// A socket bound on a <see cref="VirtualHost"/>. Datagrams reach the handler on the
/// <see cref="VirtualNetwork"/>'s pump. Datagrams that arrive before <see cref="Start"/> are
/// dropped (and counted by the network as having no listener).
/// </summary>
public sealed class VirtualDatagramSocket : IDatagramSocket
{
    // Source end points are shared instances so receivers can compare and keep them (see
    // IDatagramSocketHandler); a wildcard-bound socket has one per source address it used.
    private readonly Dictionary<IPAddress, IPEndPoint> _sources = new();
    private IDatagramSocketHandler? _handler;
    private bool _closed;
    private long _datagramsSent;
    private long _datagramsReceived;

    internal VirtualDatagramSocket(VirtualHost host, IPEndPoint localEndPoint)
    {
        Host = host;
        LocalEndPoint = localEndPoint;
    }

    /// <summary>The host this socket is bound on.</summary>
    public VirtualHost Host { get; }

    /// <inheritdoc />
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Datagrams this socket put on the network.</summary>
    public long DatagramsSent => Interlocked.Read(ref _datagramsSent);

    /// <summary>Datagrams delivered to this socket's handler.</summary>
    public long DatagramsReceived => Interlocked.Read(ref _datagramsReceived);

    /// <inheritdoc />
    /// <remarks>
    /// Returns <c>false</c> when the socket or network is closed, the destination's address family
    /// differs from the socket's, or the host has no address to send from; every impairment on
    /// the way (loss, partition, NAT filtering, no listener) is silent, as on a real network.
    /// </remarks>
    public bool SendTo(ReadOnlySpan<byte> datagram, IPEndPoint remote) => Host.Network.Send(this, datagram, remote);

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">Already started.</exception>
    /// <exception cref="ObjectDisposedException">The socket is disposed.</exception>
    public void Start(IDatagramSocketHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (Host.Network.Gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            if (_handler is not null)
            {
                throw new InvalidOperationException("The socket is already started; Start may be called once.");
            }
            _handler = handler;
        }
    }

    /// <summary>Unbinds the socket; datagrams still in flight to it are dropped.</summary>
    public void Dispose()
    {
        lock (Host.Network.Gate)
        {
            if (_closed)
            {
                return;
            }
            _closed = true;
            _handler = null;
            Host.Unbind(this);
        }
    }

    /// <inheritdoc />
    public override string ToString() => "virtual " + LocalEndPoint;

    // Called with the network lock held.

    internal bool IsClosed => _closed;

    internal IDatagramSocketHandler? Handler => _handler;

    internal void CountSent() => _datagramsSent++;

    internal void CountReceived() => _datagramsReceived++;

    /// <summary>The end point datagrams to <paramref name="destination"/> come from, before any NAT.</summary>
    internal IPEndPoint? SourceFor(IPAddress destination)
    {
        if (!VirtualHost.IsWildcard(LocalEndPoint.Address))
        {
            return LocalEndPoint;
        }
        var address = Host.ChooseSourceAddress(destination);
        if (address is null)
        {
            return null;
        }
        if (!_sources.TryGetValue(address, out var source))
        {
            source = new IPEndPoint(address, LocalEndPoint.Port);
            _sources.Add(address, source);
        }
        return source;
    }
}
