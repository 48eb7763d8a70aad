using System.Net;
using System.Net.Sockets;

namespace MeshActors.WebRtc.Ice.Mdns;

/// <summary>
/// Resolves <c>.local</c> host names by Multicast DNS (RFC 6762), as ICE must for remote candidates that
/// browsers hide behind names like <c>0c6c3a9e-8f1b-4b5e-9d0a-2f1e6c7b8a9d.local</c>
/// (draft-ietf-mmusic-mdns-ice-candidates §3.2). One-shot queries for A (and AAAA) go to 224.0.0.251 and
/// ff02::fb, port 5353, and are retransmitted a few times; answers are cached for their TTL; concurrent
/// lookups of one name share one query. A lookup that gets no answer, or cannot send at all, completes
/// with null: the ICE agent then learns the peer's address as a peer-reflexive candidate instead.
/// </summary>
/// <remarks>
/// The resolver shares port 5353 with other responders on the host when it can; otherwise it queries
/// from an ephemeral port with the QU bit ("legacy unicast", RFC 6762 §5.4, §6.7). Thread-safe.
/// Not resolved: names answered only by responders that ignore legacy unicast queries, when 5353 is not
/// available to this process.
/// </remarks>
public sealed class MdnsResolver : IDisposable, IMdnsDatagramHandler
{
    private readonly IMdnsTransport _transport;
    private readonly TimeProvider _time;
    private readonly MdnsResolverOptions _options;
    private readonly TimeSpan[] _sendOffsets; // times after the start of a lookup at which a query goes out
    private readonly Lock _lock = new();
    private readonly Dictionary<DnsName, Lookup> _pending = [];
    private readonly Dictionary<DnsName, CacheEntry> _cache = [];
    private bool _disposed;
    private long _queriesSent;
    private long _responsesReceived;
    private long _malformedPackets;
    private long _ignoredPackets;

    /// <summary>Creates a resolver on the host's network with default options.</summary>
    public MdnsResolver()
        : this(new MdnsResolverOptions())
    {
    }

    /// <summary>
    /// Creates a resolver on the host's network. Never throws for network conditions: when no socket can
    /// be opened, every lookup completes with null.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public MdnsResolver(MdnsResolverOptions options)
        : this(OpenSocketsOrNone(options), TimeProvider.System, options)
    {
    }

