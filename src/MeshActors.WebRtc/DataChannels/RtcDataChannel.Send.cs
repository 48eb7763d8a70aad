using System.Text;
using MeshActors.WebRtc.Net;

namespace MeshActors.WebRtc.DataChannels;

public sealed partial class RtcDataChannel
{
    /// <summary>
    /// Sends a string message (UTF-8, PPID 51; an empty string goes as PPID 56 with one zero byte).
    /// </summary>
    /// <exception cref="InvalidOperationException">The channel is not open, or its send buffer is full (see <see cref="TrySend(string)"/>).</exception>
    /// <exception cref="ArgumentException">The message is larger than <see cref="SctpDataChannelTransport.MaxMessageSize"/>.</exception>
    public void Send(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        ThrowOnFailure(TrySend(text), Encoding.UTF8.GetByteCount(text));
    }

    /// <summary>Sends a binary message (PPID 53; an empty one goes as PPID 57 with one zero byte).</summary>
    /// <exception cref="InvalidOperationException">The channel is not open, or its send buffer is full (see <see cref="TrySend(ReadOnlySpan{byte})"/>).</exception>
    /// <exception cref="ArgumentException">The message is larger than <see cref="SctpDataChannelTransport.MaxMessageSize"/>.</exception>
    public void Send(ReadOnlySpan<byte> data) => ThrowOnFailure(TrySend(data), data.Length);

    /// <summary>Sends a binary message (PPID 53; an empty one goes as PPID 57 with one zero byte).</summary>
    /// <exception cref="InvalidOperationException">The channel is not open, or its send buffer is full.</exception>
    /// <exception cref="ArgumentException">The message is larger than <see cref="SctpDataChannelTransport.MaxMessageSize"/>.</exception>
    public void Send(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Send(data.AsSpan());
    }

    /// <summary>
    /// Queues a binary message without throwing: the hot-path form of <see cref="Send(ReadOnlySpan{byte})"/>.
    /// The bytes are copied; the caller may reuse its buffer at once. Allocation-free (pooled buffers).
    /// </summary>
    public RtcDataChannelSendResult TrySend(ReadOnlySpan<byte> data)
    {
        var result = TryReserve(data.Length);
        if (result != RtcDataChannelSendResult.Queued)
        {
            return result;
        }
        _pending.Enqueue(data, data.IsEmpty ? DataChannelPpid.BinaryEmpty : DataChannelPpid.Binary); // RFC 8831 §6.6: empty = PPID 57 + one zero byte
        AfterEnqueue();
        return RtcDataChannelSendResult.Queued;
    }

    /// <summary>Queues a string message (UTF-8) without throwing: the hot-path form of <see cref="Send(string)"/>.</summary>
    public RtcDataChannelSendResult TrySend(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var length = Encoding.UTF8.GetByteCount(text);
        var result = TryReserve(length);
        if (result != RtcDataChannelSendResult.Queued)
        {
            return result;
        }
        _pending.EnqueueUtf8(text, length, length == 0 ? DataChannelPpid.StringEmpty : DataChannelPpid.String); // empty = PPID 56 + one zero byte
        AfterEnqueue();
        return RtcDataChannelSendResult.Queued;
    }

    /// <summary>Checks state and size, then reserves the message's wire bytes against <see cref="MaxBufferedAmount"/>.</summary>
    private RtcDataChannelSendResult TryReserve(int length)
    {
        if (Volatile.Read(ref _state) != (int)RtcDataChannelState.Open)
        {
            return RtcDataChannelSendResult.NotOpen;
        }
        if (length > _transport.MaxMessageSize)
        {
            return RtcDataChannelSendResult.MessageTooLarge;
        }
        long wire = Math.Max(1, length);
        var current = Volatile.Read(ref _bufferedAmount);
        while (true)
        {
            if (current + wire > MaxBufferedAmount)
            {
                _transport.CountBufferFull();
                return RtcDataChannelSendResult.BufferFull;
            }
            var seen = Interlocked.CompareExchange(ref _bufferedAmount, current + wire, current);
            if (seen == current)
            {
                return RtcDataChannelSendResult.Queued;
            }
            current = seen;
        }
    }

