using System.Buffers;

namespace MeshActors.WebRtc.DataChannels;

/// <summary>
/// A message queued by <see cref="RtcDataChannel.Send(ReadOnlySpan{byte})"/> from any thread and not yet
/// handed to the SCTP association: its bytes in an array rented from <see cref="ArrayPool{T}.Shared"/>.
/// </summary>
internal readonly struct PendingMessage(byte[] buffer, int length, DataChannelPpid ppid)
{
    /// <summary>The rented array (at least <see cref="Length"/> bytes).</summary>
    public byte[] Buffer { get; } = buffer;

    /// <summary>Bytes of the message on the wire (1 for an empty message).</summary>
    public int Length { get; } = length;

    /// <summary>The PPID it is sent with.</summary>
    public DataChannelPpid Ppid { get; } = ppid;

    /// <summary>The message bytes.</summary>
    public ReadOnlySpan<byte> Span => Buffer.AsSpan(0, Length);

    /// <summary>Gives the array back to the pool; the message must not be used afterwards.</summary>
    public void Release() => ArrayPool<byte>.Shared.Return(Buffer);
}
