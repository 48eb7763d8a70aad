using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace MeshActors.WebRtc.Net;

/// <summary>
/// The host's real network: binds <see cref="UdpDatagramSocket"/>s and lists the usable local
/// addresses. Time is <see cref="TimeProvider.System"/>.
/// </summary>
public sealed class UdpNetwork : IDatagramNetwork
{
    private UdpNetwork()
    {
    }

    /// <summary>The single instance: the real network has no per-instance state.</summary>
    public static UdpNetwork Instance { get; } = new();

    /// <inheritdoc />
    public TimeProvider Time => TimeProvider.System;

    /// <inheritdoc />
    /// <remarks>
    /// IPv6 link-local addresses are left out: they need a scope id to be reachable, which ICE
    /// candidates cannot carry. Loopback interfaces report "unknown" status on Linux, so they are
    /// admitted regardless of status when asked for.
    /// </remarks>
    public IReadOnlyList<IPAddress> GetLocalAddresses(bool includeLoopback)
    {
        var v4 = new List<IPAddress>();
        var v6 = new List<IPAddress>();
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            var isLoopback = nic.NetworkInterfaceType == NetworkInterfaceType.Loopback;
            if (nic.NetworkInterfaceType == NetworkInterfaceType.Tunnel)
            {
                continue;
            }
            if (isLoopback ? !includeLoopback : nic.OperationalStatus != OperationalStatus.Up)
            {
                continue;
            }
            foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
            {
                var address = unicast.Address;
                if (IPAddress.IsLoopback(address) && !includeLoopback)
                {
                    continue;
                }
                if (address.AddressFamily == AddressFamily.InterNetwork)
                {
                    v4.Add(address);
                }
                else if (address.AddressFamily == AddressFamily.InterNetworkV6 && !address.IsIPv6LinkLocal)
                {
                    v6.Add(address);
                }
            }
        }
        // IPv4 first: the order candidates are gathered in, and the family most peers reach.
        v4.AddRange(v6);
        return v4;
    }

    /// <inheritdoc />
    /// <exception cref="SocketException">The address cannot be bound (in use, not local).</exception>
    public UdpDatagramSocket Bind(IPEndPoint localEndPoint) => new(localEndPoint);

    IDatagramSocket IDatagramNetwork.Bind(IPEndPoint localEndPoint) => Bind(localEndPoint);
}