    private void ThrowOnFailure(RtcDataChannelSendResult result, int length)
    {
        switch (result)
        {
            case RtcDataChannelSendResult.Queued:
                return;
            case RtcDataChannelSendResult.NotOpen:
                throw new InvalidOperationException($"Data channel '{Label}' is {ReadyState.ToString().ToLowerInvariant()}, not open: nothing was sent.");
            case RtcDataChannelSendResult.MessageTooLarge:
                throw new ArgumentException($"The message is {length} bytes; data channel '{Label}' carries at most {_transport.MaxMessageSize} bytes (the peer's a=max-message-size and ours).");
            default:
                throw new InvalidOperationException(
                    $"Data channel '{Label}' send buffer is full: {BufferedAmount} bytes queued, limit {MaxBufferedAmount}. "
                    + "Wait for BufferedAmountLow (or use TrySend and retry later).");
        }
    }

    /// <summary>Makes sure one flush is scheduled on the executor (or flushes at once when already on it).</summary>
    private void AfterEnqueue()
    {
        if (_transport.Executor.IsCurrent)
        {
            // Already on the connection's thread (e.g. replying from a message handler): no hand-off.
            FlushPending();
            _transport.RequestTransmit();
            return;
        }
        if (Interlocked.Exchange(ref _flushScheduled, 1) == 0)
        {
            _transport.Executor.Post(_flushItem);
        }
    }

    /// <summary>
    /// Hands every queued message to the association, in order (executor only). While the channel is
    /// closing, messages accepted before <see cref="Close"/> are still sent ahead of the stream reset.
    /// </summary>
    internal void FlushPending()
    {
        while (_pending.TryDequeue(out var message))
        {
            // The association takes the message's buffer over when it accepts it: no second copy.
            var sent = (RtcDataChannelState)Volatile.Read(ref _state) is RtcDataChannelState.Open or RtcDataChannelState.Closing
                && !OutgoingResetRequested
                && _transport.SendUserMessage(this, message.Ppid, message.Buffer, message.Length);
            if (sent)
            {
                SctpBuffered += message.Length;
            }
            else
            {
                ChannelSendQueue.Release(message);
                Interlocked.Add(ref _bufferedAmount, -message.Length);
            }
        }
    }

    /// <summary>Drops every queued message (channel closed): buffers go back to the pool.</summary>
    internal void DropPending()
    {
        while (_pending.TryDequeue(out var message))
        {
            ChannelSendQueue.Release(message);
            Interlocked.Add(ref _bufferedAmount, -message.Length);
        }
    }

    /// <summary>
    /// Takes the association's current count of this stream's queued bytes; returns the new
    /// <see cref="BufferedAmount"/> and whether it crossed <see cref="BufferedAmountLowThreshold"/> downwards.
    /// </summary>
    internal bool UpdateSctpBuffered(long sctpBuffered)
    {
        var left = SctpBuffered - sctpBuffered;
        if (left == 0)
        {
            return false;
        }
        SctpBuffered = sctpBuffered;
        var now = Interlocked.Add(ref _bufferedAmount, -left);
        var threshold = BufferedAmountLowThreshold;
        return left > 0 && now + left > threshold && now <= threshold;
    }

    /// <summary>Forgets what the association held for this channel (stream reset or association gone).</summary>
    internal void ClearSctpBuffered()
    {
        Interlocked.Add(ref _bufferedAmount, -SctpBuffered);
        SctpBuffered = 0;
    }

    private sealed class FlushWorkItem(RtcDataChannel channel) : IWorkItem
    {
        public void Execute()
        {
            Volatile.Write(ref channel._flushScheduled, 0); // before draining: a Send racing with us posts again
            channel.FlushPending();
            channel._transport.RequestTransmit();
        }
    }
}
