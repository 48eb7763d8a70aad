namespace MeshActors.WebRtc.DataChannels;

/// <summary>
/// A message accepted by <see cref="RtcDataChannel.Send(ReadOnlySpan{byte})"/> and not yet handed to the SCTP
/// association: its bytes, in a buffer rented from the SCTP layer's message pool, which the association takes over as
/// it is (no second copy) when the message is handed to it.
/// </summary>
internal readonly struct PendingMessage(byte[] buffer, int length, DataChannelPpid ppid)
{
    /// <summary>The rented buffer; the message is its first <see cref="Length"/> bytes.</summary>
    public byte[] Buffer { get; } = buffer;

    /// <summary>Bytes of the message on the wire (1 for an empty message).</summary>
    public int Length { get; } = length;

    /// <summary>The PPID it is sent with.</summary>
    public DataChannelPpid Ppid { get; } = ppid;
}
