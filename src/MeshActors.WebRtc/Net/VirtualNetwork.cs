using System.Net;
using System.Net.Sockets;

namespace MeshActors.WebRtc.Net;

/// <summary>
/// A deterministic in-memory network for testing networked code: hosts with addresses, NATs,
/// links with loss, duplication, reordering, delay and jitter, partitions, and a virtual clock.
/// Everything random comes from one <see cref="Random"/> seeded by the constructor, and all work
/// (datagram deliveries, executor turns, timers) runs on one pump in (virtual time, sequence)
/// order, so a run with the same seed and the same code is the same run.
/// </summary>
/// <remarks>
/// <para>Drive it from a test with <see cref="RunUntil"/>, <see cref="RunFor"/> or
/// <see cref="RunUntilIdle"/>: the calling thread becomes the pump. Virtual time advances (firing
/// <see cref="Clock"/> timers) only when nothing is runnable at the current instant.</para>
/// <para>Code that blocks its own threads (e.g. BouncyCastle's DTLS handshake) cannot be pumped
/// by a test thread; <see cref="StartRealtime"/> runs the pump on a background thread that follows
/// the wall clock instead (link delays are then real delays; runs are not reproducible).</para>
/// <para><see cref="Send"/> paths and executor posts are thread-safe.</para>
/// </remarks>
public sealed partial class VirtualNetwork : IDisposable
{
    /// <summary>Largest UDP payload over IPv4 (65,535 − 20 − 8 bytes); larger sends fail like EMSGSIZE.</summary>
    public const int MaxDatagramLength = 65507;

    private readonly object _gate = new();
    private readonly Random _random;
    private readonly Dictionary<IPAddress, VirtualHost> _hostsByAddress = new();
    private readonly Dictionary<IPAddress, VirtualNat> _natsByAddress = new();
    private readonly List<VirtualHost> _hosts = new();
    private readonly Dictionary<(VirtualHost From, VirtualHost To), VirtualLink> _links = new();
    private readonly VirtualLink _defaultLink;
    private bool _disposed;

    private long _datagramsSent;
    private long _datagramsDelivered;
    private long _droppedByLoss;
    private long _droppedByCommand;
    private long _droppedByPartition;
    private long _droppedUnroutable;
    private long _droppedByNat;
    private long _droppedByQueue;
    private long _droppedNoListener;
    private long _duplicated;
    private long _reordered;
    private long _handlerErrors;

    /// <summary>Creates an empty network whose randomness is seeded by <paramref name="seed"/>.</summary>
    public VirtualNetwork(int seed)
    {
        Seed = seed;
        _random = new Random(seed);
        _defaultLink = new VirtualLink(_gate, LinkConditions.Perfect) { IsDefault = true };
        Clock = new VirtualClock();
        Clock.TimerArmed += OnTimerArmed;
    }

    /// <summary>The seed this network's random source started from.</summary>
    public int Seed { get; }

    /// <summary>The network's clock: every host's <see cref="IDatagramNetwork.Time"/>.</summary>
    public VirtualClock Clock { get; }

    /// <summary>
    /// The network-wide link: its conditions apply to every pair of hosts without conditions of
    /// their own; its blackhole and "next N" controls apply to all traffic between hosts.
    /// </summary>
    public VirtualLink DefaultLink => _defaultLink;

    /// <summary>All hosts, in the order they were added.</summary>
    public IReadOnlyList<VirtualHost> Hosts
    {
        get
        {
            lock (_gate)
            {
                return _hosts.ToArray();
            }
        }
    }

    /// <summary>Datagrams accepted by a socket's send.</summary>
    public long DatagramsSent => Interlocked.Read(ref _datagramsSent);

    /// <summary>Datagrams handed to a socket handler (duplicates count twice).</summary>
    public long DatagramsDelivered => Interlocked.Read(ref _datagramsDelivered);

    /// <summary>Datagrams lost to a link's random <see cref="LinkConditions.LossRate"/>.</summary>
    public long DroppedByLoss => Interlocked.Read(ref _droppedByLoss);

    /// <summary>Datagrams dropped by <see cref="VirtualLink.DropNext"/>.</summary>
    public long DroppedByCommand => Interlocked.Read(ref _droppedByCommand);

    /// <summary>Datagrams dropped by a blocked link (<see cref="Partition"/>, <see cref="VirtualLink.Blocked"/>).</summary>
    public long DroppedByPartition => Interlocked.Read(ref _droppedByPartition);

    /// <summary>Datagrams to an address no host or NAT owns, or to a private address from outside its NAT.</summary>
    public long DroppedUnroutable => Interlocked.Read(ref _droppedUnroutable);

    /// <summary>Datagrams a NAT refused: no mapping for the port, or filtered by <see cref="VirtualNat.Filtering"/>.</summary>
    public long DroppedByNat => Interlocked.Read(ref _droppedByNat);

    /// <summary>Datagrams refused by a full bottleneck queue (<see cref="LinkConditions.BitsPerSecond"/>, <see cref="LinkConditions.MaxQueueDelay"/>).</summary>
    public long DroppedByQueue => Interlocked.Read(ref _droppedByQueue);

    /// <summary>Datagrams that arrived where no started socket was bound.</summary>
    public long DroppedNoListener => Interlocked.Read(ref _droppedNoListener);

    /// <summary>Datagrams delivered twice by duplication.</summary>
    public long Duplicated => Interlocked.Read(ref _duplicated);

