namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// All outgoing streams and the round-robin scheduler between those with queued messages. With I-DATA
/// the scheduler moves to the next stream after every fragment, so a large message does not hold back
/// small messages on other streams. With DATA the fragments of one message must carry consecutive
/// TSNs (RFC 9260 §3.3.1), so it moves on only after a whole message.
/// </summary>
internal sealed class SendQueue
{
    private readonly Dictionary<ushort, OutgoingStream> _streams = [];
    private readonly Queue<OutgoingStream> _ready = new();
    private readonly Stack<OutgoingMessage> _messagePool = new();

    /// <summary>Bytes queued on all streams and not yet cut into chunks.</summary>
    public long BufferedAmount { get; private set; }

    /// <summary>True when fragments of different messages may interleave (I-DATA negotiated).</summary>
    public bool Interleaving { get; set; }

    public int StreamCount => _streams.Count;

    public bool HasQueuedMessages => _ready.Count > 0;

    /// <summary>Streams with queued messages.</summary>
    public int ReadyCount => _ready.Count;

    public Dictionary<ushort, OutgoingStream>.ValueCollection Streams => _streams.Values;

    public bool TryGet(ushort id, out OutgoingStream stream) => _streams.TryGetValue(id, out stream!);

    public OutgoingStream GetOrCreate(ushort id)
    {
        if (!_streams.TryGetValue(id, out var stream))
        {
            stream = new OutgoingStream(id);
            _streams.Add(id, stream);
        }
        return stream;
    }

    /// <summary>Forgets a stream (after its reset): it starts again from sequence number 0.</summary>
    public void Remove(ushort id) => _streams.Remove(id);

    public OutgoingMessage RentMessage() => _messagePool.Count > 0 ? _messagePool.Pop() : new OutgoingMessage();

    public void ReturnMessage(OutgoingMessage message)
    {
        message.ReleaseBuffer();
        _messagePool.Push(message);
    }

    public void Enqueue(OutgoingStream stream, OutgoingMessage message)
    {
        message.InStreamQueue = true;
        stream.Queue.Enqueue(message);
        stream.BufferedAmount += message.Length;
        BufferedAmount += message.Length;
        if (!stream.Scheduled)
        {
            stream.Scheduled = true;
            _ready.Enqueue(stream);
        }
    }

    /// <summary>The stream whose turn it is, or null when nothing is queued.</summary>
    public OutgoingStream? Current => _ready.Count > 0 ? _ready.Peek() : null;

    /// <summary>Accounts <paramref name="bytes"/> of the current message as cut into a chunk.</summary>
    public void Consumed(OutgoingStream stream, long bytes)
    {
        stream.BufferedAmount -= bytes;
        BufferedAmount -= bytes;
    }

    /// <summary>
    /// Called after a fragment of <paramref name="stream"/>'s head message was produced (or the head was
    /// dropped): removes the head when it is finished and passes the turn on as the mode requires.
    /// </summary>
    public void Advance(OutgoingStream stream, bool headFinished)
    {
        if (headFinished)
        {
            stream.Queue.Dequeue().InStreamQueue = false;
        }
        if (!headFinished && !Interleaving)
        {
            return; // DATA: the rest of this message must follow with consecutive TSNs
        }
        var head = _ready.Dequeue();
        if (head.Queue.Count > 0)
        {
            _ready.Enqueue(head);
        }
        else
        {
            head.Scheduled = false;
        }
    }

    /// <summary>
    /// Drops every stream and queued message (association closed or restarted). Messages that still have
    /// chunks in the retransmission queue are returned when those chunks go (empty that queue first).
    /// </summary>
    public void Clear()
    {
        foreach (var stream in _streams.Values)
        {
            while (stream.Queue.Count > 0)
            {
                var message = stream.Queue.Dequeue();
                message.InStreamQueue = false;
                if (message.ChunksInQueue == 0)
                {
                    ReturnMessage(message);
                }
            }
        }
        _streams.Clear();
        _ready.Clear();
        BufferedAmount = 0;
    }
}
