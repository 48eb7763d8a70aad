namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// The fragments received on one stream for one kind of delivery (ordered or unordered), sorted so
/// that the fragments of a message are neighbours: by TSN for DATA (a message's fragments carry
/// consecutive TSNs, RFC 9260 §6.9) and by (MID, FSN) for I-DATA (RFC 8260 §2.1). Buffers are rented
/// and go back to the pool when their message is taken out or dropped.
/// </summary>
internal sealed class ReassemblyQueue
{
    private Fragment[] _items = [];

    public ReassemblyQueue(bool interleaved) => Interleaved = interleaved;

    /// <summary>True for I-DATA ordering and message identity.</summary>
    public bool Interleaved { get; }

    public int Count { get; private set; }

    /// <summary>User-data bytes held.</summary>
    public long Bytes { get; private set; }

    public ref Fragment this[int index] => ref _items[index];

    /// <summary>Inserts a fragment in order; returns its index, or -1 when one with the same key is already held.</summary>
    public int Insert(in Fragment fragment)
    {
        int low = 0, high = Count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            var c = Compare(_items[mid], fragment);
            if (c == 0)
            {
                return -1;
            }
            if (c < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, Math.Max(8, _items.Length * 2));
        }
        Array.Copy(_items, low, _items, low + 1, Count - low);
        _items[low] = fragment;
        Count++;
        Bytes += fragment.Length;
        return low;
    }

    /// <summary>The bounds of the complete message that contains fragment <paramref name="index"/>, if all its fragments are here.</summary>
    public bool TryGetCompleteMessage(int index, out int start, out int end)
    {
        start = end = index;
        while (!_items[start].Beginning)
        {
            if (start == 0 || _items[start - 1].Ending || !Adjacent(_items[start - 1], _items[start]))
            {
                return false;
            }
            start--;
        }
        while (!_items[end].Ending)
        {
            if (end + 1 == Count || _items[end + 1].Beginning || !Adjacent(_items[end], _items[end + 1]))
            {
                return false;
            }
            end++;
        }
        return true;
    }

    /// <summary>Bytes of the run of fragments that belongs to the same message as <paramref name="index"/> (for the size limit).</summary>
    public long MessageBytesAround(int index)
    {
        long bytes = _items[index].Length;
        for (var i = index; i > 0 && !_items[i].Beginning && !_items[i - 1].Ending && Adjacent(_items[i - 1], _items[i]); i--)
        {
            bytes += _items[i - 1].Length;
        }
        for (var i = index; i + 1 < Count && !_items[i].Ending && !_items[i + 1].Beginning && Adjacent(_items[i], _items[i + 1]); i++)
        {
            bytes += _items[i + 1].Length;
        }
        return bytes;
    }

    /// <summary>Takes fragments <paramref name="start"/>..<paramref name="end"/> out as one message.</summary>
    public ReassembledMessage Take(int start, int end)
    {
        ReassembledMessage message;
        ref var first = ref _items[start];
        if (start == end)
        {
            message = new ReassembledMessage(first.Buffer, first.Length, first.PayloadProtocolId, first.MessageId);
        }
        else
        {
            var length = 0;
            for (var i = start; i <= end; i++)
            {
                length += _items[i].Length;
            }
            var buffer = BufferPools.RentFragment(length);
            var offset = 0;
            for (var i = start; i <= end; i++)
            {
                ref var f = ref _items[i];
                f.Buffer.AsSpan(0, f.Length).CopyTo(buffer.AsSpan(offset));
                offset += f.Length;
                BufferPools.ReturnFragment(f.Buffer);
            }
            message = new ReassembledMessage(buffer, length, first.PayloadProtocolId, first.MessageId);
        }
        Bytes -= message.Length;
        RemoveRange(start, end - start + 1, returnBuffers: false);
        return message;
    }

    /// <summary>When the first fragments form a complete message with id <paramref name="expectedId"/>, gives its bounds.</summary>
    public bool TryGetCompleteHead(uint expectedId, out int end)
    {
        end = 0;
        return Count > 0 && _items[0].MessageId == expectedId && _items[0].Beginning && TryGetCompleteMessage(0, out _, out end);
    }

    /// <summary>Ordered queues: drops the fragments of every message before <paramref name="expectedId"/> (skipped by FORWARD-TSN).</summary>
    public void RemoveBefore(uint expectedId)
    {
        var write = 0;
        for (var i = 0; i < Count; i++)
        {
            if (IdPrecedes(_items[i].MessageId, expectedId))
            {
                Drop(ref _items[i]);
            }
            else
            {
                _items[write++] = _items[i];
            }
        }
        Truncate(write);
    }

    /// <summary>I-DATA: drops the fragments of message <paramref name="messageId"/>.</summary>
    public void RemoveMessage(uint messageId)
    {
        var write = 0;
        for (var i = 0; i < Count; i++)
        {
            if (_items[i].MessageId == messageId)
            {
                Drop(ref _items[i]);
            }
            else
            {
                _items[write++] = _items[i];
            }
        }
        Truncate(write);
    }

    /// <summary>
    /// DATA: drops fragments at or below <paramref name="cumulativeTsn"/> that are not part of a complete
    /// message: their missing pieces were abandoned and skipped (RFC 3758 §3.6).
    /// </summary>
    public void RemoveIncompleteUpTo(uint cumulativeTsn)
    {
        var write = 0;
        var i = 0;
        while (i < Count)
        {
            if (TryGetCompleteMessage(i, out var start, out var end) && start == i)
            {
                for (; i <= end; i++)
                {
                    _items[write++] = _items[i];
                }
                continue;
            }
            if (SerialNumber.Le(_items[i].Tsn, cumulativeTsn))
            {
                Drop(ref _items[i]);
            }
            else
            {
                _items[write++] = _items[i];
            }
            i++;
        }
        Truncate(write);
    }

    /// <summary>Returns every buffer to the pool and empties the queue.</summary>
    public void Clear()
    {
        for (var i = 0; i < Count; i++)
        {
            Drop(ref _items[i]);
        }
        Truncate(0);
    }

    private bool IdPrecedes(uint id, uint expected) =>
        Interleaved ? SerialNumber.Lt(id, expected) : SerialNumber.Lt16((ushort)id, (ushort)expected);

    private bool Adjacent(in Fragment a, in Fragment b) =>
        Interleaved ? a.MessageId == b.MessageId && a.Fsn + 1 == b.Fsn : a.Tsn + 1 == b.Tsn && a.MessageId == b.MessageId;

    private int Compare(in Fragment a, in Fragment b)
    {
        if (Interleaved)
        {
            if (a.MessageId != b.MessageId)
            {
                return SerialNumber.Lt(a.MessageId, b.MessageId) ? -1 : 1;
            }
            return a.Fsn.CompareTo(b.Fsn);
        }
        return a.Tsn == b.Tsn ? 0 : SerialNumber.Lt(a.Tsn, b.Tsn) ? -1 : 1;
    }

    private void Drop(ref Fragment fragment)
    {
        Bytes -= fragment.Length;
        BufferPools.ReturnFragment(fragment.Buffer);
        fragment = default;
    }

    private void RemoveRange(int index, int count, bool returnBuffers)
    {
        if (returnBuffers)
        {
            for (var i = index; i < index + count; i++)
            {
                Drop(ref _items[i]);
            }
        }
        Array.Copy(_items, index + count, _items, index, Count - index - count);
        Array.Clear(_items, Count - count, count);
        Count -= count;
    }

    private void Truncate(int count)
    {
        Array.Clear(_items, count, Count - count);
        Count = count;
    }
}
