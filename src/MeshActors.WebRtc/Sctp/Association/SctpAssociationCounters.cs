namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// Running totals of one association, for statistics and for spotting bad input: packets that were
/// dropped are counted here, never thrown. Read on the association's executor.
/// </summary>
public sealed class SctpAssociationCounters
{
    /// <summary>Packets handed to <see cref="SctpAssociation.HandlePacket"/>.</summary>
    public long PacketsReceived { get; internal set; }
    /// <summary>Packets returned by <see cref="SctpAssociation.PollTransmit"/>.</summary>
    public long PacketsSent { get; internal set; }
    /// <summary>Bytes of received packets.</summary>
    public long BytesReceived { get; internal set; }
    /// <summary>Bytes of sent packets.</summary>
    public long BytesSent { get; internal set; }
    /// <summary>Packets dropped for a bad CRC-32C.</summary>
    public long BadChecksums { get; internal set; }
    /// <summary>Packets or chunks dropped because they could not be parsed (bad lengths, lying counts, ...).</summary>
    public long MalformedPackets { get; internal set; }
    /// <summary>Packets dropped for a wrong verification tag or wrong ports (RFC 9260 §8.5).</summary>
    public long VerificationTagMismatches { get; internal set; }
    /// <summary>Chunks or packets ignored because they did not fit the state (late, duplicate, out of the blue, stale cookies...).</summary>
    public long IgnoredChunks { get; internal set; }
    /// <summary>Chunks of types this stack does not implement.</summary>
    public long UnrecognizedChunks { get; internal set; }
    /// <summary>DATA / I-DATA chunks received (duplicates included).</summary>
    public long DataChunksReceived { get; internal set; }
    /// <summary>DATA / I-DATA chunks received again.</summary>
    public long DuplicateDataChunks { get; internal set; }
    /// <summary>DATA / I-DATA chunks dropped because the receive window or TSN range was full.</summary>
    public long DataChunksDroppedNoBuffer { get; internal set; }
    /// <summary>DATA / I-DATA chunks sent for the first time.</summary>
    public long DataChunksSent { get; internal set; }
    /// <summary>DATA / I-DATA chunks sent again (T3 or fast retransmit).</summary>
    public long Retransmissions { get; internal set; }
    /// <summary>Fast retransmits entered (three miss indications, RFC 9260 §7.2.4).</summary>
    public long FastRetransmits { get; internal set; }
    /// <summary>T3-rtx expirations.</summary>
    public long RetransmissionTimeouts { get; internal set; }
    /// <summary>SACKs received.</summary>
    public long SacksReceived { get; internal set; }
    /// <summary>SACKs sent.</summary>
    public long SacksSent { get; internal set; }
    /// <summary>FORWARD-TSN / I-FORWARD-TSN chunks sent.</summary>
    public long ForwardTsnsSent { get; internal set; }
    /// <summary>FORWARD-TSN / I-FORWARD-TSN chunks received.</summary>
    public long ForwardTsnsReceived { get; internal set; }
    /// <summary>Whole messages queued by <see cref="SctpAssociation.Send"/>.</summary>
    public long MessagesSent { get; internal set; }
    /// <summary>Whole messages delivered to the handler.</summary>
    public long MessagesReceived { get; internal set; }
    /// <summary>Messages abandoned by partial reliability (RFC 3758).</summary>
    public long MessagesAbandoned { get; internal set; }
    /// <summary>HEARTBEATs sent.</summary>
    public long HeartbeatsSent { get; internal set; }
    /// <summary>Internal errors that aborted the association (should stay 0).</summary>
    public long InternalErrors { get; internal set; }
}
