namespace MeshActors.WebRtc.Sctp;

/// <summary>The receiving side of one stream: what it holds and which ordered message comes next.</summary>
internal sealed class IncomingStream
{
    public IncomingStream(ushort id, bool interleaved)
    {
        Id = id;
        Ordered = new ReassemblyQueue(interleaved);
        Unordered = new ReassemblyQueue(interleaved);
    }

    public ushort Id { get; }

    public ReassemblyQueue Ordered { get; }

    public ReassemblyQueue Unordered { get; }

    /// <summary>SSN (DATA, 16 bits) or MID (I-DATA) of the next ordered message to deliver.</summary>
    public uint ExpectedId;

    public long Bytes => Ordered.Bytes + Unordered.Bytes;

    public void Clear()
    {
        Ordered.Clear();
        Unordered.Clear();
    }
}
