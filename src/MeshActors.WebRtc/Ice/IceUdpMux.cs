using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MeshActors.WebRtc.Net;
using MeshActors.WebRtc.Stun;

namespace MeshActors.WebRtc.Ice;

/// <summary>
/// Single-port mode: one UDP socket shared by many <see cref="IceTransport"/>s, what a server with
/// one open port needs. Connectivity checks are routed by the receiving agent's ufrag (the part of
/// USERNAME before ':', RFC 8445 §7.2.2); everything else (answers, DTLS) by the remote address,
/// which is bound to an agent when it sends there or validates a check from there. Datagrams that
/// match no agent are dropped and counted, so garbage from one source never reaches other agents.
/// </summary>
/// <remarks>
/// Give the mux to each transport through <see cref="IceTransportOptions.Mux"/>. The mux asks the
/// STUN servers for its one server-reflexive address once and shares it. Routing runs on the
/// socket's receive thread and allocates nothing.
/// </remarks>
public sealed class IceUdpMux : IDatagramSocketHandler, IDisposable
{
    private readonly IDatagramSocket _socket;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, MuxSocket> _byUfrag = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, MuxSocket>.AlternateLookup<ReadOnlySpan<char>> _byUfragSpan;
    private readonly ConcurrentDictionary<IPEndPoint, MuxSocket> _byRemote = new();
    private readonly ConcurrentDictionary<TransactionId, ServerQuery> _gathers = new();
    private readonly object _gate = new();
    private readonly List<(IPEndPoint Mapped, IPEndPoint Server)> _serverReflexiveFound = [];
    private readonly List<Action<IReadOnlyList<(IPEndPoint Mapped, IPEndPoint Server)>>> _serverReflexiveWaiters = [];
    private IReadOnlyList<(IPEndPoint Mapped, IPEndPoint Server)>? _serverReflexive;
    private bool _serverReflexiveStarted;
    private int _pendingQueries;
    private volatile bool _disposed;
    private long _routed;
    private long _droppedUnknownUsername;
    private long _droppedUnknownSource;
    private long _droppedMalformed;

