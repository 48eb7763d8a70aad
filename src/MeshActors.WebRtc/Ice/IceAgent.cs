using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using MeshActors.WebRtc.Stun;

namespace MeshActors.WebRtc.Ice;

/// <summary>
/// A full ICE agent for one component over UDP (RFC 8445), sans I/O: datagrams and "now" in;
/// datagrams (<see cref="TryDequeueTransmit"/>), events and <see cref="NextDeadline"/> out. It never
/// reads a clock, starts a thread or touches a socket; a driver (<see cref="IceTransport"/>) does.
/// Not thread-safe: call it from one executor.
/// </summary>
/// <remarks>
/// Covers both roles with tie-breaker conflict resolution (487), host / server-reflexive / peer-reflexive
/// candidates, the checklist with Ta pacing, freezing by foundation, triggered checks and
/// retransmissions, regular nomination, trickle (RFC 8838) with end-of-candidates, and consent
/// freshness (RFC 7675) on the selected pair. Local candidates carry the index of the socket (base)
/// they belong to; checks are always sent from a base, so server-reflexive local candidates are
/// advertised but never paired (RFC 8445 §6.1.2.4). Bad input is dropped and counted; nothing throws.
/// Events are raised at the end of the call that caused them, after the agent is consistent.
/// </remarks>
public sealed partial class IceAgent
{
    /// <summary>The only component: WebRTC multiplexes everything on component 1.</summary>
    public const int Component = 1;

    private readonly IceAgentOptions _options;
    private readonly Random _random;
    private readonly IceTransmitQueue _transmits = new();
    private readonly List<LocalEntry> _local = [];
    private readonly List<RemoteEntry> _remote = [];
    private readonly List<IceCandidatePair> _checklist = [];
    private readonly Queue<IceCandidatePair> _triggered = new();
    private readonly List<IceTransaction> _transactions = [];
    private readonly Dictionary<TransactionId, IceTransaction> _transactionsById = [];
    private readonly Stack<IceTransaction> _transactionPool = new();
    private readonly byte[] _localUfrag;
    private readonly byte[] _localPassword;
    private byte[]? _remotePassword;
    private byte[]? _checkUsername; // "<remote ufrag>:<local ufrag>" (RFC 8445 §7.2.2)
    private IceCandidatePair? _selected;
    private IceConnectionState _state = IceConnectionState.New;
    private IceGatheringState _gatheringState = IceGatheringState.New;
    private bool _localEndOfCandidates;
    private bool _remoteEndOfCandidates;
    private bool _checksStopped; // a pair was nominated: no more ordinary checks (RFC 8445 §8.1.2)
    private TimeSpan _nextPacedCheck;
    private TimeSpan? _firstValidAt;
    private TimeSpan _nextConsent;
    private TimeSpan _now;
    private TimeSpan _nextDeadline = TimeSpan.MaxValue;
    private bool _deadlineValid;
    private int _peerReflexiveCount;

    /// <summary>
    /// Creates an agent. <paramref name="tieBreaker"/> is drawn from a cryptographic generator when
    /// not given (RFC 8445 §6.1.1: a uniformly random 64-bit value).
    /// </summary>
    public IceAgent(IceRole role, IceParameters localParameters, IceAgentOptions? options = null, ulong? tieBreaker = null)
    {
        ArgumentNullException.ThrowIfNull(localParameters);
        _options = options ?? IceAgentOptions.Default;
        _options.Validate();
        Role = role;
        LocalParameters = localParameters;
        _localUfrag = Encoding.ASCII.GetBytes(localParameters.UsernameFragment);
        _localPassword = Encoding.ASCII.GetBytes(localParameters.Password);
        TieBreaker = tieBreaker ?? RandomTieBreaker();
        _random = _options.RandomSeed is { } seed ? new Random(seed) : new Random();
    }

    /// <summary>The current role; changes on a role conflict (RFC 8445 §7.3.1.1).</summary>
    public IceRole Role { get; private set; }

    /// <summary>The 64-bit tie-breaker sent in ICE-CONTROLLING / ICE-CONTROLLED.</summary>
    public ulong TieBreaker { get; }

    /// <summary>This agent's credentials.</summary>
    public IceParameters LocalParameters { get; }

    /// <summary>The peer's credentials, once set.</summary>
    public IceParameters? RemoteParameters { get; private set; }

    /// <summary>The connection state.</summary>
    public IceConnectionState State => _state;

