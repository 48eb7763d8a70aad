using System.Net;
using System.Net.Sockets;
using MeshActors.WebRtc.Ice.Mdns;

namespace MeshActors.WebRtc.Tests.Ice.Mdns;

/// <summary>
/// One link-local segment in memory: multicast reaches every member that listens on 5353 (the sender
/// too, like IP multicast loopback); unicast reaches the member with that endpoint. Delivery is
/// synchronous, inside the send call, so tests are deterministic.
/// </summary>
internal sealed class InMemoryMdnsLink
{
    private readonly List<InMemoryMdnsTransport> _members = [];

    /// <summary>When set, every multicast send is refused, as on a network without multicast.</summary>
    public bool RefuseMulticast { get; set; }

    public InMemoryMdnsTransport Attach(string address, bool onMulticastPort, int port = 0)
    {
        var endPoint = new IPEndPoint(IPAddress.Parse(address), onMulticastPort ? MdnsConstants.Port : port == 0 ? 40000 + _members.Count : port);
        var transport = new InMemoryMdnsTransport(this, endPoint, onMulticastPort);
        _members.Add(transport);
        return transport;
    }

    internal int Multicast(InMemoryMdnsTransport from, byte[] datagram)
    {
        if (RefuseMulticast)
        {
            return 0;
        }
        foreach (var member in _members.ToArray())
        {
            if (member.ListensOnMulticastPort)
            {
                member.Deliver(datagram, from.EndPoint);
            }
        }
        return 1;
    }

    internal bool Unicast(InMemoryMdnsTransport from, byte[] datagram, IPEndPoint to)
    {
        foreach (var member in _members.ToArray())
        {
            if (member.EndPoint.Equals(to))
            {
                member.Deliver(datagram, from.EndPoint);
            }
        }
        return true;
    }
}

/// <summary>One member of an <see cref="InMemoryMdnsLink"/>; records what it sends.</summary>
internal sealed class InMemoryMdnsTransport(InMemoryMdnsLink link, IPEndPoint endPoint, bool onMulticastPort) : IMdnsTransport
{
    private IMdnsDatagramHandler? _handler;

    public IPEndPoint EndPoint { get; } = endPoint;

    public bool ListensOnMulticastPort { get; } = onMulticastPort;

    public List<byte[]> SentMulticast { get; } = [];

    public List<(byte[] Datagram, IPEndPoint To)> SentUnicast { get; } = [];

    public bool Disposed { get; private set; }

    public void Start(IMdnsDatagramHandler handler) => _handler = handler;

    public int SendMulticast(ReadOnlySpan<byte> datagram, AddressFamily family, int interfaceIndex)
    {
        var copy = datagram.ToArray();
        SentMulticast.Add(copy);
        return Disposed ? 0 : link.Multicast(this, copy);
    }

    public bool SendUnicast(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        var copy = datagram.ToArray();
        SentUnicast.Add((copy, remote));
        return !Disposed && link.Unicast(this, copy, remote);
    }

    /// <summary>Hands a datagram to this member's handler as if it arrived on interface 1.</summary>
    public void Deliver(byte[] datagram, IPEndPoint from)
    {
        if (!Disposed)
        {
            _handler?.OnDatagram(datagram, from, 1);
        }
    }

    public void Dispose() => Disposed = true;
}
