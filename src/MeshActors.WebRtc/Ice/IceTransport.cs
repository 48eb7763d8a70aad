using System.Collections.Concurrent;
using System.Net;
using MeshActors.WebRtc.Net;

namespace MeshActors.WebRtc.Ice;

/// <summary>
/// The ICE driver: owns the sockets (or a share of an <see cref="IceUdpMux"/>) and one timer, runs
/// an <see cref="IceAgent"/> core on a <see cref="SerialExecutor"/>, gathers candidates, and offers
/// the selected pair to DTLS as an <see cref="IDatagramTransport"/>.
/// </summary>
/// <remarks>
/// <para>Control methods (<see cref="StartGathering"/>, <see cref="SetRemoteParameters"/>,
/// <see cref="AddRemoteCandidate(IceCandidate)"/>, …) may be called from any thread: they run on the
/// executor. Every event is raised on the executor. <see cref="Send"/> may be called from any thread.</para>
/// <para>Receiving: the socket's thread runs the core inline when the executor is idle
/// (<see cref="SerialExecutor.TryEnter"/>), otherwise the datagram is copied into a pooled buffer and
/// posted as a pooled work item. STUN (first byte 0..3) stays in ICE; DTLS (20..63) from a validated
/// remote goes to the receiver set with <see cref="SetReceiver"/> (RFC 7983).</para>
/// </remarks>
public sealed partial class IceTransport : IDatagramTransport, IDisposable
{
    private const int ItemPoolLimit = 256;

    private readonly IDatagramNetwork _network;
    private readonly IceTransportOptions _options;
    private readonly IceAgent _agent;
    private readonly IHostNameResolver? _resolver;
    private readonly TimeProvider _time;
    private readonly long _start;
    private readonly ITimer _timer;
    private readonly PollItem _pollItem;
    private readonly ConcurrentQueue<DeliveryItem> _itemPool = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource<IReadOnlyList<IceCandidate>> _gathered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<bool> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _socketsGate = new();
    private volatile IDatagramSocket[] _sockets = [];
    private volatile SendPath? _sendPath;
    private volatile IDatagramReceiver? _receiver;
    private volatile bool _disposed;
    private TimeSpan _scheduled = TimeSpan.MaxValue;
    private int _pollQueued;
    private bool _gatheringStarted;
    private int _pendingResolutions;
    private bool _remoteEndOfCandidatesPending;

    private long _datagramsReceived;
    private long _applicationReceived;
    private long _applicationDropped;
    private long _datagramsSent;
    private long _sendsRejected;
    private long _resolutionFailures;
    private long _handlerErrors;

