namespace MeshActors.WebRtc;

/// <summary>
/// One statistics object of an <see cref="RtcStatsReport"/> (W3C webrtc-stats <c>RTCStats</c>): a unique id within the
/// report, its type name ("peer-connection", "transport", "candidate-pair", …) and when it was taken.
/// </summary>
public abstract record RtcStats
{
    /// <summary>Unique within the report, stable across reports of the same connection (W3C <c>id</c>).</summary>
    public required string Id { get; init; }

    /// <summary>The W3C <c>RTCStatsType</c> name.</summary>
    public abstract string Type { get; }

    /// <summary>When the values were read (W3C <c>timestamp</c>, here a UTC time).</summary>
    public required DateTimeOffset Timestamp { get; init; }
}

/// <summary>The connection as a whole (W3C <c>RTCPeerConnectionStats</c>) plus message and byte totals of all its channels.</summary>
public sealed record RtcPeerConnectionStats : RtcStats
{
    /// <inheritdoc/>
    public override string Type => "peer-connection";

    /// <summary>Channels that reached open (W3C <c>dataChannelsOpened</c>).</summary>
    public long DataChannelsOpened { get; init; }

    /// <summary>Channels that closed after being open (W3C <c>dataChannelsClosed</c>).</summary>
    public long DataChannelsClosed { get; init; }

    /// <summary>User messages sent on all channels (W3C name of <see cref="RtcDataChannelStats.MessagesSent"/>).</summary>
    public long MessagesSent { get; init; }

    /// <summary>User message bytes sent on all channels.</summary>
    public long BytesSent { get; init; }

    /// <summary>User messages received on all channels.</summary>
    public long MessagesReceived { get; init; }

    /// <summary>User message bytes received on all channels.</summary>
    public long BytesReceived { get; init; }
}

/// <summary>One data channel (W3C <c>RTCDataChannelStats</c>).</summary>
public sealed record RtcDataChannelStats : RtcStats
{
    /// <inheritdoc/>
    public override string Type => "data-channel";

    /// <summary>The channel's label.</summary>
    public required string Label { get; init; }

    /// <summary>The channel's sub-protocol.</summary>
    public required string Protocol { get; init; }

    /// <summary>The SCTP stream id (W3C <c>dataChannelIdentifier</c>); null until assigned.</summary>
    public int? DataChannelIdentifier { get; init; }

    /// <summary>"connecting", "open", "closing" or "closed".</summary>
    public required string State { get; init; }

    /// <summary>Messages sent (W3C <c>messagesSent</c>).</summary>
    public long MessagesSent { get; init; }

    /// <summary>Message bytes sent (W3C <c>bytesSent</c>; payload only).</summary>
    public long BytesSent { get; init; }

    /// <summary>Messages received (W3C <c>messagesReceived</c>).</summary>
    public long MessagesReceived { get; init; }

    /// <summary>Message bytes received (W3C <c>bytesReceived</c>; payload only).</summary>
    public long BytesReceived { get; init; }
}

/// <summary>The ICE + DTLS transport (W3C <c>RTCTransportStats</c>).</summary>
public sealed record RtcTransportStats : RtcStats
{
    /// <inheritdoc/>
    public override string Type => "transport";

    /// <summary>Datagrams sent on the selected pair, DTLS records and STUN checks included (W3C <c>packetsSent</c>).</summary>
    public long PacketsSent { get; init; }

    /// <summary>Datagrams received on this connection's sockets (W3C <c>packetsReceived</c>).</summary>
    public long PacketsReceived { get; init; }

    /// <summary>DTLS application bytes sent (W3C <c>bytesSent</c>: payload above DTLS, i.e. SCTP packets).</summary>
    public long BytesSent { get; init; }

    /// <summary>DTLS application bytes received (W3C <c>bytesReceived</c>).</summary>
    public long BytesReceived { get; init; }

    /// <summary>"controlling" or "controlled" (W3C <c>iceRole</c>).</summary>
    public required string IceRole { get; init; }

    /// <summary>The local ICE ufrag (W3C <c>iceLocalUsernameFragment</c>).</summary>
    public required string IceLocalUsernameFragment { get; init; }

    /// <summary>W3C <c>iceState</c>: "new", "checking", "connected", "completed", "disconnected", "failed" or "closed".</summary>
    public required string IceState { get; init; }

    /// <summary>W3C <c>dtlsState</c>: "new", "connecting", "connected", "closed" or "failed".</summary>
    public required string DtlsState { get; init; }

    /// <summary>W3C <c>dtlsRole</c>: "client", "server" or "unknown".</summary>
    public required string DtlsRole { get; init; }

    /// <summary>The negotiated cipher suite's IANA name (W3C <c>dtlsCipher</c>); null before the handshake.</summary>
    public string? DtlsCipher { get; init; }

