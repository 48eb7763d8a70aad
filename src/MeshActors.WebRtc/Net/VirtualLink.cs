namespace MeshActors.WebRtc.Net;

/// <summary>
/// One direction between two hosts of a <see cref="VirtualNetwork"/> (or the network-wide
/// default link): its conditions, a blackhole switch and one-shot "next N datagrams" controls.
/// Thread-safe. A datagram is first subject to its host pair's link, then to the default link.
/// </summary>
public sealed class VirtualLink
{
    private readonly object _gate;
    private LinkConditions? _conditions;
    private bool _blocked;
    private int _dropNext;
    private int _duplicateNext;
    private int _reorderNext;

    internal VirtualLink(object gate, LinkConditions? conditions)
    {
        _gate = gate;
        _conditions = conditions;
    }

    /// <summary>
    /// The impairments of this link. On a host-pair link <c>null</c> (the initial value) means
    /// "use the network's default link conditions"; the default link's conditions are never null.
    /// </summary>
    public LinkConditions? Conditions
    {
        get
        {
            lock (_gate)
            {
                return _conditions;
            }
        }
        set
        {
            lock (_gate)
            {
                if (value is null && IsDefault)
                {
                    throw new ArgumentNullException(nameof(value), "The default link always has conditions.");
                }
                _conditions = value;
            }
        }
    }

    /// <summary>When set, every datagram on this link is silently dropped (a blackhole / partition).</summary>
    public bool Blocked
    {
        get
        {
            lock (_gate)
            {
                return _blocked;
            }
        }
        set
        {
            lock (_gate)
            {
                _blocked = value;
            }
        }
    }

    internal bool IsDefault { get; init; }

    /// <summary>Drops the next <paramref name="count"/> datagrams on this link (added to any pending count).</summary>
    public void DropNext(int count) => AddPending(ref _dropNext, count);

    /// <summary>Delivers each of the next <paramref name="count"/> datagrams twice.</summary>
    public void DuplicateNext(int count) => AddPending(ref _duplicateNext, count);

    /// <summary>Holds back each of the next <paramref name="count"/> datagrams by the conditions' reorder delay.</summary>
    public void ReorderNext(int count) => AddPending(ref _reorderNext, count);

    private void AddPending(ref int pending, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_gate)
        {
            pending += count;
        }
    }

    // The members below are called by the network with its lock (_gate) held.

    internal LinkConditions? ConditionsUnlocked => _conditions;

    internal bool BlockedUnlocked => _blocked;

    internal bool TakeDrop() => Take(ref _dropNext);

    internal bool TakeDuplicate() => Take(ref _duplicateNext);

    internal bool TakeReorder() => Take(ref _reorderNext);

    private static bool Take(ref int pending)
    {
        if (pending == 0)
        {
            return false;
        }
        pending--;
        return true;
    }
}
