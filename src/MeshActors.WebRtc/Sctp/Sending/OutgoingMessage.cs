namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// A user message queued for sending (pooled; its bytes live in a rented array). It is fragmented
/// lazily, when packets are built, so fragments fit the room left in each packet. It stays alive
/// until it is fully fragmented (or abandoned) and none of its chunks is left in the retransmission
/// queue.
/// </summary>
internal sealed class OutgoingMessage
{
    public ushort StreamId;

    /// <summary>The stream (this life of it: a reset replaces the object) the message was queued on.</summary>
    public OutgoingStream? Stream;
    public uint PayloadProtocolId;
    public bool Unordered;
    public byte[] Buffer = [];
    public int Length;

    /// <summary>Bytes already cut into chunks (given TSNs).</summary>
    public int NextOffset;

    /// <summary>SSN (DATA) or MID (I-DATA), assigned with the first fragment.</summary>
    public uint MessageId;

    /// <summary>Next Fragment Sequence Number (I-DATA).</summary>
    public uint NextFsn;

    /// <summary>Retransmissions allowed; -1 = unlimited.</summary>
    public int MaxRetransmits;

    /// <summary>When it is abandoned if not yet delivered; <see cref="TimeSpan.MaxValue"/> = never.</summary>
    public TimeSpan ExpiresAt;

    /// <summary>Set once partial reliability gave up on it.</summary>
    public bool Abandoned;

    /// <summary>TSN of its first fragment (valid once <see cref="NextOffset"/> &gt; 0).</summary>
    public uint FirstTsn;

    /// <summary>TSN of its latest fragment.</summary>
    public uint LastTsn;

    /// <summary>Its chunks still held by the retransmission queue.</summary>
    public int ChunksInQueue;

    /// <summary>True while it sits in its stream's queue (not yet fully cut into chunks).</summary>
    public bool InStreamQueue;

    /// <summary>True when nothing refers to it any more and it can go back to the pool.</summary>
    public bool Unreferenced => !InStreamQueue && ChunksInQueue == 0;

    public bool Started => NextOffset > 0;

    public bool FullyFragmented => NextOffset >= Length;

    public bool IsPartiallyReliable => MaxRetransmits >= 0 || ExpiresAt != TimeSpan.MaxValue;

    /// <summary>
    /// Takes over <paramref name="buffer"/> (rented with <see cref="BufferPools.RentMessage"/>; the message is its
    /// first <paramref name="length"/> bytes, returned to the pool by <see cref="ReleaseBuffer"/>) and resets every field.
    /// </summary>
    public void Initialize(OutgoingStream stream, uint ppid, byte[] buffer, int length, in SctpSendOptions options, TimeSpan now)
    {
        Stream = stream;
        StreamId = stream.Id;
        PayloadProtocolId = ppid;
        Unordered = options.Unordered;
        Buffer = buffer;
        Length = length;
        NextOffset = 0;
        MessageId = 0;
        NextFsn = 0;
        MaxRetransmits = options.MaxRetransmits is { } max ? Math.Max(0, max) : -1;
        ExpiresAt = options.MaxLifetime is { } lifetime ? (lifetime >= TimeSpan.MaxValue - now ? TimeSpan.MaxValue : now + (lifetime < TimeSpan.Zero ? TimeSpan.Zero : lifetime)) : TimeSpan.MaxValue;
        Abandoned = false;
        FirstTsn = LastTsn = 0;
        ChunksInQueue = 0;
        InStreamQueue = false;
    }

    /// <summary>Returns the buffer to the pool.</summary>
    public void ReleaseBuffer()
    {
        if (Buffer.Length > 0)
        {
            BufferPools.ReturnMessage(Buffer);
            Buffer = [];
        }
        Stream = null;
    }
}
