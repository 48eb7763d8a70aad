namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// The chunks between the peer's cumulative ack and the next TSN, indexed by TSN: a ring that grows to
/// the largest window in use and then allocates nothing.
/// </summary>
internal sealed class RetransmissionQueue
{
    private InflightChunk[] _items = new InflightChunk[64];
    private int _head;

    /// <summary>TSN of the first chunk (the cumulative ack point + 1).</summary>
    public uint FirstTsn { get; private set; }

    public int Count { get; private set; }

    /// <summary>The TSN the next chunk gets.</summary>
    public uint NextTsn => FirstTsn + (uint)Count;

    public bool Contains(uint tsn) => tsn - FirstTsn < (uint)Count;

    public ref InflightChunk this[uint tsn] => ref _items[(_head + (int)(tsn - FirstTsn)) & (_items.Length - 1)];

    public void Reset(uint firstTsn)
    {
        Array.Clear(_items);
        _head = 0;
        Count = 0;
        FirstTsn = firstTsn;
    }

    /// <summary>Appends a chunk with TSN <see cref="NextTsn"/> and returns it.</summary>
    public ref InflightChunk Add()
    {
        if (Count == _items.Length)
        {
            var larger = new InflightChunk[_items.Length * 2];
            for (var i = 0; i < Count; i++)
            {
                larger[i] = _items[(_head + i) & (_items.Length - 1)];
            }
            _items = larger;
            _head = 0;
        }
        Count++;
        ref var slot = ref this[FirstTsn + (uint)(Count - 1)];
        slot = default;
        return ref slot;
    }

    /// <summary>Drops the first chunk (its TSN became cumulatively acknowledged).</summary>
    public void RemoveFirst()
    {
        _items[_head] = default;
        _head = (_head + 1) & (_items.Length - 1);
        Count--;
        FirstTsn++;
    }
}
