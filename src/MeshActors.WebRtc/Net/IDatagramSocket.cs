using System.Net;

namespace MeshActors.WebRtc.Net;

/// <summary>
/// A bound datagram socket: a real UDP socket (<c>UdpNetwork</c>) or an endpoint of a
/// <c>VirtualNetwork</c>. Sending never throws for network conditions; it reports a drop.
/// </summary>
public interface IDatagramSocket : IDisposable
{
    /// <summary>The address and port this socket is bound to.</summary>
    IPEndPoint LocalEndPoint { get; }

    /// <summary>
    /// Sends one datagram. Returns <c>false</c> when it was not sent (socket closed, unreachable,
    /// buffer full); the caller treats that like a loss on the wire.
    /// </summary>
    bool SendTo(ReadOnlySpan<byte> datagram, IPEndPoint remote);

    /// <summary>
    /// Starts delivering received datagrams to <paramref name="handler"/>, one at a time, from the
    /// socket's receive thread (or the virtual network's pump). Call once.
    /// </summary>
    void Start(IDatagramSocketHandler handler);
}

/// <summary>Receives the datagrams of an <see cref="IDatagramSocket"/>.</summary>
public interface IDatagramSocketHandler
{
    /// <summary>
    /// One datagram from <paramref name="remote"/>. The span is valid only during the call: copy what
    /// must outlive it. <paramref name="remote"/> instances are cached per source and may be kept.
    /// Must not throw; exceptions are caught, counted and dropped by the socket.
    /// </summary>
    void OnDatagram(ReadOnlySpan<byte> datagram, IPEndPoint remote);
}
