using System.Buffers;
using System.Text;

namespace MeshActors.WebRtc.DataChannels;

/// <summary>
/// A channel's queue of accepted messages between the sending threads (any number) and the
/// connection's executor (the only consumer). Messages are copied back to back into 32 KiB segments
/// rented from a pool of segments shared by every channel (<see cref="Segments"/>); a larger message
/// gets an array of its own from <see cref="ArrayPool{T}.Shared"/>. A segment goes back to the pool as
/// soon as its last message is consumed, and an idle channel holds none, so memory follows the bytes
/// queued and a steady stream allocates nothing (one rent per segment, not per message).
/// </summary>
/// <remarks>
/// A short lock orders producers and guards the segment bookkeeping (the copy of one message happens
/// under it, so the segment layout matches the queue order). The consumer reads a message's bytes
/// outside the lock: producers only write past the bytes already handed out.
/// </remarks>
internal sealed class ChannelSendQueue
{
    /// <summary>Bytes per segment: 27 messages of 1200 bytes, one 32 KiB rent.</summary>
    internal const int SegmentSize = 32 * 1024;

    /// <summary>Segments kept for reuse: at most 32 MiB.</summary>
    private const int MaxPooledSegments = 1024;

    /// <summary>
    /// The segments of every channel. Not <see cref="ArrayPool{T}.Shared"/>: it keeps only a few arrays per size and
    /// core, and a process with a thousand channels that each send a little per frame has a thousand segments out at
    /// once (each channel rents one when it gets busy and returns it when it goes idle), so renting from it allocated
    /// 32 KiB per channel per burst (measured with bench-relay: hundreds of MB/s of garbage).
    /// </summary>
    private static readonly ArrayPool<byte> Segments = ArrayPool<byte>.Create(SegmentSize, MaxPooledSegments);

    private readonly object _lock = new();
    private readonly Queue<PendingMessage> _entries = new();
    private byte[]? _tail; // segment producers append to; null when none
    private int _tailUsed;

    /// <summary>True when nothing is queued (a racy hint for the consumer).</summary>
    public bool IsEmpty
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count == 0;
            }
        }
    }

    /// <summary>Queues a binary message (an empty one is stored as its one zero byte).</summary>
    public void Enqueue(ReadOnlySpan<byte> data, DataChannelPpid ppid)
    {
        lock (_lock)
        {
            var destination = Reserve(Math.Max(1, data.Length), ppid);
            if (data.IsEmpty)
            {
                destination[0] = 0;
            }
            else
            {
                data.CopyTo(destination);
            }
        }
    }

    /// <summary>Queues a string as UTF-8 (<paramref name="byteCount"/> from <see cref="Encoding.GetByteCount(string)"/>).</summary>
    public void EnqueueUtf8(string text, int byteCount, DataChannelPpid ppid)
    {
        lock (_lock)
        {
            var destination = Reserve(Math.Max(1, byteCount), ppid);
            if (byteCount == 0)
            {
                destination[0] = 0;
            }
            else
            {
                Encoding.UTF8.GetBytes(text, destination);
            }
        }
    }

    /// <summary>Room for one message, recorded in the queue (caller holds the lock and fills it before releasing).</summary>
    private Span<byte> Reserve(int length, DataChannelPpid ppid)
    {
        if (length > SegmentSize)
        {
            var own = ArrayPool<byte>.Shared.Rent(length);
            // Seal the current segment: its messages stay contiguous in the queue, which is how the
            // consumer knows when a sealed segment's last message is gone.
            _tail = null;
            _entries.Enqueue(new PendingMessage(own, 0, length, ppid, dedicated: true));
            return own.AsSpan(0, length);
        }
        if (_tail is null || SegmentSize - _tailUsed < length)
        {
            _tail = Segments.Rent(SegmentSize);
            _tailUsed = 0;
        }
        var offset = _tailUsed;
        _tailUsed += length;
        _entries.Enqueue(new PendingMessage(_tail, offset, length, ppid, dedicated: false));
        return _tail.AsSpan(offset, length);
    }

    /// <summary>
    /// Consumer: gives back <paramref name="consumed"/> (the message handled last, if any) and takes the
    /// next one. Returns false when the queue is empty (the consumed message is given back all the same).
    /// </summary>
    public bool TryNext(bool hasConsumed, PendingMessage consumed, out PendingMessage next)
    {
        lock (_lock)
        {
            if (hasConsumed)
            {
                Release(consumed);
            }
            return _entries.TryDequeue(out next);
        }
    }

    private void Release(PendingMessage message)
    {
        if (message.Dedicated)
        {
            ArrayPool<byte>.Shared.Return(message.Buffer);
            return;
        }
        var nextInSameSegment = _entries.TryPeek(out var head) && ReferenceEquals(head.Buffer, message.Buffer);
        if (nextInSameSegment)
        {
            return;
        }
        if (ReferenceEquals(message.Buffer, _tail))
        {
            if (_entries.Count > 0)
            {
                return; // dedicated messages queued after it; producers may still append to the tail
            }
            // Idle: hand the tail back rather than keep 32 KiB per quiet channel.
            _tail = null;
            _tailUsed = 0;
        }
        Segments.Return(message.Buffer);
    }
}
