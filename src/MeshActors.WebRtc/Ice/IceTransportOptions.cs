using System.Net;

namespace MeshActors.WebRtc.Ice;

/// <summary>Configuration of an <see cref="IceTransport"/>. Validated when the transport is created.</summary>
public sealed record IceTransportOptions
{
    /// <summary>The initial role: in WebRTC the offerer of a full-ICE session is controlling (RFC 8445 §6.1.1).</summary>
    public IceRole Role { get; init; } = IceRole.Controlling;

    /// <summary>This agent's credentials; null generates fresh ones (8-char ufrag, 24-char password).</summary>
    public IceParameters? LocalParameters { get; init; }

    /// <summary>STUN servers for server-reflexive candidates (for example a MeshHost on port 3478).</summary>
    public IReadOnlyList<IPEndPoint> StunServers { get; init; } = [];

    /// <summary>Gather host candidates on loopback addresses too (127.0.0.1, ::1): same-machine peers.</summary>
    public bool IncludeLoopback { get; init; }

    /// <summary>Gather IPv6 host candidates.</summary>
    public bool EnableIPv6 { get; init; } = true;

    /// <summary>
    /// Bind exactly these addresses instead of every usable interface (servers with a known public
    /// interface, tests on 127.0.0.1). Null = <see cref="Net.IDatagramNetwork.GetLocalAddresses"/>.
    /// </summary>
    public IReadOnlyList<IPAddress>? LocalAddresses { get; init; }

    /// <summary>
    /// Addresses a one-to-one NAT maps this machine to (a cloud VM's public IP, a port-forwarded server): every
    /// non-loopback host candidate of the same family is also advertised as a server-reflexive candidate at that
    /// address and the same port, as a STUN server would have found it. Empty: none.
    /// </summary>
    public IReadOnlyList<IPAddress> PublicAddresses { get; init; } = [];

    /// <summary>Lowest local port to bind; 0 with <see cref="MaxPort"/> 0 lets the system pick.</summary>
    public int MinPort { get; init; }

    /// <summary>Highest local port to bind (inclusive); 0 = no range.</summary>
    public int MaxPort { get; init; }

    /// <summary>
    /// Single-port mode: share this mux's one socket with other transports instead of binding
    /// sockets of our own. Host (and server-reflexive) candidates are the mux's.
    /// </summary>
    public IceUdpMux? Mux { get; init; }

    /// <summary>
    /// Resolves FQDN / mDNS ".local" remote candidates. Null means <see cref="SystemHostNameResolver.Default"/>
    /// on <c>UdpNetwork</c> and none on other networks (a virtual host has no multicast DNS); unresolved
    /// candidates are dropped and peer-reflexive discovery takes over.
    /// </summary>
    public IHostNameResolver? HostNameResolver { get; init; }

    /// <summary>Largest datagram the layer above may send (IDatagramTransport.MaxDatagramSize).</summary>
    public int MaxDatagramSize { get; init; } = 1200;

    /// <summary>Timers and limits of the agent core.</summary>
    public IceAgentOptions Agent { get; init; } = IceAgentOptions.Default;

    /// <summary>Fixed tie-breaker (tests of role conflicts); null = random.</summary>
    public ulong? TieBreaker { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> when a value is out of range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(StunServers);
        ArgumentNullException.ThrowIfNull(PublicAddresses);
        ArgumentNullException.ThrowIfNull(Agent);
        Agent.Validate();
        if (MinPort is < 0 or > 65535 || MaxPort is < 0 or > 65535 || (MaxPort != 0 && MaxPort < MinPort))
        {
            throw new ArgumentException("The port range must satisfy 0 <= MinPort <= MaxPort <= 65535.", nameof(MinPort));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDatagramSize, 1);
    }
}