    internal MdnsResolver(IMdnsTransport transport, TimeProvider time, MdnsResolverOptions options)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _transport = transport;
        _time = time;
        _options = options;
        _sendOffsets = new TimeSpan[1 + options.RetransmitIntervals.Count];
        for (var i = 0; i < options.RetransmitIntervals.Count; i++)
        {
            _sendOffsets[i + 1] = _sendOffsets[i] + options.RetransmitIntervals[i];
        }
        _transport.Start(this);
    }

    /// <summary>
    /// True when the resolver listens on port 5353 and receives multicast answers; false when it asks
    /// responders for unicast answers from an ephemeral port.
    /// </summary>
    public bool ListensOnMulticastPort => _transport.ListensOnMulticastPort;

    /// <summary>Query datagrams sent (one per family and interface per attempt).</summary>
    public long QueriesSent => Interlocked.Read(ref _queriesSent);

    /// <summary>Well-formed mDNS responses received, for any name.</summary>
    public long ResponsesReceived => Interlocked.Read(ref _responsesReceived);

    /// <summary>Datagrams dropped because they did not parse as DNS.</summary>
    public long MalformedPackets => Interlocked.Read(ref _malformedPackets);

    /// <summary>Responses dropped by mDNS rules: non-zero Opcode or RCODE (RFC 6762 §18.3, §18.11), or a source port other than 5353 (§6).</summary>
    public long IgnoredPackets => Interlocked.Read(ref _ignoredPackets);

    /// <summary>
    /// Resolves <paramref name="hostName"/> (e.g. <c>3f1c...e2.local</c>) to an address. Completes with a
    /// cached answer at once when there is one; otherwise queries and completes with the first answer, or
    /// with null when nothing answers within <see cref="MdnsResolverOptions.Timeout"/> or the network
    /// refuses multicast. Never fails for network reasons. An IPv6 link-local answer carries the scope
    /// of the interface it arrived on.
    /// </summary>
    /// <param name="hostName">A name whose last label is <c>local</c>; a trailing dot is allowed.</param>
    /// <param name="cancellationToken">Cancels this caller's wait (the task is canceled); other callers waiting for the same name are unaffected.</param>
    /// <exception cref="ArgumentException"><paramref name="hostName"/> is not a valid name under <c>.local</c>.</exception>
    /// <exception cref="ObjectDisposedException">The resolver is disposed.</exception>
    public Task<IPAddress?> ResolveAsync(string hostName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hostName);
        if (!DnsName.TryParse(hostName, out var name) || !name.IsLocal || name.LabelCount < 2)
        {
            throw new ArgumentException($"'{hostName}' is not a host name under .local; mDNS resolves only link-local names such as 'host.local' (RFC 6762 §3).", nameof(hostName));
        }
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<IPAddress?>(cancellationToken);
        }

        Lookup lookup;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (TryGetCached(name, _time.GetTimestamp(), out var cached))
            {
                return Task.FromResult<IPAddress?>(cached);
            }
            if (!_pending.TryGetValue(name, out var existing))
            {
                existing = new Lookup(this, name, CreateQuery(name), _time.GetTimestamp());
                _pending.Add(name, existing);
                lookup = existing;
            }
            else
            {
                return Wait(existing.Completion.Task, cancellationToken);
            }
        }

        Begin(lookup);
        return Wait(lookup.Completion.Task, cancellationToken);
    }

    /// <summary>Stops listening and releases the sockets; lookups in progress complete with null.</summary>
    public void Dispose()
    {
        List<Lookup> pending;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            pending = [.. _pending.Values];
            _pending.Clear();
            _cache.Clear();
            foreach (var lookup in pending)
            {
                lookup.Completed = true;
                lookup.Timer?.Dispose();
            }
        }
        foreach (var lookup in pending)
        {
            lookup.Completion.TrySetResult(null);
        }
        _transport.Dispose();
    }

    void IMdnsDatagramHandler.OnDatagram(ReadOnlySpan<byte> datagram, IPEndPoint remote, int interfaceIndex)
    {
        if (DnsMessage.TryRead(datagram, out var message) != DnsReadStatus.Ok || message is null)
        {
            Interlocked.Increment(ref _malformedPackets);
            return;
        }
        if (!message.IsResponse)
        {
            return; // queries, our own included (multicast loopback), are not for a resolver
        }
        if (message.Header.Opcode != 0 || message.Header.ResponseCode != 0 || remote.Port != MdnsConstants.Port)
        {
            Interlocked.Increment(ref _ignoredPackets);
            return;
        }
        Interlocked.Increment(ref _responsesReceived);

        List<(Lookup Lookup, IPAddress Address)>? answers = null;
        List<(Lookup Lookup, IPAddress Address)> chosen;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }
            var now = _time.GetTimestamp();
            // Answers may also arrive in the additional section (RFC 6762 §6.1).
            Store(message.Answers, now, interfaceIndex, ref answers);
            Store(message.Additionals, now, interfaceIndex, ref answers);
            if (answers is null)
            {
                return;
            }
            // A lookup takes an IPv4 answer of this packet over an IPv6 one (see CacheEntry.TryGet).
            chosen = [];
            Choose(answers, AddressFamily.InterNetwork, chosen);
            Choose(answers, AddressFamily.InterNetworkV6, chosen);
        }
        foreach (var (lookup, address) in chosen)
        {
            lookup.Completion.TrySetResult(address);
        }
    }

    private static IMdnsTransport OpenSocketsOrNone(MdnsResolverOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            return MdnsSocketTransport.Open(options.UseMulticastPort, requireMulticastPort: false);
        }
        catch (SocketException)
        {
            return NoTransport.Instance;
        }
    }

    private static Task<IPAddress?> Wait(Task<IPAddress?> task, CancellationToken cancellationToken) =>
        cancellationToken.CanBeCanceled ? task.WaitAsync(cancellationToken) : task;

    private byte[] CreateQuery(DnsName name)
    {
        // From an ephemeral port multicast answers would not reach us: ask for unicast ones (RFC 6762 §5.4).
        var unicast = !_transport.ListensOnMulticastPort;
        DnsQuestion[] questions = _options.QueryIPv6
            ? [new(name, DnsRecordType.A, DnsClass.In, unicast), new(name, DnsRecordType.Aaaa, DnsClass.In, unicast)]
            : [new(name, DnsRecordType.A, DnsClass.In, unicast)];
        return DnsMessage.CreateQuery(questions).ToArray();
    }

    private void Begin(Lookup lookup)
    {
        if (!Send(lookup))
        {
            // Not one copy left the host: no answer can come, so do not make ICE wait for the timeout.
            Complete(lookup, null);
            return;
        }
        lock (_lock)
        {
            if (lookup.Completed)
            {
                return;
            }
            lookup.SendsDone = 1;
            lookup.Timer = _time.CreateTimer(static state => ((Lookup)state!).Owner.OnTimer((Lookup)state!), lookup,
                NextDue(lookup, TimeSpan.Zero), Timeout.InfiniteTimeSpan);
        }
    }

    private void OnTimer(Lookup lookup)
    {
        var send = false;
        var timedOut = false;
        lock (_lock)
        {
            if (lookup.Completed)
            {
                return;
            }
            var elapsed = _time.GetElapsedTime(lookup.Started);
            if (elapsed >= _options.Timeout)
            {
                Finish(lookup);
                timedOut = true;
            }
            else
            {
                send = lookup.SendsDone < _sendOffsets.Length && elapsed >= _sendOffsets[lookup.SendsDone];
                if (send)
                {
                    lookup.SendsDone++;
                }
                lookup.Timer?.Change(NextDue(lookup, elapsed), Timeout.InfiniteTimeSpan);
            }
        }
        if (timedOut)
        {
            lookup.Completion.TrySetResult(null);
        }
        else if (send)
        {
            Send(lookup);
        }
    }

    private TimeSpan NextDue(Lookup lookup, TimeSpan elapsed)
    {
        var next = lookup.SendsDone < _sendOffsets.Length && _sendOffsets[lookup.SendsDone] < _options.Timeout
            ? _sendOffsets[lookup.SendsDone]
            : _options.Timeout;
        var due = next - elapsed;
        return due > TimeSpan.Zero ? due : TimeSpan.FromMilliseconds(1);
    }

    private bool Send(Lookup lookup)
    {
        var sent = _transport.SendMulticast(lookup.Query, AddressFamily.Unspecified, -1);
        Interlocked.Add(ref _queriesSent, sent);
        return sent > 0;
    }

    private void Complete(Lookup lookup, IPAddress? address)
    {
        lock (_lock)
        {
            if (lookup.Completed)
            {
                return;
            }
            Finish(lookup);
        }
        lookup.Completion.TrySetResult(address);
    }

    // Under the lock: the lookup leaves the table; the caller completes its task outside the lock.
    private void Finish(Lookup lookup)
    {
        lookup.Completed = true;
        lookup.Timer?.Dispose();
        if (_pending.TryGetValue(lookup.Name, out var current) && ReferenceEquals(current, lookup))
        {
            _pending.Remove(lookup.Name);
        }
    }

    // Under the lock. Caches the A/AAAA records of names being looked up or already cached, and
    // collects the answers for lookups in progress.
    private void Store(IReadOnlyList<DnsResourceRecord> records, long now, int interfaceIndex, ref List<(Lookup Lookup, IPAddress Address)>? answers)
    {
        foreach (var record in records)
        {
            if (!record.TryGetAddress(out var address))
            {
                continue;
            }
            _pending.TryGetValue(record.Name, out var lookup);
            _cache.TryGetValue(record.Name, out var entry);
            if (lookup is null && entry is null)
            {
                continue; // someone else's name: caching it would let the LAN grow our memory
            }
            if (address.IsIPv6LinkLocal && interfaceIndex > 0)
            {
                address.ScopeId = interfaceIndex;
            }
            if (record.Ttl == 0)
            {
                // A goodbye: the owner withdrew the record (RFC 6762 §10.1). It answers nothing.
                entry?.Remove(address.AddressFamily);
                continue;
            }
            if (entry is null && MakeRoom(now))
            {
                entry = new CacheEntry();
                _cache.Add(record.Name, entry);
            }
            entry?.Set(address, now + TtlToTicks(record.Ttl));
            if (lookup is not null)
            {
                (answers ??= []).Add((lookup, address));
            }
        }
    }

    // Under the lock: finishes each lookup that has an answer of this family and is still open.
    private void Choose(List<(Lookup Lookup, IPAddress Address)> answers, AddressFamily family, List<(Lookup Lookup, IPAddress Address)> chosen)
    {
        foreach (var answer in answers)
        {
            if (answer.Address.AddressFamily == family && !answer.Lookup.Completed)
            {
                Finish(answer.Lookup);
                chosen.Add(answer);
            }
        }
    }

    private long TtlToTicks(uint ttlSeconds) => (long)ttlSeconds * _time.TimestampFrequency;

    private bool MakeRoom(long now)
    {
        if (_cache.Count < _options.MaxCacheEntries)
        {
            return true;
        }
        List<DnsName>? expired = null;
        foreach (var (name, entry) in _cache)
        {
            if (!entry.TryGet(now, out _))
            {
                (expired ??= []).Add(name);
            }
        }
        if (expired is not null)
        {
            foreach (var name in expired)
            {
                _cache.Remove(name);
            }
        }
        if (_cache.Count >= _options.MaxCacheEntries && _cache.Count > 0)
        {
            // Still full of live answers: forget the one that would expire first.
            DnsName? soonest = null;
            var soonestExpiry = long.MaxValue;
            foreach (var (name, entry) in _cache)
            {
                if (entry.Expires < soonestExpiry)
                {
                    (soonest, soonestExpiry) = (name, entry.Expires);
                }
            }
            _cache.Remove(soonest!);
        }
        return _cache.Count < _options.MaxCacheEntries;
    }

    // Under the lock.
    private bool TryGetCached(DnsName name, long now, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        if (!_cache.TryGetValue(name, out var entry))
        {
            return false;
        }
        if (entry.TryGet(now, out address))
        {
            return true;
        }
        _cache.Remove(name);
        return false;
    }

    /// <summary>One name being looked up; shared by every concurrent caller.</summary>
    private sealed class Lookup(MdnsResolver owner, DnsName name, byte[] query, long started)
    {
        public MdnsResolver Owner { get; } = owner;

        public DnsName Name { get; } = name;

        public byte[] Query { get; } = query;

        public long Started { get; } = started;

        public TaskCompletionSource<IPAddress?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ITimer? Timer { get; set; }

        public int SendsDone { get; set; }

        public bool Completed { get; set; }
    }

    /// <summary>The cached addresses of one name: at most one per family, each with its own expiry.</summary>
    private sealed class CacheEntry
    {
        private IPAddress? _ipv4;
        private long _ipv4Expires;
        private IPAddress? _ipv6;
        private long _ipv6Expires;

        public void Set(IPAddress address, long expires)
        {
            if (address.AddressFamily == AddressFamily.InterNetwork)
            {
                (_ipv4, _ipv4Expires) = (address, expires);
            }
            else
            {
                (_ipv6, _ipv6Expires) = (address, expires);
            }
        }

        public long Expires => Math.Max(_ipv4 is null ? 0 : _ipv4Expires, _ipv6 is null ? 0 : _ipv6Expires);

        public void Remove(AddressFamily family)
        {
            if (family == AddressFamily.InterNetwork)
            {
                _ipv4 = null;
            }
            else
            {
                _ipv6 = null;
            }
        }

        // IPv4 first: browsers' host candidates are mostly IPv4 and IPv4 paths need no scope.
        public bool TryGet(long now, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPAddress? address)
        {
            address = _ipv4 is not null && now < _ipv4Expires ? _ipv4
                : _ipv6 is not null && now < _ipv6Expires ? _ipv6
                : null;
            return address is not null;
        }
    }

    /// <summary>The transport of a resolver that could not open any socket: nothing is ever sent.</summary>
    private sealed class NoTransport : IMdnsTransport
    {
        public static readonly NoTransport Instance = new();

        public bool ListensOnMulticastPort => false;

        public void Start(IMdnsDatagramHandler handler)
        {
        }

        public int SendMulticast(ReadOnlySpan<byte> datagram, AddressFamily family, int interfaceIndex) => 0;

        public bool SendUnicast(ReadOnlySpan<byte> datagram, IPEndPoint remote) => false;

        public void Dispose()
        {
        }
    }
}
