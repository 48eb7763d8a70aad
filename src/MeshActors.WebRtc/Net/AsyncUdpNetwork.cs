using System.Net;

namespace MeshActors.WebRtc.Net;

/// <summary>
/// The host's real network with <see cref="AsyncUdpDatagramSocket"/>s: no thread per socket, for processes holding many
/// connections (give it as <c>RtcConfiguration.Network</c>). Addresses and time are those of <see cref="UdpNetwork"/>.
/// </summary>
public sealed class AsyncUdpNetwork : IDatagramNetwork
{
    private AsyncUdpNetwork()
    {
    }

    /// <summary>The single instance: the real network has no per-instance state.</summary>
    public static AsyncUdpNetwork Instance { get; } = new();

    /// <inheritdoc />
    public TimeProvider Time => TimeProvider.System;

    /// <inheritdoc />
    public IReadOnlyList<IPAddress> GetLocalAddresses(bool includeLoopback) => UdpNetwork.Instance.GetLocalAddresses(includeLoopback);

    /// <inheritdoc />
    /// <exception cref="System.Net.Sockets.SocketException">The address cannot be bound (in use, not local).</exception>
    public AsyncUdpDatagramSocket Bind(IPEndPoint localEndPoint) => new(localEndPoint);

    IDatagramSocket IDatagramNetwork.Bind(IPEndPoint localEndPoint) => Bind(localEndPoint);
}
