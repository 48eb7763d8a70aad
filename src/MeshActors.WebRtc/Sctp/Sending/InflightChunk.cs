namespace MeshActors.WebRtc.Sctp;

/// <summary>One DATA or I-DATA chunk that has a TSN and is not yet cumulatively acknowledged.</summary>
internal struct InflightChunk
{
    public OutgoingMessage Message;
    public int Offset;
    public int Length;
    public uint Fsn;
    public byte Flags;
    public ChunkState State;
    public bool FastRetransmitted;
    public int TransmitCount;
    public int MissIndications;
    public TimeSpan SentAt;
}

/// <summary>State of a chunk in the retransmission queue.</summary>
internal enum ChunkState : byte
{
    /// <summary>Sent and outstanding: counted in the flight size.</summary>
    InFlight,
    /// <summary>Acknowledged by a gap block (not yet by the cumulative ack).</summary>
    Acked,
    /// <summary>Lost (T3 or three miss indications) and waiting to be sent again.</summary>
    ToRetransmit,
    /// <summary>Abandoned by partial reliability; skipped with FORWARD-TSN.</summary>
    Abandoned,
}
