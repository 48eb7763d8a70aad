namespace MeshActors.WebRtc.DataChannels;

/// <summary>Result of <see cref="RtcDataChannel.TrySend(ReadOnlySpan{byte})"/> and its overloads (no exceptions on hot paths).</summary>
public enum RtcDataChannelSendResult
{
    /// <summary>The message was queued; <see cref="RtcDataChannel.BufferedAmount"/> grew by its size.</summary>
    Queued,

    /// <summary>The channel is not open (W3C: InvalidStateError). Nothing was queued.</summary>
    NotOpen,

    /// <summary>
    /// The message is larger than <see cref="SctpDataChannelTransport.MaxMessageSize"/> (W3C: TypeError).
    /// Nothing was queued.
    /// </summary>
    MessageTooLarge,

    /// <summary>
    /// Queuing the message would take <see cref="RtcDataChannel.BufferedAmount"/> above
    /// <see cref="RtcDataChannel.MaxBufferedAmount"/> (W3C: OperationError). Nothing was queued: wait for
    /// <see cref="RtcDataChannel.BufferedAmountLow"/> and send again.
    /// </summary>
    BufferFull,
}