    /// <summary>
    /// Creates a transport on <paramref name="network"/> (a <c>UdpNetwork</c> or a virtual host).
    /// Nothing is bound until <see cref="StartGathering"/>. Without <paramref name="executor"/> a
    /// thread-pool executor is created (pass a <c>VirtualNetwork.CreateExecutor()</c> in virtual time).
    /// </summary>
    public IceTransport(IDatagramNetwork network, IceTransportOptions? options = null, SerialExecutor? executor = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        _options = options ?? new IceTransportOptions();
        _options.Validate();
        _network = network;
        Executor = executor ?? new SerialExecutor();
        _time = network.Time;
        _start = _time.GetTimestamp();
        LocalParameters = _options.LocalParameters ?? IceParameters.Generate();
        _resolver = _options.HostNameResolver ?? (network is UdpNetwork or AsyncUdpNetwork ? SystemHostNameResolver.Default : null);
        _agent = new IceAgent(_options.Role, LocalParameters, _options.Agent, _options.TieBreaker);
        _agent.StateChanged += OnAgentState;
        _agent.GatheringStateChanged += OnAgentGathering;
        _agent.LocalCandidateGathered += c => LocalCandidateGathered?.Invoke(c);
        _agent.SelectedPairChanged += OnAgentSelectedPair;
        _agent.RoleChanged += r => RoleChanged?.Invoke(r);
        _agent.RemotePeerReflexiveCandidate += c => RemotePeerReflexiveCandidate?.Invoke(c);
        _agent.RemoteEndPointValidated += OnRemoteValidated;
        _pollItem = new PollItem(this);
        _timer = _time.CreateTimer(static s => ((IceTransport)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The executor all state of this transport (and the layers above it) changes on.</summary>
    public SerialExecutor Executor { get; }

    /// <summary>This agent's credentials, for the SDP (<c>a=ice-ufrag</c>, <c>a=ice-pwd</c>).</summary>
    public IceParameters LocalParameters { get; }

    /// <summary>The current role (changes on a role conflict).</summary>
    public IceRole Role => _agent.Role;

    /// <summary>The connection state (read from any thread; changes on the executor).</summary>
    public IceConnectionState State => _agent.State;

    /// <summary>The gathering state.</summary>
    public IceGatheringState GatheringState => _agent.GatheringState;

    /// <summary>The selected pair, or null.</summary>
    public IceCandidatePair? SelectedPair => _agent.SelectedPair;

    /// <inheritdoc/>
    public int MaxDatagramSize => _options.MaxDatagramSize;

    /// <summary>The core (tests and statistics; call it only on <see cref="Executor"/>).</summary>
    internal IceAgent Agent => _agent;

    // ---- Events, all raised on the executor. ----

    /// <summary>The connection state changed.</summary>
    public event Action<IceConnectionState>? StateChanged;

    /// <summary>The gathering state changed; at <see cref="IceGatheringState.Complete"/> signal end-of-candidates.</summary>
    public event Action<IceGatheringState>? GatheringStateChanged;

    /// <summary>A local candidate to signal to the peer (trickle ICE).</summary>
    public event Action<IceCandidate>? LocalCandidateGathered;

    /// <summary>The selected pair changed.</summary>
    public event Action<IceCandidatePair?>? SelectedPairChanged;

    /// <summary>The role changed after a conflict.</summary>
    public event Action<IceRole>? RoleChanged;

    /// <summary>A peer-reflexive remote candidate was learned from a check.</summary>
    public event Action<IceCandidate>? RemotePeerReflexiveCandidate;

    // ---- Counters (any thread). ----

    /// <summary>Datagrams received on this transport's sockets (or routed to it by the mux).</summary>
    public long DatagramsReceived => Interlocked.Read(ref _datagramsReceived);

    /// <summary>DTLS-range datagrams handed to the receiver.</summary>
    public long ApplicationDatagramsReceived => Interlocked.Read(ref _applicationReceived);

    /// <summary>DTLS-range datagrams from validated remotes dropped because no receiver was set.</summary>
    public long ApplicationDatagramsDropped => Interlocked.Read(ref _applicationDropped);

    /// <summary>Datagrams sent by <see cref="Send"/>.</summary>
    public long DatagramsSent => Interlocked.Read(ref _datagramsSent);

    /// <summary><see cref="Send"/> calls refused: no selected pair, too large, or the socket refused.</summary>
    public long SendsRejected => Interlocked.Read(ref _sendsRejected);

    /// <summary>Remote candidates whose name could not be resolved.</summary>
    public long ResolutionFailures => Interlocked.Read(ref _resolutionFailures);

    /// <summary>Exceptions thrown by the receiver or event handlers while handling a datagram inline.</summary>
    public long HandlerErrors => Interlocked.Read(ref _handlerErrors);

    /// <summary>Malformed STUN dropped by the core.</summary>
    public long MalformedDropped => _agent.MalformedDropped;

    /// <summary>STUN whose MESSAGE-INTEGRITY failed.</summary>
    public long IntegrityFailures => _agent.IntegrityFailures;

    /// <summary>Checks for another username fragment.</summary>
    public long UnknownUsername => _agent.UnknownUsername;

    /// <summary>Role conflicts seen.</summary>
    public long RoleConflicts => _agent.RoleConflicts;

    /// <summary>
    /// Binds sockets (or joins the mux), adds host candidates, and asks the STUN servers for
    /// server-reflexive ones; each is raised with <see cref="LocalCandidateGathered"/> as it is known.
    /// Calling it again does nothing.
    /// </summary>
    public void StartGathering() => Invoke(static t => t.StartGatheringCore());

    /// <summary>Starts gathering if needed and completes with every local candidate once gathering is complete (non-trickle use).</summary>
    public Task<IReadOnlyList<IceCandidate>> GatherAsync(CancellationToken cancellationToken = default)
    {
        StartGathering();
        return _gathered.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Sets the peer's credentials (from its SDP); checks begin.</summary>
    public void SetRemoteParameters(IceParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Invoke(t => t._agent.SetRemoteParameters(parameters, t.Now));
    }

    /// <summary>
    /// Adds a remote candidate (from the SDP or trickled). Names (mDNS ".local", FQDN) are resolved
    /// first with <see cref="IceTransportOptions.HostNameResolver"/>; unresolvable ones are dropped.
    /// </summary>
    public void AddRemoteCandidate(IceCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        Invoke(t => t.AddRemoteCandidateCore(candidate));
    }

    /// <summary>
    /// Parses and adds a remote candidate line ("a=candidate:…", "candidate:…"); returns <c>false</c>
    /// when the line is not a candidate. An empty line means end-of-candidates (as in W3C trickle).
    /// </summary>
    public bool AddRemoteCandidate(string candidateLine)
    {
        if (string.IsNullOrWhiteSpace(candidateLine))
        {
            AddRemoteEndOfCandidates();
            return true;
        }
        if (!IceCandidate.TryParse(candidateLine, out var candidate))
        {
            return false;
        }
        AddRemoteCandidate(candidate);
        return true;
    }

    /// <summary>The peer will send no more candidates (<c>a=end-of-candidates</c>, RFC 8838 §4).</summary>
    public void AddRemoteEndOfCandidates() => Invoke(static t =>
    {
        if (t._pendingResolutions > 0)
        {
            t._remoteEndOfCandidatesPending = true;
            return;
        }
        t._agent.AddRemoteEndOfCandidates(t.Now);
    });

    /// <summary>Completes with <c>true</c> once connected, or <c>false</c> if the transport fails or closes first.</summary>
    public Task<bool> WaitForConnectedAsync(CancellationToken cancellationToken = default) => _connected.Task.WaitAsync(cancellationToken);

    /// <summary>
    /// Sends one datagram on the selected pair (DTLS → ICE). Returns <c>false</c> when there is no
    /// selected pair, consent expired, the datagram is larger than <see cref="MaxDatagramSize"/>, or
    /// the socket refused it. Thread-safe and allocation-free.
    /// </summary>
    public bool Send(ReadOnlySpan<byte> datagram)
    {
        var path = _sendPath;
        if (path is null || datagram.Length > _options.MaxDatagramSize || _disposed || !path.Socket.SendTo(datagram, path.Remote))
        {
            Interlocked.Increment(ref _sendsRejected);
            return false;
        }
        Interlocked.Increment(ref _datagramsSent);
        return true;
    }

    /// <inheritdoc/>
    public void SetReceiver(IDatagramReceiver receiver)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        _receiver = receiver;
    }

    /// <summary>Closes the sockets (or leaves the mux) and the agent; the state becomes Closed.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _sendPath = null;
        _closing.Cancel();
        _timer.Dispose();
        IDatagramSocket[] sockets;
        lock (_socketsGate)
        {
            sockets = _sockets;
            _sockets = [];
        }
        foreach (var socket in sockets)
        {
            socket.Dispose();
        }
        Executor.Post(() =>
        {
            _agent.Close();
            _agent.TryDequeueTransmit(out _);
            _gathered.TrySetCanceled();
            _connected.TrySetResult(false);
        });
    }

    private TimeSpan Now => _time.GetElapsedTime(_start);

    /// <summary>Runs a control action on the executor (inline when already on it), then flushes the core.</summary>
    private void Invoke(Action<IceTransport> action)
    {
        if (Executor.IsCurrent)
        {
            if (!_disposed)
            {
                action(this);
                AfterCoreCall(Now);
            }
            return;
        }
        Executor.Post(() =>
        {
            if (!_disposed)
            {
                action(this);
                AfterCoreCall(Now);
            }
        });
    }

    /// <summary>Sends what the core queued and re-arms the timer for its next deadline.</summary>
    private void AfterCoreCall(TimeSpan now)
    {
        Flush();
        var deadline = _agent.NextDeadline;
        // Work due already runs now rather than through a zero timer; bounded in case of a bug.
        for (var i = 0; i < 8 && deadline <= now; i++)
        {
            _agent.Poll(now);
            Flush();
            deadline = _agent.NextDeadline;
        }
        if (deadline == _scheduled || _disposed)
        {
            return;
        }
        _scheduled = deadline;
        try
        {
            _timer.Change(deadline == TimeSpan.MaxValue ? Timeout.InfiniteTimeSpan : Max(deadline - now, TimeSpan.Zero), Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Disposed concurrently.
        }
    }

    private void Flush()
    {
        var sockets = _sockets;
        while (_agent.TryDequeueTransmit(out var t))
        {
            if ((uint)t.LocalSocket < (uint)sockets.Length)
            {
                sockets[t.LocalSocket].SendTo(t.Datagram, t.Remote);
            }
        }
    }

    private void OnTimer()
    {
        if (Interlocked.Exchange(ref _pollQueued, 1) == 0)
        {
            Executor.Post(_pollItem);
        }
    }

    private void OnAgentState(IceConnectionState state)
    {
        UpdateSendPath();
        if (state is IceConnectionState.Connected or IceConnectionState.Completed)
        {
            _connected.TrySetResult(true);
        }
        else if (state is IceConnectionState.Failed or IceConnectionState.Closed)
        {
            _connected.TrySetResult(false);
        }
        StateChanged?.Invoke(state);
    }

    private void OnAgentGathering(IceGatheringState state)
    {
        if (state == IceGatheringState.Complete)
        {
            _gathered.TrySetResult(_agent.LocalCandidates);
        }
        GatheringStateChanged?.Invoke(state);
    }

    private void OnAgentSelectedPair(IceCandidatePair? pair)
    {
        UpdateSendPath();
        SelectedPairChanged?.Invoke(pair);
    }

    private void OnRemoteValidated(int localSocket, IPEndPoint remote)
    {
        var sockets = _sockets;
        if ((uint)localSocket < (uint)sockets.Length && sockets[localSocket] is IceUdpMux.MuxSocket muxSocket)
        {
            muxSocket.Route(remote);
        }
    }

    private void UpdateSendPath()
    {
        var sockets = _sockets;
        _sendPath = !_disposed && _agent.TryGetSendPath(out var index, out var remote) && (uint)index < (uint)sockets.Length
            ? new SendPath(sockets[index], remote!)
            : null;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>Where <see cref="Send"/> goes: replaced as a whole so readers on other threads see a consistent pair.</summary>
    private sealed record SendPath(IDatagramSocket Socket, IPEndPoint Remote);

    /// <summary>The timer's work item, posted at most once at a time.</summary>
    private sealed class PollItem(IceTransport owner) : IWorkItem
    {
        public void Execute()
        {
            Volatile.Write(ref owner._pollQueued, 0);
            if (owner._disposed)
            {
                return;
            }
            owner._scheduled = TimeSpan.MaxValue;
            var now = owner.Now;
            owner._agent.Poll(now);
            owner.AfterCoreCall(now);
        }
    }
}
