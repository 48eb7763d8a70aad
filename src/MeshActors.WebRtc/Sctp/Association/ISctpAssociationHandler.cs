namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// Receives the events of an <see cref="SctpAssociation"/>. Methods are called synchronously from
/// inside <see cref="SctpAssociation.HandlePacket"/>, <see cref="SctpAssociation.HandleTimeout"/>,
/// <see cref="SctpAssociation.PollTransmit"/> and the association's other methods, on the
/// connection's serial executor. A handler may call back into the association (send, reset streams,
/// shut down, abort) but must not call <see cref="SctpAssociation.HandlePacket"/> or
/// <see cref="SctpAssociation.HandleTimeout"/> from inside an event. An exception thrown by a
/// handler aborts the association (its state could not be trusted afterwards).
/// </summary>
public interface ISctpAssociationHandler
{
    /// <summary>The association reached ESTABLISHED: messages can flow.</summary>
    void OnConnected();

    /// <summary>
    /// A whole user message arrived on <paramref name="streamId"/>. <paramref name="message"/> is valid
    /// only during the call: copy what must outlive it. Ordered messages of a stream arrive in order;
    /// every message arrives at most once.
    /// </summary>
    void OnMessage(ushort streamId, uint payloadProtocolId, ReadOnlySpan<byte> message);

    /// <summary>
    /// The bytes queued on <paramref name="streamId"/> and not yet sent fell to or below the stream's
    /// threshold (<see cref="SctpAssociation.SetBufferedAmountLowThreshold"/>) from above it.
    /// </summary>
    void OnBufferedAmountLow(ushort streamId);

    /// <summary>
    /// The peer reset its outgoing side of these streams (RFC 6525): nothing more arrives on them under
    /// their old sequence numbers. WebRTC's data-channel layer answers by resetting its own outgoing side.
    /// </summary>
    void OnIncomingStreamsReset(ReadOnlySpan<ushort> streamIds);

    /// <summary>Our request to reset these outgoing streams was performed by the peer; they can be reused.</summary>
    void OnOutgoingStreamsReset(ReadOnlySpan<ushort> streamIds);

    /// <summary>The peer refused or failed our request to reset these outgoing streams.</summary>
    void OnStreamsResetFailed(ReadOnlySpan<ushort> streamIds, SctpReconfigurationResult result);

    /// <summary>
    /// The peer restarted the association (RFC 9260 §5.2.4 case A): every stream and queued message
    /// was dropped and the association continues with fresh state. <see cref="OnConnected"/> follows.
    /// </summary>
    void OnRestarted();

    /// <summary>The association is closed: shut down, aborted by either side, or failed.</summary>
    void OnClosed(SctpCloseInfo info);
}
