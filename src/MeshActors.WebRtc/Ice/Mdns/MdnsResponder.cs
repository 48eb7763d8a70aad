using System.Net;
using System.Net.Sockets;

namespace MeshActors.WebRtc.Ice.Mdns;

/// <summary>
/// A small Multicast DNS responder (RFC 6762 §6) for host names registered with it: it answers A, AAAA
/// and ANY questions for them on port 5353. This is what lets an ICE agent hide its host addresses
/// behind random <c>.local</c> names the way browsers do (draft-ietf-mmusic-mdns-ice-candidates §3.1).
/// </summary>
/// <remarks>
/// Names are unique records (cache-flush bit set, answered at once without the shared-record delay,
/// §6). Multicast queries get a multicast answer on the interface they came in on; QU questions get a
/// unicast answer (§5.4); queries from a port other than 5353 get a legacy unicast answer: query ID
/// copied, questions repeated, TTL at most 10 s, no cache-flush bit (§6.7). Known answers with at least
/// half their TTL left are not repeated (§7.1). It does not probe (§8.1): registered names are expected
/// to be unique, like random UUIDs. Unregistering or disposing sends goodbye records (TTL 0, §10.1).
/// Thread-safe.
/// </remarks>
public sealed class MdnsResponder : IDisposable, IMdnsDatagramHandler
{
    // Keeps unsolicited packets under a 1280-byte IPv6 MTU once IP and UDP headers are added.
    private const int GoodbyePacketLength = 1200;

    private readonly IMdnsTransport _transport;
    private readonly Lock _lock = new();
    private readonly Dictionary<DnsName, List<IPAddress>> _hosts = [];
    private bool _disposed;
    private long _queriesAnswered;
    private long _malformedPackets;

    /// <summary>Creates a responder listening on port 5353 (shared with other responders) of every multicast interface.</summary>
    /// <exception cref="SocketException">Port 5353 cannot be shared or no multicast group can be joined.</exception>
    public MdnsResponder()
        : this(MdnsSocketTransport.Open(useMulticastPort: true, requireMulticastPort: true))
    {
    }

    internal MdnsResponder(IMdnsTransport transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        _transport = transport;
        _transport.Start(this);
    }

    /// <summary>TTL of the records given out, in seconds. Default 120 (RFC 6762 §10, host name records).</summary>
    public uint Ttl { get; init; } = MdnsConstants.HostNameTtl;

    /// <summary>Queries to which a response was sent.</summary>
    public long QueriesAnswered => Interlocked.Read(ref _queriesAnswered);

    /// <summary>Datagrams dropped because they did not parse as DNS.</summary>
    public long MalformedPackets => Interlocked.Read(ref _malformedPackets);