    /// <summary>"FEFD" (DTLS 1.2) once connected, as W3C <c>tlsVersion</c> writes it; null before.</summary>
    public string? TlsVersion { get; init; }

    /// <summary>Id of the selected <see cref="RtcIceCandidatePairStats"/> (W3C <c>selectedCandidatePairId</c>); null when none.</summary>
    public string? SelectedCandidatePairId { get; init; }

    /// <summary>Fingerprint of the local certificate (W3C <c>localCertificateId</c> points at it; here the value itself).</summary>
    public required string LocalCertificateFingerprint { get; init; }

    /// <summary>Fingerprint the remote certificate matched; null before the handshake.</summary>
    public string? RemoteCertificateFingerprint { get; init; }
}

/// <summary>An ICE candidate pair (W3C <c>RTCIceCandidatePairStats</c>); the report carries the selected one.</summary>
public sealed record RtcIceCandidatePairStats : RtcStats
{
    /// <inheritdoc/>
    public override string Type => "candidate-pair";

    /// <summary>Id of the transport stats (W3C <c>transportId</c>).</summary>
    public required string TransportId { get; init; }

    /// <summary>Id of the local candidate stats (W3C <c>localCandidateId</c>).</summary>
    public required string LocalCandidateId { get; init; }

    /// <summary>Id of the remote candidate stats (W3C <c>remoteCandidateId</c>).</summary>
    public required string RemoteCandidateId { get; init; }

    /// <summary>W3C <c>state</c>: "frozen", "waiting", "in-progress", "succeeded" or "failed".</summary>
    public required string State { get; init; }

    /// <summary>Whether the pair was nominated (W3C <c>nominated</c>).</summary>
    public bool Nominated { get; init; }

    /// <summary>The last STUN check round trip on this pair, in seconds (W3C <c>currentRoundTripTime</c>); null before one.</summary>
    public double? CurrentRoundTripTime { get; init; }

    /// <summary>Checks received on this pair (W3C <c>requestsReceived</c>).</summary>
    public long RequestsReceived { get; init; }

    /// <summary>Check responses received (W3C <c>responsesReceived</c>).</summary>
    public long ResponsesReceived { get; init; }
}

/// <summary>A local or remote ICE candidate (W3C <c>RTCIceCandidateStats</c>).</summary>
public sealed record RtcIceCandidateStats : RtcStats
{
    /// <summary>True for "remote-candidate", false for "local-candidate".</summary>
    public bool IsRemote { get; init; }

    /// <inheritdoc/>
    public override string Type => IsRemote ? "remote-candidate" : "local-candidate";

    /// <summary>The candidate's address as signalled (an IP literal or a name).</summary>
    public required string Address { get; init; }

    /// <summary>The candidate's port.</summary>
    public int Port { get; init; }

    /// <summary>"udp" or "tcp".</summary>
    public required string Protocol { get; init; }

    /// <summary>W3C <c>candidateType</c>: "host", "srflx", "prflx" or "relay".</summary>
    public required string CandidateType { get; init; }

    /// <summary>The candidate priority.</summary>
    public long Priority { get; init; }

    /// <summary>The candidate foundation.</summary>
    public required string Foundation { get; init; }
}

/// <summary>
/// The SCTP association carrying the channels (the "sctp-transport" stats of webrtc-stats' provisional section):
/// smoothed RTT, congestion and receive windows, data in flight, and retransmissions.
/// </summary>
public sealed record RtcSctpTransportStats : RtcStats
{
    /// <inheritdoc/>
    public override string Type => "sctp-transport";

    /// <summary>SCTP's smoothed round-trip time (SRTT, RFC 9260 §6.3.1), in seconds (W3C <c>smoothedRoundTripTime</c>); null before a measurement.</summary>
    public double? SmoothedRoundTripTime { get; init; }

    /// <summary>Congestion window in bytes (W3C <c>congestionWindow</c>).</summary>
    public long CongestionWindow { get; init; }

    /// <summary>The peer's advertised receive window in bytes (W3C <c>receiverWindow</c>).</summary>
    public long ReceiverWindow { get; init; }

    /// <summary>Largest SCTP packet in bytes (W3C <c>mtu</c>).</summary>
    public int Mtu { get; init; }

    /// <summary>Bytes sent and not yet acknowledged (W3C <c>unackData</c>).</summary>
    public long UnackData { get; init; }

    /// <summary>DATA chunks sent again after a timeout or fast retransmit (webrtc-stats <c>retransmittedPacketsSent</c>).</summary>
    public long RetransmittedPacketsSent { get; init; }

    /// <summary>SCTP packets sent.</summary>
    public long PacketsSent { get; init; }

    /// <summary>SCTP packets received.</summary>
    public long PacketsReceived { get; init; }
}
