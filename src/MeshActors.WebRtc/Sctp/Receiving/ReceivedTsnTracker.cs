namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// Which TSNs arrived: the cumulative TSN (everything up to it) and the sorted, disjoint ranges above it,
/// which become the SACK's gap ack blocks (RFC 9260 §3.3.4, §6.2), plus the duplicates seen since the
/// last SACK. Ranges stay within 65535 of the cumulative TSN (gap offsets are 16 bits); the caller
/// refuses TSNs beyond that.
/// </summary>
internal sealed class ReceivedTsnTracker
{
    /// <summary>Duplicate TSNs reported per SACK at most (the rest are only counted).</summary>
    public const int MaxDuplicates = 16;

    /// <summary>Furthest a TSN may lie above the cumulative TSN and still be accepted.</summary>
    public const uint MaxGap = ushort.MaxValue;

    private TsnRange[] _ranges = new TsnRange[16];
    private readonly uint[] _duplicates = new uint[MaxDuplicates];
    private int _duplicateCount;

    public uint CumulativeTsn { get; private set; }

    public int RangeCount { get; private set; }

    public bool HasGaps => RangeCount > 0;

    /// <summary>The highest TSN received (the cumulative TSN when there is no gap).</summary>
    public uint HighestReceived => RangeCount > 0 ? _ranges[RangeCount - 1].End : CumulativeTsn;

    public ReadOnlySpan<uint> Duplicates => _duplicates.AsSpan(0, _duplicateCount);

    public void Reset(uint cumulativeTsn)
    {
        CumulativeTsn = cumulativeTsn;
        RangeCount = 0;
        _duplicateCount = 0;
    }

    public bool IsReceived(uint tsn)
    {
        if (SerialNumber.Le(tsn, CumulativeTsn))
        {
            return true;
        }
        var i = Find(tsn);
        return i < RangeCount && SerialNumber.Ge(tsn, _ranges[i].Start);
    }

    /// <summary>Marks <paramref name="tsn"/> received; false when it already was.</summary>
    public bool Add(uint tsn)
    {
        if (SerialNumber.Le(tsn, CumulativeTsn))
        {
            return false;
        }
        var i = Find(tsn); // first range whose End >= tsn
        if (i < RangeCount && SerialNumber.Ge(tsn, _ranges[i].Start))
        {
            return false;
        }
        var joinsPrevious = i > 0 && _ranges[i - 1].End + 1 == tsn;
        var joinsNext = i < RangeCount && _ranges[i].Start == tsn + 1;
        if (joinsPrevious && joinsNext)
        {
            _ranges[i - 1].End = _ranges[i].End;
            RemoveAt(i);
        }
        else if (joinsPrevious)
        {
            _ranges[i - 1].End = tsn;
        }
        else if (joinsNext)
        {
            _ranges[i].Start = tsn;
        }
        else
        {
            InsertAt(i, new TsnRange(tsn, tsn));
        }
        Compact();
        return true;
    }

    /// <summary>Moves the cumulative TSN to <paramref name="newCumulativeTsn"/> (FORWARD-TSN) when it is ahead.</summary>
    public void ForwardTo(uint newCumulativeTsn)
    {
        if (SerialNumber.Le(newCumulativeTsn, CumulativeTsn))
        {
            return;
        }
        CumulativeTsn = newCumulativeTsn;
        var drop = 0;
        while (drop < RangeCount && SerialNumber.Le(_ranges[drop].End, CumulativeTsn))
        {
            drop++;
        }
        if (drop > 0)
        {
            Array.Copy(_ranges, drop, _ranges, 0, RangeCount - drop);
            RangeCount -= drop;
        }
        Compact();
    }

    public void RecordDuplicate(uint tsn)
    {
        if (_duplicateCount < MaxDuplicates)
        {
            _duplicates[_duplicateCount++] = tsn;
        }
    }

    public void ClearDuplicates() => _duplicateCount = 0;

    /// <summary>Writes the first gap blocks (offsets from the cumulative TSN); returns how many.</summary>
    public int WriteGapBlocks(Span<SackGapBlock> destination)
    {
        var count = Math.Min(destination.Length, RangeCount);
        for (var i = 0; i < count; i++)
        {
            destination[i] = new SackGapBlock((ushort)(_ranges[i].Start - CumulativeTsn), (ushort)(_ranges[i].End - CumulativeTsn));
        }
        return count;
    }

    // Folds the first range into the cumulative TSN when it starts right after it.
    private void Compact()
    {
        if (RangeCount > 0 && SerialNumber.Le(_ranges[0].Start, CumulativeTsn + 1))
        {
            CumulativeTsn = SerialNumber.Max(CumulativeTsn, _ranges[0].End);
            RemoveAt(0);
        }
    }

    private int Find(uint tsn)
    {
        int low = 0, high = RangeCount;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (SerialNumber.Lt(_ranges[mid].End, tsn))
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        return low;
    }

    private void InsertAt(int index, TsnRange range)
    {
        if (RangeCount == _ranges.Length)
        {
            Array.Resize(ref _ranges, _ranges.Length * 2);
        }
        Array.Copy(_ranges, index, _ranges, index + 1, RangeCount - index);
        _ranges[index] = range;
        RangeCount++;
    }

    private void RemoveAt(int index)
    {
        Array.Copy(_ranges, index + 1, _ranges, index, RangeCount - index - 1);
        RangeCount--;
    }

    private struct TsnRange(uint start, uint end)
    {
        public uint Start = start;
        public uint End = end;
    }
}