    /// <summary>Adds <paramref name="address"/> to the addresses answered for <paramref name="hostName"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="hostName"/> is not a host name under <c>.local</c>, or the address is neither IPv4 nor IPv6.</exception>
    /// <exception cref="ObjectDisposedException">The responder is disposed.</exception>
    public void Register(string hostName, IPAddress address)
    {
        var name = ParseLocalName(hostName);
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            throw new ArgumentException($"Only IPv4 and IPv6 addresses can be announced, not {address.AddressFamily}.", nameof(address));
        }
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_hosts.TryGetValue(name, out var addresses))
            {
                _hosts.Add(name, addresses = []);
            }
            if (!addresses.Contains(address))
            {
                addresses.Add(address);
            }
        }
    }

    /// <summary>
    /// Registers <paramref name="address"/> under a new random name, a version 4 UUID under <c>.local</c>
    /// as draft-ietf-mmusic-mdns-ice-candidates §3.1.1 asks, and returns the name.
    /// </summary>
    public string RegisterRandomName(IPAddress address)
    {
        var name = $"{Guid.NewGuid():D}.{MdnsConstants.LocalDomain}";
        Register(name, address);
        return name;
    }

    /// <summary>Stops answering for <paramref name="hostName"/> and sends goodbye records. Returns false when it was not registered.</summary>
    /// <exception cref="ArgumentException"><paramref name="hostName"/> is not a host name under <c>.local</c>.</exception>
    public bool Unregister(string hostName)
    {
        var name = ParseLocalName(hostName);
        List<IPAddress>? addresses;
        lock (_lock)
        {
            if (_disposed || !_hosts.Remove(name, out addresses))
            {
                return false;
            }
        }
        SendGoodbye([(name, addresses)]);
        return true;
    }

    /// <summary>Sends goodbye records for every name, stops listening and releases the sockets.</summary>
    public void Dispose()
    {
        List<(DnsName, List<IPAddress>)> all;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            all = [];
            foreach (var (name, addresses) in _hosts)
            {
                all.Add((name, addresses));
            }
            _hosts.Clear();
        }
        SendGoodbye(all);
        _transport.Dispose();
    }

    void IMdnsDatagramHandler.OnDatagram(ReadOnlySpan<byte> datagram, IPEndPoint remote, int interfaceIndex)
    {
        if (DnsMessage.TryRead(datagram, out var query) != DnsReadStatus.Ok || query is null)
        {
            Interlocked.Increment(ref _malformedPackets);
            return;
        }
        // Responses (ours included) and non-standard messages are not questions to us (RFC 6762 §18.3, §18.11).
        if (query.IsResponse || query.Header.Opcode != 0 || query.Header.ResponseCode != 0 || query.Questions.Count == 0)
        {
            return;
        }

        // A source port other than 5353 marks a simple resolver that is not fully mDNS-compliant (§6.7).
        var legacy = remote.Port != MdnsConstants.Port;
        var unicast = legacy;
        List<DnsResourceRecord>? answers = null;
        List<DnsQuestion>? answered = null;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }
            foreach (var question in query.Questions)
            {
                if (question.Class is not (DnsClass.In or DnsClass.Any) || !_hosts.TryGetValue(question.Name, out var addresses))
                {
                    continue;
                }
                var any = false;
                foreach (var address in addresses)
                {
                    if (!Matches(question.Type, address))
                    {
                        continue;
                    }
                    var record = legacy
                        ? DnsResourceRecord.ForAddress(question.Name, address, Math.Min(Ttl, MdnsConstants.MaxLegacyUnicastTtl), cacheFlush: false)
                        : DnsResourceRecord.ForAddress(question.Name, address, Ttl, cacheFlush: true);
                    if (IsKnownAnswer(query.Answers, record))
                    {
                        continue;
                    }
                    answers ??= [];
                    if (!Contains(answers, record))
                    {
                        answers.Add(record);
                    }
                    any = true;
                }
                if (any)
                {
                    (answered ??= []).Add(question);
                    unicast |= question.UnicastResponse;
                }
            }
        }
        if (answers is null || answered is null)
        {
            return;
        }

        bool sent;
        if (legacy)
        {
            var response = DnsMessage.CreateResponse(query.Id, answered, answers);
            sent = _transport.SendUnicast(response.ToArray(), remote);
        }
        else
        {
            // Multicast responses carry no questions and ID 0 (RFC 6762 §6, §18.1).
            var response = DnsMessage.CreateResponse(0, [], answers).ToArray();
            sent = unicast
                ? _transport.SendUnicast(response, remote)
                : _transport.SendMulticast(response, remote.AddressFamily, interfaceIndex) > 0;
        }
        if (sent)
        {
            Interlocked.Increment(ref _queriesAnswered);
        }
    }

    private static DnsName ParseLocalName(string hostName)
    {
        ArgumentNullException.ThrowIfNull(hostName);
        if (!DnsName.TryParse(hostName, out var name) || !name.IsLocal || name.LabelCount < 2)
        {
            throw new ArgumentException($"'{hostName}' is not a host name under .local; an mDNS responder answers only link-local names such as 'host.local' (RFC 6762 §3).", nameof(hostName));
        }
        return name;
    }

    private static bool Matches(DnsRecordType type, IPAddress address) => type switch
    {
        DnsRecordType.Any => true,
        DnsRecordType.A => address.AddressFamily == AddressFamily.InterNetwork,
        DnsRecordType.Aaaa => address.AddressFamily == AddressFamily.InterNetworkV6,
        _ => false,
    };

    // Known-answer suppression (RFC 6762 §7.1): the querier already holds this record with at least half its TTL.
    private static bool IsKnownAnswer(IReadOnlyList<DnsResourceRecord> known, DnsResourceRecord record)
    {
        foreach (var k in known)
        {
            if (k.Ttl >= record.Ttl / 2 && SameRecord(k, record))
            {
                return true;
            }
        }
        return false;
    }

    private static bool Contains(List<DnsResourceRecord> records, DnsResourceRecord record)
    {
        foreach (var r in records)
        {
            if (SameRecord(r, record))
            {
                return true;
            }
        }
        return false;
    }

    private static bool SameRecord(DnsResourceRecord a, DnsResourceRecord b) =>
        a.Type == b.Type && a.Class == b.Class && a.Name == b.Name && a.Data.Span.SequenceEqual(b.Data.Span);

    private void SendGoodbye(List<(DnsName Name, List<IPAddress> Addresses)> hosts)
    {
        // Packets of about one MTU, so that many names never make one oversized (RFC 6762 §17) or fragmented datagram.
        var records = new List<DnsResourceRecord>();
        var length = MdnsConstants.HeaderLength;
        foreach (var (name, addresses) in hosts)
        {
            foreach (var address in addresses)
            {
                var record = DnsResourceRecord.ForAddress(name, address, ttl: 0, cacheFlush: true);
                if (records.Count > 0 && length + record.GetLength() > GoodbyePacketLength)
                {
                    SendUnsolicited(records);
                    records = [];
                    length = MdnsConstants.HeaderLength;
                }
                records.Add(record);
                length += record.GetLength();
            }
        }
        if (records.Count > 0)
        {
            SendUnsolicited(records);
        }
    }

    private void SendUnsolicited(List<DnsResourceRecord> records) =>
        _transport.SendMulticast(DnsMessage.CreateResponse(0, [], records).ToArray(), AddressFamily.Unspecified, -1);
}
