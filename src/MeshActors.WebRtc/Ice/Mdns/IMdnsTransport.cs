using System.Net;
using System.Net.Sockets;

namespace MeshActors.WebRtc.Ice.Mdns;

/// <summary>
/// The datagram path of an mDNS querier or responder: real sockets (<see cref="MdnsSocketTransport"/>)
/// or an in-memory link in tests. Nothing here throws for network conditions.
/// </summary>
internal interface IMdnsTransport : IDisposable
{
    /// <summary>
    /// True when the transport listens on port 5353 and has joined the group, so multicast responses
    /// reach it; false when it queries from an ephemeral port and must ask for unicast replies
    /// (RFC 6762 §5.4, §6.7).
    /// </summary>
    bool ListensOnMulticastPort { get; }

    /// <summary>Starts delivering received datagrams to <paramref name="handler"/>, one at a time per socket. Call once.</summary>
    void Start(IMdnsDatagramHandler handler);

    /// <summary>
    /// Sends to the mDNS group(s) on every usable interface, or only on the interface
    /// <paramref name="interfaceIndex"/> of <paramref name="family"/> when it is one the transport sends on. A
    /// <paramref name="family"/> of <see cref="AddressFamily.Unspecified"/> means both IPv4 and IPv6.
    /// Returns how many copies went out; 0 means the network refused multicast.
    /// </summary>
    int SendMulticast(ReadOnlySpan<byte> datagram, AddressFamily family, int interfaceIndex);

    /// <summary>Sends one datagram to one endpoint; false when it was not sent.</summary>
    bool SendUnicast(ReadOnlySpan<byte> datagram, IPEndPoint remote);
}

/// <summary>Receives the datagrams of an <see cref="IMdnsTransport"/>.</summary>
internal interface IMdnsDatagramHandler
{
    /// <summary>
    /// One datagram from <paramref name="remote"/>, received on interface <paramref name="interfaceIndex"/>
    /// (-1 when unknown). The span is valid only during the call. Must not throw; the transport
    /// catches and counts what does.
    /// </summary>
    void OnDatagram(ReadOnlySpan<byte> datagram, IPEndPoint remote, int interfaceIndex);
}