    private IceUdpMux(IDatagramSocket socket, IReadOnlyList<IPEndPoint> hostEndPoints, TimeProvider time)
    {
        _socket = socket;
        _time = time;
        HostEndPoints = hostEndPoints;
        _byUfragSpan = _byUfrag.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The bound socket's end point.</summary>
    public IPEndPoint LocalEndPoint => _socket.LocalEndPoint;

    /// <summary>The host candidates every agent on this mux advertises.</summary>
    public IReadOnlyList<IPEndPoint> HostEndPoints { get; }

    /// <summary>Agents currently sharing the socket.</summary>
    public int AgentCount => _byUfrag.Count;

    /// <summary>Datagrams handed to an agent.</summary>
    public long Routed => Interlocked.Read(ref _routed);

    /// <summary>Checks whose ufrag belongs to no agent.</summary>
    public long DroppedUnknownUsername => Interlocked.Read(ref _droppedUnknownUsername);

    /// <summary>Answers and other datagrams from addresses bound to no agent.</summary>
    public long DroppedUnknownSource => Interlocked.Read(ref _droppedUnknownSource);

    /// <summary>STUN-range datagrams from unknown sources that did not decode, or checks without a usable USERNAME.</summary>
    public long DroppedMalformed => Interlocked.Read(ref _droppedMalformed);

    /// <summary>
    /// Binds the shared socket. The advertised host addresses are <paramref name="advertisedAddresses"/>
    /// when given (for example the public address of a server behind a 1:1 NAT), else the bound
    /// address, or for a wildcard bind the network's usable addresses of that family.
    /// </summary>
    public static IceUdpMux Bind(IDatagramNetwork network, IPEndPoint localEndPoint, IReadOnlyList<IPAddress>? advertisedAddresses = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(localEndPoint);
        var socket = network.Bind(localEndPoint);
        var port = socket.LocalEndPoint.Port;
        var hosts = new List<IPEndPoint>();
        if (advertisedAddresses is not null)
        {
            foreach (var address in advertisedAddresses)
            {
                hosts.Add(new IPEndPoint(address, port));
            }
        }
        else if (localEndPoint.Address.Equals(IPAddress.Any) || localEndPoint.Address.Equals(IPAddress.IPv6Any))
        {
            foreach (var address in network.GetLocalAddresses(includeLoopback: false))
            {
                if (address.AddressFamily == localEndPoint.AddressFamily)
                {
                    hosts.Add(new IPEndPoint(address, port));
                }
            }
        }
        else
        {
            hosts.Add(socket.LocalEndPoint);
        }
        var mux = new IceUdpMux(socket, hosts, network.Time);
        socket.Start(mux);
        return mux;
    }

    /// <summary>Closes the shared socket; every agent on it stops receiving.</summary>
    public void Dispose()
    {
        _disposed = true;
        _socket.Dispose();
        foreach (var pending in _gathers)
        {
            pending.Value.OnAnswer(null);
        }
    }

    /// <summary>A share of the socket for the agent whose local ufrag is <paramref name="usernameFragment"/>.</summary>
    internal MuxSocket CreateSocket(string usernameFragment) => new(this, usernameFragment);

    /// <inheritdoc/>
    void IDatagramSocketHandler.OnDatagram(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        if (_disposed || datagram.IsEmpty)
        {
            return;
        }
        if (datagram[0] > 3)
        {
            // DTLS and anything else: by address only.
            RouteByRemote(datagram, remote);
            return;
        }
        var status = StunMessage.TryRead(datagram, out var message);
        if (status is not (StunReadStatus.Ok or StunReadStatus.UnknownRequiredAttributes))
        {
            // Garbage from a known peer is that agent's to count; from anyone else it stops here.
            if (_byRemote.TryGetValue(remote, out var known))
            {
                Deliver(known, datagram, remote);
            }
            else
            {
                Interlocked.Increment(ref _droppedMalformed);
            }
            return;
        }
        if (message.Class == StunClass.Request)
        {
            RouteByUsername(datagram, message.Username, remote);
            return;
        }
        if (message.Class == StunClass.SuccessResponse && _gathers.TryRemove(message.TransactionId, out var gather))
        {
            gather.OnAnswer(message.TryGetXorMappedAddress(out var mapped) || message.TryGetMappedAddress(out mapped) ? mapped : null);
            return;
        }
        RouteByRemote(datagram, remote);
    }

    private void RouteByUsername(ReadOnlySpan<byte> datagram, ReadOnlySpan<byte> username, IPEndPoint remote)
    {
        var colon = username.IndexOf((byte)':');
        if (colon <= 0 || colon > IceParameters.MaxLength)
        {
            Interlocked.Increment(ref _droppedMalformed);
            return;
        }
        Span<char> ufrag = stackalloc char[colon];
        for (var i = 0; i < colon; i++)
        {
            var b = username[i];
            if (b > 127)
            {
                Interlocked.Increment(ref _droppedMalformed);
                return;
            }
            ufrag[i] = (char)b;
        }
        if (_byUfragSpan.TryGetValue(ufrag, out var target))
        {
            Deliver(target, datagram, remote);
        }
        else
        {
            Interlocked.Increment(ref _droppedUnknownUsername);
        }
    }

    private void RouteByRemote(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        if (_byRemote.TryGetValue(remote, out var target))
        {
            Deliver(target, datagram, remote);
        }
        else
        {
            Interlocked.Increment(ref _droppedUnknownSource);
        }
    }

    private void Deliver(MuxSocket target, ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        Interlocked.Increment(ref _routed);
        target.Deliver(datagram, remote);
    }

    /// <summary>
    /// Calls <paramref name="callback"/> with the server-reflexive address of the shared socket from
    /// each STUN server that answered. The servers are asked once (the first caller's list) and the
    /// answer is shared by every agent; the callback runs on the thread that completes the queries.
    /// </summary>
    internal void GetServerReflexive(IReadOnlyList<IPEndPoint> servers, Action<IReadOnlyList<(IPEndPoint Mapped, IPEndPoint Server)>> callback)
    {
        IReadOnlyList<(IPEndPoint, IPEndPoint)>? result;
        var start = false;
        lock (_gate)
        {
            result = _serverReflexive;
            if (result is null)
            {
                _serverReflexiveWaiters.Add(callback);
                start = !_serverReflexiveStarted;
                _serverReflexiveStarted = true;
            }
        }
        if (result is not null)
        {
            callback(result);
            return;
        }
        if (start)
        {
            var queries = new List<ServerQuery>();
            foreach (var server in servers)
            {
                if (server.AddressFamily == _socket.LocalEndPoint.AddressFamily)
                {
                    queries.Add(new ServerQuery(this, server));
                }
            }
            lock (_gate)
            {
                _pendingQueries = queries.Count;
            }
            if (queries.Count == 0)
            {
                CompleteServerReflexive();
            }
            foreach (var query in queries)
            {
                query.Send();
            }
        }
    }

    private void QueryDone(IPEndPoint server, IPEndPoint? mapped)
    {
        bool last;
        lock (_gate)
        {
            if (mapped is not null)
            {
                _serverReflexiveFound.Add((mapped, server));
            }
            last = --_pendingQueries == 0;
        }
        if (last)
        {
            CompleteServerReflexive();
        }
    }

    private void CompleteServerReflexive()
    {
        List<Action<IReadOnlyList<(IPEndPoint, IPEndPoint)>>> waiters;
        IReadOnlyList<(IPEndPoint, IPEndPoint)> result;
        lock (_gate)
        {
            result = _serverReflexive = _serverReflexiveFound.ToArray();
            waiters = [.. _serverReflexiveWaiters];
            _serverReflexiveWaiters.Clear();
        }
        foreach (var waiter in waiters)
        {
            waiter(result);
        }
    }

    /// <summary>
    /// One Binding request to one STUN server, retried on RTO 500 ms doubling (RFC 8489 §6.2.1) up to
    /// <see cref="IceAgentOptions.MaxGatherAttempts"/> tries, on the network's clock.
    /// </summary>
    private sealed class ServerQuery(IceUdpMux mux, IPEndPoint server)
    {
        private readonly byte[] _buffer = new byte[StunConstants.HeaderLength + 8];
        private readonly object _lock = new();
        private TimeSpan _rto = IceAgentOptions.Default.InitialRto;
        private int _attempts;
        private bool _done;
        private TransactionId _id;
        private ITimer? _timer;

        public void Send()
        {
            lock (_lock)
            {
                if (_done)
                {
                    return;
                }
                _attempts++;
                _id = TransactionId.NewRandom();
                mux._gathers[_id] = this;
                var w = new StunMessageWriter(_buffer, StunMethod.Binding, StunClass.Request, _id);
                w.AddFingerprint();
                _timer?.Dispose();
                _timer = mux._time.CreateTimer(static s => ((ServerQuery)s!).OnTimeout(), this, _rto, Timeout.InfiniteTimeSpan);
                mux._socket.SendTo(w.Written, server);
            }
        }

        public void OnAnswer(IPEndPoint? mapped)
        {
            lock (_lock)
            {
                if (_done)
                {
                    return;
                }
                _done = true;
                _timer?.Dispose();
            }
            mux.QueryDone(server, mapped);
        }

        private void OnTimeout()
        {
            lock (_lock)
            {
                if (_done)
                {
                    return;
                }
                mux._gathers.TryRemove(_id, out _);
                if (_attempts < IceAgentOptions.Default.MaxGatherAttempts && !mux._disposed)
                {
                    _rto += _rto;
                }
                else
                {
                    _done = true;
                }
            }
            if (_done)
            {
                mux.QueryDone(server, null);
            }
            else
            {
                Send();
            }
        }
    }

    private bool Register(MuxSocket socket) => _byUfrag.TryAdd(socket.UsernameFragment, socket);

    private void Unregister(MuxSocket socket)
    {
        _byUfrag.TryRemove(new KeyValuePair<string, MuxSocket>(socket.UsernameFragment, socket));
        foreach (var entry in _byRemote)
        {
            if (ReferenceEquals(entry.Value, socket))
            {
                _byRemote.TryRemove(entry);
            }
        }
    }

    /// <summary>
    /// One agent's view of the shared socket: sending binds the destination to this agent (so its
    /// answers come back here), receiving gets what the mux routed to it.
    /// </summary>
    internal sealed class MuxSocket(IceUdpMux mux, string usernameFragment) : IDatagramSocket
    {
        private IDatagramSocketHandler? _handler;
        private volatile bool _disposed;

        public string UsernameFragment { get; } = usernameFragment;

        public IPEndPoint LocalEndPoint => mux.LocalEndPoint;

        public bool SendTo(ReadOnlySpan<byte> datagram, IPEndPoint remote)
        {
            if (_disposed)
            {
                return false;
            }
            if (!mux._byRemote.ContainsKey(remote))
            {
                mux._byRemote.TryAdd(remote, this);
            }
            return mux._socket.SendTo(datagram, remote);
        }

        public void Start(IDatagramSocketHandler handler)
        {
            _handler = handler;
            if (!mux.Register(this))
            {
                throw new InvalidOperationException($"Another agent on this mux already uses ufrag '{UsernameFragment}'.");
            }
        }

        /// <summary>An authenticated check or answer came from <paramref name="remote"/>: its datagrams are ours.</summary>
        public void Route(IPEndPoint remote)
        {
            if (!_disposed)
            {
                mux._byRemote[remote] = this;
            }
        }

        public void Deliver(ReadOnlySpan<byte> datagram, IPEndPoint remote)
        {
            if (!_disposed)
            {
                _handler?.OnDatagram(datagram, remote);
            }
        }

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            mux.Unregister(this);
        }
    }
}