    /// <summary>The gathering state.</summary>
    public IceGatheringState GatheringState => _gatheringState;

    /// <summary>The pair data goes over: the nominated pair, or before nomination the best valid pair.</summary>
    public IceCandidatePair? SelectedPair => _selected;

    /// <summary>The checklist, highest priority first.</summary>
    public IReadOnlyList<IceCandidatePair> CandidatePairs => _checklist;

    /// <summary>Local candidates (host and server-reflexive), in the order they were added.</summary>
    public IReadOnlyList<IceCandidate> LocalCandidates
    {
        get
        {
            var list = new IceCandidate[_local.Count];
            for (var i = 0; i < list.Length; i++)
            {
                list[i] = _local[i].Candidate;
            }
            return list;
        }
    }

    /// <summary>Remote candidates (signalled and peer-reflexive).</summary>
    public IReadOnlyList<IceCandidate> RemoteCandidates
    {
        get
        {
            var list = new IceCandidate[_remote.Count];
            for (var i = 0; i < list.Length; i++)
            {
                list[i] = _remote[i].Candidate;
            }
            return list;
        }
    }

    /// <summary>True after end-of-candidates from the peer (RFC 8838 §4).</summary>
    public bool RemoteEndOfCandidates => _remoteEndOfCandidates;

    // ---- Counters ----

    /// <summary>STUN-looking datagrams that failed to decode, or requests lacking USERNAME / MESSAGE-INTEGRITY.</summary>
    public long MalformedDropped { get; private set; }

    /// <summary>Requests or responses whose MESSAGE-INTEGRITY did not verify.</summary>
    public long IntegrityFailures { get; private set; }

    /// <summary>Requests whose USERNAME did not start with this agent's ufrag.</summary>
    public long UnknownUsername { get; private set; }

    /// <summary>Role conflicts seen: 487 sent or received, or a role switch on a request (RFC 8445 §7.3.1.1).</summary>
    public long RoleConflicts { get; private set; }

    /// <summary>Responses that matched no outstanding transaction (late, duplicate or forged).</summary>
    public long UnmatchedResponses { get; private set; }

    /// <summary>Non-STUN datagrams dropped: unknown first byte, or from an address no pair has validated.</summary>
    public long NonStunDropped { get; private set; }

    /// <summary>Remote candidates ignored: TCP, other components, unresolved names, over the limit.</summary>
    public long RemoteCandidatesIgnored { get; private set; }

    /// <summary>Checks (including retransmissions and consent requests) sent.</summary>
    public long RequestsSent { get; private set; }

    /// <summary>Authenticated checks received and answered.</summary>
    public long RequestsReceived { get; private set; }

    /// <summary>Datagrams dropped because the transmit ring was full (the driver stopped draining).</summary>
    public long TransmitsDropped => _transmits.Dropped;

    /// <summary>
    /// Earliest time <see cref="Poll"/> has work: a retransmission, the next paced check, a
    /// nomination, a consent check or a consent timeout. <see cref="TimeSpan.MaxValue"/> when idle.
    /// </summary>
    public TimeSpan NextDeadline
    {
        get
        {
            if (!_deadlineValid)
            {
                _nextDeadline = ComputeNextDeadline();
                _deadlineValid = true;
            }
            return _nextDeadline;
        }
    }

    /// <summary>Datagrams waiting in the transmit ring.</summary>
    public int PendingTransmits => _transmits.Count;

    /// <summary>
    /// Takes the next datagram to send. The bytes are valid until the next call into the agent; the
    /// driver sends each one right away.
    /// </summary>
    public bool TryDequeueTransmit(out IceTransmit transmit) => _transmits.TryDequeue(out transmit);

    /// <summary>
    /// Where application data goes: the selected pair's socket and remote address. <c>false</c> when
    /// there is no selected pair, or consent expired, or the agent is closed (RFC 7675 §5.1: stop sending).
    /// </summary>
    public bool TryGetSendPath(out int localSocket, out IPEndPoint? remote)
    {
        var pair = _selected;
        if (pair is null || _state is IceConnectionState.Failed or IceConnectionState.Closed)
        {
            localSocket = -1;
            remote = null;
            return false;
        }
        localSocket = pair.LocalSocket;
        remote = pair.RemoteEndPoint;
        return true;
    }