    /// <summary>Datagram copies held back by a reorder delay.</summary>
    public long Reordered => Interlocked.Read(ref _reordered);

    /// <summary>Exceptions thrown by socket handlers or executor turns on the pump (caught; the pump carried on).</summary>
    public long HandlerErrors => Interlocked.Read(ref _handlerErrors);

    internal object Gate => _gate;

    internal bool IsDisposedUnlocked => _disposed;

    /// <summary>Adds a host with public addresses.</summary>
    /// <exception cref="ArgumentException">No address, a wildcard/loopback/multicast address, or one already taken.</exception>
    public VirtualHost AddHost(params IPAddress[] addresses) => AddHostCore(null, addresses);

    /// <summary>
    /// Adds a host with private addresses behind <paramref name="nat"/>. Addresses are unique
    /// network-wide, even private ones.
    /// </summary>
    /// <exception cref="ArgumentException">No address, a wildcard/loopback/multicast address, or one already taken.</exception>
    public VirtualHost AddHostBehind(VirtualNat nat, params IPAddress[] privateAddresses)
    {
        ArgumentNullException.ThrowIfNull(nat);
        return AddHostCore(nat, privateAddresses);
    }

    /// <summary>
    /// Adds a NAT with the given public address. Hosts join it with <see cref="AddHostBehind"/>.
    /// The default filtering, address-and-port-dependent (a port-restricted cone), is the most
    /// common one in home routers and makes ICE produce peer-reflexive candidates.
    /// </summary>
    /// <exception cref="ArgumentException">The address is unusable or already taken.</exception>
    public VirtualNat AddNat(IPAddress publicAddress, NatFiltering filtering = NatFiltering.AddressAndPortDependent)
    {
        ArgumentNullException.ThrowIfNull(publicAddress);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            CheckAddressAvailable(publicAddress);
            var nat = new VirtualNat(_gate, Clock, publicAddress, filtering);
            _natsByAddress.Add(publicAddress, nat);
            return nat;
        }
    }

    /// <summary>The link carrying datagrams from <paramref name="from"/> to <paramref name="to"/> (one direction), created on first use.</summary>
    public VirtualLink GetLink(VirtualHost from, VirtualHost to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        lock (_gate)
        {
            if (!_links.TryGetValue((from, to), out var link))
            {
                link = new VirtualLink(_gate, null);
                _links.Add((from, to), link);
            }
            return link;
        }
    }

    /// <summary>Sets the network-wide conditions (those of <see cref="DefaultLink"/>).</summary>
    public void SetConditions(LinkConditions conditions)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        _defaultLink.Conditions = conditions;
    }

    /// <summary>Sets the conditions between two hosts, both directions; <c>null</c> returns them to the network-wide conditions.</summary>
    public void SetConditions(VirtualHost a, VirtualHost b, LinkConditions? conditions)
    {
        GetLink(a, b).Conditions = conditions;
        GetLink(b, a).Conditions = conditions;
    }

    /// <summary>Blackholes all traffic between two hosts, both directions, until <see cref="Heal"/>.</summary>
    public void Partition(VirtualHost a, VirtualHost b)
    {
        GetLink(a, b).Blocked = true;
        GetLink(b, a).Blocked = true;
    }

    /// <summary>Ends a <see cref="Partition"/> between two hosts.</summary>
    public void Heal(VirtualHost a, VirtualHost b)
    {
        GetLink(a, b).Blocked = false;
        GetLink(b, a).Blocked = false;
    }

    /// <summary>
    /// Creates a <see cref="SerialExecutor"/> whose turns run on this network's pump, interleaved
    /// deterministically with datagram deliveries and timers.
    /// </summary>
    public SerialExecutor CreateExecutor() => new(ScheduleTurn);

    /// <summary>Stops the real-time pump if running and drops everything in flight. Sends then fail.</summary>
    public void Dispose()
    {
        StopRealtime();
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            ClearQueue();
        }
        Clock.TimerArmed -= OnTimerArmed;
    }

    private VirtualHost AddHostCore(VirtualNat? nat, IPAddress[] addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        if (addresses.Length == 0)
        {
            throw new ArgumentException("A host needs at least one address.", nameof(addresses));
        }
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var distinct = new HashSet<IPAddress>();
            foreach (var address in addresses)
            {
                ArgumentNullException.ThrowIfNull(address, nameof(addresses));
                CheckAddressAvailable(address);
                if (!distinct.Add(address))
                {
                    throw new ArgumentException($"Address {address} is listed twice.", nameof(addresses));
                }
            }
            var host = new VirtualHost(this, (IPAddress[])addresses.Clone(), nat);
            foreach (var address in addresses)
            {
                _hostsByAddress.Add(address, host);
            }
            _hosts.Add(host);
            return host;
        }
    }

    private void CheckAddressAvailable(IPAddress address)
    {
        if (VirtualHost.IsWildcard(address) || IPAddress.IsLoopback(address) || IsMulticast(address) || address.Equals(IPAddress.Broadcast))
        {
            throw new ArgumentException($"Address {address} cannot be a host or NAT address.", nameof(address));
        }
        if (_hostsByAddress.ContainsKey(address) || _natsByAddress.ContainsKey(address))
        {
            throw new ArgumentException($"Address {address} is already on the network.", nameof(address));
        }
    }

    private static bool IsMulticast(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6
        ? address.IsIPv6Multicast
        : (address.GetAddressBytes()[0] & 0xF0) == 0xE0;
}
