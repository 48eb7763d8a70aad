using System.Buffers;
using System.Collections.Concurrent;
using MeshActors.Relay;

namespace MeshActors.Multiplayer;

/// <summary>A received packet waiting for Poll: a pooled buffer, its length, its logical source and command.</summary>
internal readonly record struct InboundPacket(byte[] Buffer, int Length, int Source, SceneCommand Command)
{
    public ReadOnlySpan<byte> Span => Buffer.AsSpan(0, Length);
}

/// <summary>
/// Received packets of one channel of one peer, written by the connection's thread and read by the
/// facade's caller. Buffers are pooled. Bytes waiting are bounded: beyond the limit new packets are
/// dropped and counted (Godot's browser backend drops likewise when its 64 KiB ring is full, §6.2).
/// </summary>
/// <remarks>
/// The reader looks at the head by taking it out into a staged slot that only the reader touches:
/// <see cref="ConcurrentQueue{T}.TryPeek"/> would freeze the queue's segment for enqueues (so that the
/// peeked item stays observable), which costs a new segment soon after every peek.
/// </remarks>
internal sealed class ChannelQueue(long maxQueuedBytes)
{
    /// <summary>Largest packet buffer kept for reuse; larger ones come from <see cref="ArrayPool{T}.Shared"/>.</summary>
    private const int MaxPooledLength = 64 * 1024;

    /// <summary>
    /// Packet buffers of every channel of every peer in the process. Not <see cref="ArrayPool{T}.Shared"/>: it keeps a
    /// few arrays per size and core, while packets wait here by the thousand (many peers, each with some unread), and
    /// they are rented on connection threads and returned on the reader's, so renting from it allocated.
    /// </summary>
    private static readonly ArrayPool<byte> Buffers = ArrayPool<byte>.Create(MaxPooledLength, 4096);

    /// <summary>A buffer for a packet of <paramref name="length"/> bytes.</summary>
    public static byte[] RentBuffer(int length) => length <= MaxPooledLength ? Buffers.Rent(length) : ArrayPool<byte>.Shared.Rent(length);

    /// <summary>Gives back a buffer from <see cref="RentBuffer"/> (a dequeued packet's).</summary>
    public static void ReturnBuffer(byte[] buffer)
    {
        if (buffer.Length <= MaxPooledLength)
        {
            Buffers.Return(buffer);
        }
        else
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private readonly ConcurrentQueue<InboundPacket> _queue = new();
    private InboundPacket _staged; // reader only
    private bool _hasStaged; // reader only
    private int _count;
    private long _bytes;
    private long _dropped;

    /// <summary>Packets waiting.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Packets dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Copies <paramref name="data"/> into a pooled buffer and queues it; false when full.</summary>
    public bool TryEnqueue(ReadOnlySpan<byte> data, int source, SceneCommand command)
    {
        if (Interlocked.Add(ref _bytes, data.Length) > maxQueuedBytes)
        {
            Interlocked.Add(ref _bytes, -data.Length);
            Interlocked.Increment(ref _dropped);
            return false;
        }
        var buffer = RentBuffer(data.Length);
        data.CopyTo(buffer);
        _queue.Enqueue(new InboundPacket(buffer, data.Length, source, command));
        Interlocked.Increment(ref _count);
        return true;
    }

    /// <summary>Looks at the oldest packet without taking it (reader only).</summary>
    public bool TryPeek(out InboundPacket packet)
    {
        if (!_hasStaged)
        {
            if (!_queue.TryDequeue(out _staged))
            {
                packet = default;
                return false;
            }
            _hasStaged = true;
        }
        packet = _staged;
        return true;
    }

    /// <summary>Takes the oldest packet (reader only); the caller returns its buffer to the pool.</summary>
    public bool TryDequeue(out InboundPacket packet)
    {
        if (_hasStaged)
        {
            packet = _staged;
            _staged = default;
            _hasStaged = false;
        }
        else if (!_queue.TryDequeue(out packet))
        {
            return false;
        }
        Interlocked.Decrement(ref _count);
        Interlocked.Add(ref _bytes, -packet.Length);
        return true;
    }

    /// <summary>Discards every waiting packet (reader only).</summary>
    public void Clear()
    {
        while (TryDequeue(out var packet))
        {
            ReturnBuffer(packet.Buffer);
        }
    }
}
