using MeshActors.WebRtc.Dtls;
using MeshActors.WebRtc.Ice;
using MeshActors.WebRtc.Net;
using MeshActors.WebRtc.Sdp;

namespace MeshActors.WebRtc;

/// <summary>
/// Settings of an <see cref="RtcPeerConnection"/>: the W3C WebRTC <c>RTCConfiguration</c> members that matter
/// for data channels (<see cref="IceServers"/>, <see cref="IceTransportPolicy"/>, <see cref="Certificates"/>) and
/// what a server needs beyond a browser (ports, interfaces, message size, the network to use).
/// Checked when a connection is created (<see cref="Validate"/>).
/// </summary>
public sealed record RtcConfiguration
{
    /// <summary>The largest <see cref="MaxMessageSize"/>: 64 MiB.</summary>
    public const long MaxMaxMessageSize = 64L << 20;

    private readonly IReadOnlyList<RtcIceServer> _iceServers = [];
    private readonly IReadOnlyList<RtcCertificate> _certificates = [];

    /// <summary>STUN (and TURN, not used) servers; STUN ones give server-reflexive candidates.</summary>
    public IReadOnlyList<RtcIceServer> IceServers { get => _iceServers; init => _iceServers = value ?? throw new ArgumentNullException(nameof(IceServers)); }

    /// <summary>Which candidates ICE may use; see <see cref="RtcIceTransportPolicy.Relay"/>.</summary>
    public RtcIceTransportPolicy IceTransportPolicy { get; init; } = RtcIceTransportPolicy.All;

    /// <summary>
    /// The DTLS certificate(s) to use, as from <see cref="RtcCertificate.Generate"/>; the first unexpired one is used.
    /// Empty: a fresh ECDSA P-256 certificate per connection (about 0.2 ms).
    /// </summary>
    public IReadOnlyList<RtcCertificate> Certificates { get => _certificates; init => _certificates = value ?? throw new ArgumentNullException(nameof(Certificates)); }

    /// <summary>Which local interfaces give host candidates (default: all, loopback included).</summary>
    public RtcHostCandidatePolicy HostCandidates { get; init; } = RtcHostCandidatePolicy.All;

    /// <summary>
    /// Public addresses a one-to-one NAT maps this machine to (a cloud VM, a port-forwarded server): each non-loopback
    /// host candidate is also offered at that address and the same port (as a server-reflexive candidate), so peers
    /// outside reach a server that has no STUN server to ask. Empty: none.
    /// </summary>
    public IReadOnlyList<System.Net.IPAddress> PublicAddresses { get; init; } = [];

    /// <summary>Gather IPv6 host candidates too.</summary>
    public bool EnableIPv6 { get; init; } = true;

    /// <summary>Lowest local UDP port to bind; 0 together with <see cref="MaxPort"/> 0 lets the system pick.</summary>
    public int MinPort { get; init; }

    /// <summary>Highest local UDP port to bind (inclusive); 0 = no range.</summary>
    public int MaxPort { get; init; }

    /// <summary>
    /// Single-port mode: every connection given the same mux shares its one UDP socket (a server with one open port)
    /// instead of binding sockets of its own. Null: each connection binds its own sockets.
    /// </summary>
    public IceUdpMux? SharedPort { get; init; }

    /// <summary>
    /// Resolves remote candidates whose address is a name (browsers hide host addresses behind mDNS <c>.local</c>
    /// names). Null: on real UDP the system resolver with multicast DNS for <c>.local</c> names
    /// (<see cref="SystemHostNameResolver.Default"/>); on a virtual network none. An unresolved candidate is
    /// dropped and the peer's address is learned from its checks (peer-reflexive) instead.
    /// </summary>
    public IHostNameResolver? HostNameResolver { get; init; }

    /// <summary>
    /// The largest message this side accepts, in bytes, written as <c>a=max-message-size</c> (RFC 8841 §6.1): 1 byte to
    /// <see cref="MaxMaxMessageSize"/>. Default 256 KiB like Chromium. The send limit of a connection is the smaller of
    /// both sides' values (a peer's 0 means it sets no limit). SCTP's receive window and per-channel send buffer grow
    /// with it (at least twice and once this size).
    /// </summary>
    public long MaxMessageSize { get; init; } = SdpLocalParameters.ChromiumMaxMessageSize;

    /// <summary>
    /// Where sockets come from: null for the host's real network (<see cref="UdpNetwork.Instance"/>, a receive thread per socket),
    /// <see cref="AsyncUdpNetwork.Instance"/> for many connections in one process (no thread per socket), or a virtual host.
    /// </summary>
    public IDatagramNetwork? Network { get; init; }

    /// <summary>Timers and limits of the ICE agent.</summary>
    public IceAgentOptions IceOptions { get; init; } = IceAgentOptions.Default;

    /// <summary>How long the DTLS handshake may take before the connection fails.</summary>
    public TimeSpan DtlsHandshakeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Where the blocking DTLS handshake runs; null: <see cref="DtlsHandshakeScheduler.Shared"/>. A handshake holds a
    /// scheduler thread until it ends, so when both ends of many connections live in one process (tests, load
    /// generators), give each side its own scheduler: on a shared one, one side's handshakes can take every thread
    /// while they wait for the other side's, which then never run.
    /// </summary>
    public DtlsHandshakeScheduler? DtlsHandshakeScheduler { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        foreach (var server in IceServers)
        {
            ArgumentNullException.ThrowIfNull(server, nameof(IceServers));
            server.ParseUrls();
        }
        foreach (var certificate in Certificates)
        {
            ArgumentNullException.ThrowIfNull(certificate, nameof(Certificates));
        }
        ArgumentNullException.ThrowIfNull(PublicAddresses);
        foreach (var address in PublicAddresses)
        {
            ArgumentNullException.ThrowIfNull(address, nameof(PublicAddresses));
        }
        if (MinPort is < 0 or > 65535 || MaxPort is < 0 or > 65535 || (MaxPort != 0 && MinPort > MaxPort))
        {
            throw new ArgumentException($"The port range {MinPort}-{MaxPort} is invalid: ports are 0-65535 and MinPort <= MaxPort.", nameof(MinPort));
        }
        if (MaxMessageSize is < 1 or > MaxMaxMessageSize)
        {
            throw new ArgumentException(
                $"MaxMessageSize is 1 to {MaxMaxMessageSize} bytes: messages are reassembled in memory, so this side always sets a limit.",
                nameof(MaxMessageSize));
        }
        if (DtlsHandshakeTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("DtlsHandshakeTimeout must be positive.", nameof(DtlsHandshakeTimeout));
        }
        ArgumentNullException.ThrowIfNull(IceOptions, nameof(IceOptions));
        IceOptions.Validate();
    }
}