    /// <summary>
    /// Adds a local candidate belonging to socket <paramref name="localSocket"/>. Host candidates are
    /// paired with every remote candidate of the same address family; server-reflexive ones are only
    /// advertised. Raises <see cref="LocalCandidateGathered"/>.
    /// </summary>
    public void AddLocalCandidate(IceCandidate candidate, int localSocket)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (candidate.EndPoint is null)
        {
            throw new ArgumentException("A local candidate needs an IP address.", nameof(candidate));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(localSocket);
        if (_state == IceConnectionState.Closed)
        {
            return;
        }
        var entry = new LocalEntry(candidate, localSocket);
        _local.Add(entry);
        if (_gatheringState == IceGatheringState.New)
        {
            SetGatheringState(IceGatheringState.Gathering);
        }
        Raise(EventKind.LocalCandidate, candidate);
        if (candidate.Type == IceCandidateType.Host && candidate.Protocol == IceTransportProtocol.Udp)
        {
            foreach (var remote in _remote)
            {
                TryAddPair(entry, remote);
            }
            SortChecklist();
        }
        Changed();
        FlushEvents();
    }

    /// <summary>
    /// Adds a host candidate for a socket bound to <paramref name="endPoint"/>, with priority
    /// from <paramref name="localPreference"/> (0..65535, RFC 8445 §5.1.2.1) and a foundation derived
    /// from type and address (RFC 8445 §5.1.1.3).
    /// </summary>
    public IceCandidate AddHostCandidate(IPEndPoint endPoint, int localSocket, int localPreference = IceCandidate.MaxLocalPreference)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var candidate = IceCandidate.Create(
            IceCandidateType.Host,
            endPoint,
            IceCandidate.ComputePriority(IceCandidateType.Host, localPreference, Component),
            MakeFoundation(IceCandidateType.Host, endPoint.Address, null));
        AddLocalCandidate(candidate, localSocket);
        return candidate;
    }

    /// <summary>
    /// Says no more host candidates or STUN servers will be added; gathering completes when the
    /// outstanding server-reflexive requests are answered or time out.
    /// </summary>
    public void EndLocalCandidates(TimeSpan now)
    {
        Advance(now);
        _localEndOfCandidates = true;
        CheckGatheringComplete();
        UpdateState();
        FlushEvents();
    }

    /// <summary>
    /// Sets the peer's credentials; checks start with the next <see cref="Poll"/>. Setting different
    /// ones later (an ICE restart) is not supported and throws <see cref="InvalidOperationException"/>.
    /// </summary>
    public void SetRemoteParameters(IceParameters parameters, TimeSpan now)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (RemoteParameters is not null)
        {
            if (RemoteParameters != parameters)
            {
                throw new InvalidOperationException("The remote ICE credentials changed: an ICE restart needs a new agent.");
            }
            return;
        }
        Advance(now);
        RemoteParameters = parameters;
        _remotePassword = Encoding.ASCII.GetBytes(parameters.Password);
        _checkUsername = Encoding.ASCII.GetBytes(parameters.UsernameFragment + ":" + LocalParameters.UsernameFragment);
        Changed();
        UpdateState();
        FlushEvents();
    }

    /// <summary>
    /// Adds a remote candidate (trickled at any time, RFC 8838). Returns <c>false</c> when it is ignored:
    /// TCP, another component, a name not yet resolved to an address, port 0, a duplicate, or over the limit.
    /// A signalled candidate that matches a peer-reflexive one replaces its type and priority.
    /// Unspecified, multicast and broadcast addresses are ignored too.
    /// </summary>
    public bool AddRemoteCandidate(IceCandidate candidate, TimeSpan now)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (_state == IceConnectionState.Closed)
        {
            return false;
        }
        Advance(now);
        if (candidate.Protocol != IceTransportProtocol.Udp || candidate.Component != Component || candidate.EndPoint is null ||
            candidate.EndPoint.Port == 0 || !IsUnicast(candidate.EndPoint.Address))
        {
            RemoteCandidatesIgnored++;
            return false;
        }
        var endPoint = candidate.EndPoint;
        foreach (var existing in _remote)
        {
            if (existing.EndPoint.Equals(endPoint))
            {
                if (existing.Candidate.Type == IceCandidateType.PeerReflexive && candidate.Type != IceCandidateType.PeerReflexive)
                {
                    existing.Candidate = candidate;
                    foreach (var pair in _checklist)
                    {
                        if (ReferenceEquals(pair.RemoteEndPoint, existing.EndPoint))
                        {
                            pair.Remote = candidate;
                        }
                    }
                    RecomputePriorities();
                    Changed();
                    FlushEvents();
                    return true;
                }
                return false;
            }
        }
        if (_remote.Count >= _options.MaxRemoteCandidates)
        {
            RemoteCandidatesIgnored++;
            return false;
        }
        var entry = new RemoteEntry(candidate, endPoint);
        _remote.Add(entry);
        foreach (var local in _local)
        {
            TryAddPair(local, entry);
        }
        SortChecklist();
        Changed();
        UpdateState();
        FlushEvents();
        return true;
    }

    /// <summary>The peer signalled end-of-candidates (RFC 8838 §4): the checklist can now fail or complete.</summary>
    public void AddRemoteEndOfCandidates(TimeSpan now)
    {
        Advance(now);
        _remoteEndOfCandidates = true;
        UpdateState();
        FlushEvents();
    }

    /// <summary>
    /// Handles one received datagram from <paramref name="remote"/> on socket <paramref name="localSocket"/>.
    /// STUN is consumed; DTLS-range bytes from a validated remote return <see cref="IceReceiveResult.Application"/>
    /// for the driver to pass up; everything else is dropped and counted. Never throws on bad bytes.
    /// Answering a check allocates nothing beyond the response written into the transmit ring.
    /// </summary>
    public IceReceiveResult Receive(ReadOnlySpan<byte> datagram, int localSocket, IPEndPoint remote, TimeSpan now)
    {
        if (_state == IceConnectionState.Closed || datagram.IsEmpty)
        {
            return IceReceiveResult.Dropped;
        }
        var first = datagram[0];
        if (first >= 20 && first <= 63)
        {
            // RFC 7983 §7: 20..63 is DTLS. Only from addresses a check has validated.
            if (IsValidatedRemote(localSocket, remote))
            {
                return IceReceiveResult.Application;
            }
            NonStunDropped++;
            return IceReceiveResult.Dropped;
        }
        if (first > 3)
        {
            NonStunDropped++;
            return IceReceiveResult.Dropped;
        }
        Advance(now);
        var status = StunMessage.TryRead(datagram, out var message);
        if (status != StunReadStatus.Ok && status != StunReadStatus.UnknownRequiredAttributes)
        {
            MalformedDropped++;
            return IceReceiveResult.Dropped;
        }
        switch (message.Class)
        {
            case StunClass.Request:
                HandleRequest(message, status, localSocket, remote);
                break;
            case StunClass.SuccessResponse:
            case StunClass.ErrorResponse:
                HandleResponse(message, localSocket, remote);
                break;
            default:
                // Indications (RFC 8445 §11: keepalives) need nothing.
                break;
        }
        FlushEvents();
        return IceReceiveResult.Stun;
    }

    /// <summary>Runs the timers due at <paramref name="now"/>: retransmissions, pacing, nomination, consent.</summary>
    public void Poll(TimeSpan now)
    {
        if (_state == IceConnectionState.Closed)
        {
            return;
        }
        Advance(now);
        RunTransactions();
        TryNominate();
        SendPacedCheck();
        RunConsent();
        UpdateState();
        Changed();
        FlushEvents();
    }

    /// <summary>True when a STUN response with this transaction id would be consumed by this agent.</summary>
    public bool OwnsTransaction(TransactionId id) => _transactionsById.ContainsKey(id);

    /// <summary>Stops everything: no more checks, consent or data; raises <see cref="IceConnectionState.Closed"/>.</summary>
    public void Close()
    {
        if (_state == IceConnectionState.Closed)
        {
            return;
        }
        foreach (var tx in _transactions)
        {
            ReturnTransaction(tx);
        }
        _transactions.Clear();
        _transactionsById.Clear();
        _triggered.Clear();
        _transmits.Clear();
        SetState(IceConnectionState.Closed);
        Changed();
        FlushEvents();
    }

    private void Advance(TimeSpan now)
    {
        if (now > _now)
        {
            _now = now;
        }
    }

    private void Changed() => _deadlineValid = false;

    private static ulong RandomTieBreaker()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return BitConverter.ToUInt64(bytes);
    }

    /// <summary>
    /// A foundation shared by candidates of the same type, base address and STUN server
    /// (RFC 8445 §5.1.1.3): a short hash, printed in decimal (digits are ice-chars).
    /// </summary>
    internal static string MakeFoundation(IceCandidateType type, IPAddress baseAddress, IPAddress? server)
    {
        var text = $"{IceCandidate.TypeToken(type)}|{baseAddress}|{server}|udp";
        var hash = System.IO.Hashing.Crc32.HashToUInt32(Encoding.UTF8.GetBytes(text));
        return hash.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>False for addresses a check can never reach a peer at: unspecified, multicast, broadcast.</summary>
    private static bool IsUnicast(IPAddress address)
    {
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast) || address.IsIPv6Multicast)
        {
            return false;
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> bytes = stackalloc byte[4];
            address.TryWriteBytes(bytes, out _);
            return bytes[0] is < 224 or > 239;
        }
        return true;
    }

    private bool IsValidatedRemote(int localSocket, IPEndPoint remote)
    {
        var selected = _selected;
        if (selected is not null && selected.LocalSocket == localSocket && selected.RemoteEndPoint.Equals(remote))
        {
            return true;
        }
        foreach (var pair in _checklist)
        {
            if (pair.RemoteAuthenticated && pair.LocalSocket == localSocket && pair.RemoteEndPoint.Equals(remote))
            {
                return true;
            }
        }
        return false;
    }

    private LocalEntry? FindHostForSocket(int localSocket, AddressFamily family)
    {
        foreach (var local in _local)
        {
            if (local.Socket == localSocket && local.Candidate.Type == IceCandidateType.Host && local.EndPoint.AddressFamily == family)
            {
                return local;
            }
        }
        return null;
    }

    private RemoteEntry? FindRemote(IPEndPoint endPoint)
    {
        foreach (var remote in _remote)
        {
            if (remote.EndPoint.Equals(endPoint))
            {
                return remote;
            }
        }
        return null;
    }

    private IceCandidatePair? FindPair(int localSocket, IPEndPoint remote)
    {
        foreach (var pair in _checklist)
        {
            if (pair.LocalSocket == localSocket && pair.RemoteEndPoint.Equals(remote))
            {
                return pair;
            }
        }
        return null;
    }

    /// <summary>Pairs a host base with a remote candidate of the same family (RFC 8445 §6.1.2.2); loopback only with loopback.</summary>
    private IceCandidatePair? TryAddPair(LocalEntry local, RemoteEntry remote)
    {
        if (local.Candidate.Type != IceCandidateType.Host ||
            local.EndPoint.AddressFamily != remote.EndPoint.AddressFamily ||
            IPAddress.IsLoopback(local.EndPoint.Address) != IPAddress.IsLoopback(remote.EndPoint.Address))
        {
            return null;
        }
        foreach (var existing in _checklist)
        {
            if (existing.LocalSocket == local.Socket && ReferenceEquals(existing.RemoteEndPoint, remote.EndPoint))
            {
                return existing;
            }
        }
        if (_checklist.Count >= _options.MaxPairs)
        {
            return null;
        }
        var pair = new IceCandidatePair(local.Candidate, local.Socket, remote.Candidate, remote.EndPoint)
        {
            State = IceCandidatePairState.Frozen,
        };
        pair.Priority = PairPriority(pair);
        _checklist.Add(pair);
        return pair;
    }

    private ulong PairPriority(IceCandidatePair pair) => Role == IceRole.Controlling
        ? IceCandidatePair.ComputePriority(pair.Local.Priority, pair.Remote.Priority)
        : IceCandidatePair.ComputePriority(pair.Remote.Priority, pair.Local.Priority);

    private void RecomputePriorities()
    {
        foreach (var pair in _checklist)
        {
            pair.Priority = PairPriority(pair);
        }
        SortChecklist();
    }

    private void SortChecklist() => _checklist.Sort(static (a, b) => b.Priority.CompareTo(a.Priority));

    /// <summary>A local candidate and the socket (base) it belongs to.</summary>
    private sealed class LocalEntry(IceCandidate candidate, int socket)
    {
        public IceCandidate Candidate { get; } = candidate;
        public int Socket { get; } = socket;
        public IPEndPoint EndPoint { get; } = candidate.EndPoint!;

        /// <summary>Local preference, recovered from the priority (RFC 8445 §5.1.2.1 bits 8..23).</summary>
        public int LocalPreference => (int)((Candidate.Priority >> 8) & 0xFFFF);
    }

    /// <summary>A remote candidate and its resolved address.</summary>
    private sealed class RemoteEntry(IceCandidate candidate, IPEndPoint endPoint)
    {
        public IceCandidate Candidate { get; set; } = candidate;
        public IPEndPoint EndPoint { get; } = endPoint;
    }
}
