namespace MeshActors.WebRtc.Sctp;

/// <summary>A received DATA / I-DATA fragment waiting for the rest of its message, or for its turn.</summary>
internal struct Fragment
{
    public uint Tsn;
    /// <summary>SSN (DATA, ordered) or MID (I-DATA).</summary>
    public uint MessageId;
    /// <summary>Fragment Sequence Number (I-DATA).</summary>
    public uint Fsn;
    public uint PayloadProtocolId;
    public byte Flags;
    /// <summary>A rented copy of the user data.</summary>
    public byte[] Buffer;
    public int Length;

    public readonly bool Beginning => (Flags & DataChunk.BeginningFlag) != 0;
    public readonly bool Ending => (Flags & DataChunk.EndingFlag) != 0;
}

/// <summary>A whole message taken out of a reassembly queue; the caller returns <see cref="Buffer"/> to the pool after delivery.</summary>
internal readonly record struct ReassembledMessage(byte[] Buffer, int Length, uint PayloadProtocolId, uint MessageId);
