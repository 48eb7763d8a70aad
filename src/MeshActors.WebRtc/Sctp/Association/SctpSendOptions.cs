namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// How one message is delivered. The default is reliable and ordered. Setting
/// <see cref="MaxRetransmits"/> or <see cref="MaxLifetime"/> makes it partially reliable (RFC 3758):
/// the message is abandoned once it was retransmitted that many times, or once it is that old, and
/// the receiver skips it. A partially reliable message is still delivered at most once and never
/// corrupted. WebRTC channels set one of the two (maxRetransmits / maxPacketLifeTime), never both.
/// </summary>
public readonly record struct SctpSendOptions
{
    /// <summary>Reliable, ordered.</summary>
    public static SctpSendOptions Reliable => default;

    /// <summary>Delivered as soon as it is complete, not in order with the stream's other messages.</summary>
    public bool Unordered { get; init; }

    /// <summary>Retransmissions allowed before the message is abandoned; null = unlimited, 0 = sent once.</summary>
    public int? MaxRetransmits { get; init; }

    /// <summary>Age after which the message is abandoned (counted from <see cref="SctpAssociation.Send"/>); null = forever.</summary>
    public TimeSpan? MaxLifetime { get; init; }
}

/// <summary>Result of <see cref="SctpAssociation.Send"/>.</summary>
public enum SctpSendStatus
{
    /// <summary>The message was queued.</summary>
    Ok,
    /// <summary>SCTP cannot carry an empty message (RFC 9260 §6.2); WebRTC sends PPID 56/57 with one zero byte instead.</summary>
    EmptyMessage,
    /// <summary>Larger than <see cref="SctpAssociation.MaxSendMessageSize"/>.</summary>
    MessageTooLarge,
    /// <summary>The stream identifier is not below the negotiated number of outbound streams.</summary>
    InvalidStream,
    /// <summary>The stream is being reset; send again once <see cref="ISctpAssociationHandler.OnOutgoingStreamsReset"/> reports it.</summary>
    StreamResetting,
    /// <summary>The stream's queue would exceed <see cref="SctpAssociationOptions.MaxBufferedAmountPerStream"/>.</summary>
    BufferFull,
    /// <summary>The association is closed or shutting down.</summary>
    NotConnected,
}

/// <summary>Result of <see cref="SctpAssociation.ResetStreams"/>.</summary>
public enum SctpResetStatus
{
    /// <summary>The reset was queued; it is requested once the streams' queued messages are sent.</summary>
    Ok,
    /// <summary>The association is not established.</summary>
    NotConnected,
    /// <summary>The peer did not announce RE-CONFIG (RFC 6525) support.</summary>
    NotSupported,
    /// <summary>A stream identifier is not below the negotiated number of outbound streams.</summary>
    InvalidStream,
}
