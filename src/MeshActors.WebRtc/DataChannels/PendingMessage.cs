namespace MeshActors.WebRtc.DataChannels;

/// <summary>
/// A message accepted by <see cref="RtcDataChannel.Send(ReadOnlySpan{byte})"/> and not yet handed to the
/// SCTP association: where its bytes sit in the channel's <see cref="ChannelSendQueue"/>.
/// </summary>
internal readonly struct PendingMessage(byte[] buffer, int offset, int length, DataChannelPpid ppid, bool dedicated)
{
    /// <summary>The segment (or dedicated array) holding the bytes.</summary>
    public byte[] Buffer { get; } = buffer;

    /// <summary>Where the message starts in <see cref="Buffer"/>.</summary>
    public int Offset { get; } = offset;

    /// <summary>Bytes of the message on the wire (1 for an empty message).</summary>
    public int Length { get; } = length;

    /// <summary>The PPID it is sent with.</summary>
    public DataChannelPpid Ppid { get; } = ppid;

    /// <summary>True when the message has an array of its own (larger than a segment).</summary>
    public bool Dedicated { get; } = dedicated;

    /// <summary>The message bytes.</summary>
    public ReadOnlySpan<byte> Span => Buffer.AsSpan(Offset, Length);
}
