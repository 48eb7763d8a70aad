namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// The sending side of one stream: its queue of messages (ordered and unordered mixed, sent in the
/// order given), its sequence numbers and its reset state (RFC 6525).
/// </summary>
internal sealed class OutgoingStream
{
    public OutgoingStream(ushort id) => Id = id;

    public ushort Id { get; }

    public readonly Queue<OutgoingMessage> Queue = new();

    /// <summary>Bytes queued and not yet cut into chunks (what W3C calls bufferedAmount).</summary>
    public long BufferedAmount;

    public long BufferedAmountLowThreshold;

    /// <summary>Next SSN of an ordered message (DATA).</summary>
    public ushort NextSsn;

    /// <summary>Next MID of an ordered message (I-DATA).</summary>
    public uint NextOrderedMid;

    /// <summary>Next MID of an unordered message (I-DATA; counted separately, RFC 8260 §2.1).</summary>
    public uint NextUnorderedMid;

    /// <summary>True while the stream is in the scheduler's round-robin.</summary>
    public bool Scheduled;

    public OutgoingResetState ResetState;

    /// <summary>True when nothing is queued.</summary>
    public bool IsIdle => Queue.Count == 0;
}

/// <summary>Where an outgoing stream is in its reset (RFC 6525 §5.1.2).</summary>
internal enum OutgoingResetState : byte
{
    /// <summary>Not being reset.</summary>
    None,
    /// <summary>Reset asked; waiting for the queue to drain before the request goes out.</summary>
    Pending,
    /// <summary>Listed in a request that is waiting for its response.</summary>
    Requested,
}
