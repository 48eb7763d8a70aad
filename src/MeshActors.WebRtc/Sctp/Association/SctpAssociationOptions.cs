namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// Settings of an <see cref="SctpAssociation"/>. Defaults follow what browsers do (Chrome's dcSCTP where
/// the RFC leaves a choice) with the values this stack's tests and measurements asked for.
/// </summary>
public sealed class SctpAssociationOptions
{
    /// <summary>The SCTP port WebRTC uses on both sides unless SDP says otherwise (a=sctp-port, RFC 8841).</summary>
    public const ushort DefaultPort = 5000;

    /// <summary>
    /// Default SCTP packet size: 1200 bytes of DTLS record minus DTLS 1.2 AES-GCM overhead (13 header +
    /// 8 explicit nonce + 16 tag = 37). Chrome uses 1191 (derived from a 1280-byte IPv6 MTU).
    /// </summary>
    public const int DefaultMaxPacketSize = 1200 - 37;

    /// <summary>Our SCTP port (common header source port).</summary>
    public ushort LocalPort { get; init; } = DefaultPort;

    /// <summary>The peer's SCTP port.</summary>
    public ushort RemotePort { get; init; } = DefaultPort;

    /// <summary>Largest SCTP packet sent (common header included); DATA is fragmented to fit.</summary>
    public int MaxPacketSize { get; init; } = DefaultMaxPacketSize;

    /// <summary>Outbound streams requested (OS); the negotiated count is the minimum with the peer's MIS.</summary>
    public ushort OutboundStreams { get; init; } = ushort.MaxValue;

    /// <summary>Inbound streams accepted (MIS); the negotiated count is the minimum with the peer's OS.</summary>
    public ushort InboundStreams { get; init; } = ushort.MaxValue;

    /// <summary>Receive buffer announced as a_rwnd, in bytes (at least 1 MiB: small windows cap throughput at window/RTT).</summary>
    public int ReceiveWindow { get; init; } = 1024 * 1024;

    /// <summary>
    /// Largest message accepted from the peer and, unless <see cref="SctpAssociation.RemoteMaxMessageSize"/>
    /// is lower, sent. Announced in SDP as a=max-message-size. Must not exceed half the receive window.
    /// </summary>
    public int MaxMessageSize { get; init; } = 256 * 1024;

    /// <summary>Most bytes queued and not yet sent on one stream (Chrome: 16 MiB per data channel).</summary>
    public long MaxBufferedAmountPerStream { get; init; } = 16L * 1024 * 1024;

    /// <summary>RTO.Initial (RFC 9260 §16 says 1 s; Chrome uses 500 ms).</summary>
    public TimeSpan RtoInitial { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>RTO.Min (RFC 9260 says 1 s; Chrome uses 400 ms).</summary>
    public TimeSpan RtoMin { get; init; } = TimeSpan.FromMilliseconds(400);

    /// <summary>RTO.Max (RFC 9260 §16).</summary>
    public TimeSpan RtoMax { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Upper bound of a backed-off retransmission timer (Chrome caps backoff at 3 s so recovery is quick after an outage).</summary>
    public TimeSpan MaxTimerBackoff { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>T1-init and T1-cookie initial timeout (Chrome: 1 s).</summary>
    public TimeSpan InitTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest a SACK is delayed (RFC 9260 §6.2 allows 500 ms; 20 ms keeps small windows moving).</summary>
    public TimeSpan DelayedAckTimeout { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>HB.interval: an idle association sends a HEARTBEAT this often (plus RTO); zero disables heartbeats.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Valid.Cookie.Life (RFC 9260 §16).</summary>
    public TimeSpan CookieLifetime { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Association.Max.Retrans: consecutive unanswered retransmission timeouts and heartbeats before the
    /// association fails. Null means never (Chrome: the ICE/DTLS layers decide when a peer is gone).
    /// </summary>
    public int? MaxRetransmissions { get; init; }

    /// <summary>Max.Init.Retransmits for INIT and COOKIE ECHO; null means never give up (Chrome).</summary>
    public int? MaxInitRetransmissions { get; init; }

    /// <summary>Initial congestion window in packets (RFC 6928 / dcSCTP: 10).</summary>
    public int InitialCongestionWindowPackets { get; init; } = 10;

    /// <summary>Offer partial reliability (FORWARD-TSN, RFC 3758): needed by WebRTC's maxRetransmits and maxPacketLifeTime.</summary>
    public bool EnablePartialReliability { get; init; } = true;

    /// <summary>
    /// Offer I-DATA message interleaving (RFC 8260). Used only if the peer offers it too; then the
    /// fragments of a large message on one stream no longer hold back small messages on other streams.
    /// </summary>
    public bool EnableMessageInterleaving { get; init; } = true;

    /// <summary>Tests only: a fixed initial TSN instead of a random one.</summary>
    internal uint? InitialTsn { get; init; }

    /// <summary>Throws when a value cannot work (programming errors, checked once at construction).</summary>
    internal void Validate()
    {
        if (MaxPacketSize is < 256 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPacketSize), MaxPacketSize, "Must be between 256 and 65535 bytes.");
        }
        if (OutboundStreams == 0 || InboundStreams == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(OutboundStreams), "Stream counts must be at least 1 (RFC 9260 §3.3.2).");
        }
        if (MaxMessageSize < 1 || ReceiveWindow < 2 * MaxMessageSize || ReceiveWindow < 64 * 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(ReceiveWindow), ReceiveWindow, "The receive window must be at least 64 KiB and twice MaxMessageSize.");
        }
        if (MaxBufferedAmountPerStream < MaxMessageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBufferedAmountPerStream), "Must hold at least one message of MaxMessageSize.");
        }
        if (RtoMin <= TimeSpan.Zero || RtoMax < RtoMin || RtoInitial < RtoMin || RtoInitial > RtoMax || InitTimeout <= TimeSpan.Zero || MaxTimerBackoff <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RtoInitial), "Timers must be positive with RtoMin <= RtoInitial <= RtoMax.");
        }
        if (DelayedAckTimeout < TimeSpan.Zero || DelayedAckTimeout > TimeSpan.FromMilliseconds(500) || HeartbeatInterval < TimeSpan.Zero || CookieLifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(DelayedAckTimeout), "DelayedAckTimeout must be 0..500 ms (RFC 9260 §6.2); intervals must not be negative.");
        }
        if (InitialCongestionWindowPackets < 1 || MaxRetransmissions < 0 || MaxInitRetransmissions < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(InitialCongestionWindowPackets), "Counts must not be negative.");
        }
    }
}
