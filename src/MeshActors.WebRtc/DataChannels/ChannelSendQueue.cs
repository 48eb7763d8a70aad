using System.Text;
using MeshActors.WebRtc.Sctp;

namespace MeshActors.WebRtc.DataChannels;

/// <summary>
/// A channel's queue of accepted messages between the sending threads (any number) and the connection's executor
/// (the only consumer). Each message is copied once, on the sending thread, into a buffer rented from the SCTP
/// layer's message pool (<see cref="BufferPools.RentMessage"/>); the association takes that buffer over when the
/// message is handed to it and returns it to the pool once the message is acknowledged, so the bytes are never copied
/// again and a steady stream allocates nothing. An idle channel holds no buffer.
/// </summary>
/// <remarks>
/// The copy happens outside the lock; the lock only orders the queue. Messages sent concurrently from several threads
/// have no defined order between them; those of one thread keep theirs.
/// </remarks>
internal sealed class ChannelSendQueue
{
    private readonly object _lock = new();
    private readonly Queue<PendingMessage> _entries = new();

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
        var length = Math.Max(1, data.Length);
        var buffer = BufferPools.RentMessage(length);
        if (data.IsEmpty)
        {
            buffer[0] = 0;
        }
        else
        {
            data.CopyTo(buffer);
        }
        Add(new PendingMessage(buffer, length, ppid));
    }

    /// <summary>Queues a string as UTF-8 (<paramref name="byteCount"/> from <see cref="Encoding.GetByteCount(string)"/>).</summary>
    public void EnqueueUtf8(string text, int byteCount, DataChannelPpid ppid)
    {
        var length = Math.Max(1, byteCount);
        var buffer = BufferPools.RentMessage(length);
        if (byteCount == 0)
        {
            buffer[0] = 0;
        }
        else
        {
            Encoding.UTF8.GetBytes(text, buffer);
        }
        Add(new PendingMessage(buffer, length, ppid));
    }

    /// <summary>
    /// Consumer: takes the next message. Its buffer now belongs to the caller: hand it to the association or give it
    /// back with <see cref="Release"/>.
    /// </summary>
    public bool TryDequeue(out PendingMessage message)
    {
        lock (_lock)
        {
            return _entries.TryDequeue(out message);
        }
    }

    /// <summary>Gives a dequeued message's buffer back to the pool (it was not sent).</summary>
    public static void Release(in PendingMessage message) => BufferPools.ReturnMessage(message.Buffer);

    private void Add(in PendingMessage message)
    {
        lock (_lock)
        {
            _entries.Enqueue(message);
        }
    }
}
