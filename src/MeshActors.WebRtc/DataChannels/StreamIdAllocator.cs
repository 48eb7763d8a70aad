using System.Numerics;

namespace MeshActors.WebRtc.DataChannels;

/// <summary>
/// Which SCTP stream ids are taken by a data channel (open, opening or still being reset), and the
/// choice of a free one: RFC 8832 §6 says the DTLS client uses even ids and the DTLS server odd ids,
/// and W3C picks the lowest free one. An id is free again once both directions of its stream are
/// reset. A bit set over ids 0..65534 (8 KiB). Not thread-safe: the owner locks.
/// </summary>
internal sealed class StreamIdAllocator
{
    /// <summary>Number of usable ids: 0..65534 (65535 is reserved by W3C).</summary>
    public const int IdCount = RtcDataChannelInit.MaxId + 1;

    private readonly ulong[] _used = new ulong[(IdCount + 63) / 64];

    /// <summary>Number of ids taken.</summary>
    public int Count { get; private set; }

    /// <summary>True when <paramref name="id"/> is taken.</summary>
    public bool IsUsed(int id) => (_used[id >> 6] & (1UL << (id & 63))) != 0;

    /// <summary>Takes <paramref name="id"/>; false when it is taken already or out of range.</summary>
    public bool TryReserve(int id)
    {
        if ((uint)id >= IdCount || IsUsed(id))
        {
            return false;
        }
        _used[id >> 6] |= 1UL << (id & 63);
        Count++;
        return true;
    }

    /// <summary>Gives <paramref name="id"/> back.</summary>
    public void Release(int id)
    {
        if ((uint)id < IdCount && IsUsed(id))
        {
            _used[id >> 6] &= ~(1UL << (id & 63));
            Count--;
        }
    }

    /// <summary>
    /// Takes the lowest free id of the given parity below <paramref name="limit"/> (the negotiated
    /// stream count, or 65535 before it is known); false when none is free.
    /// </summary>
    public bool TryAllocate(bool odd, int limit, out ushort id)
    {
        limit = Math.Min(limit, IdCount);
        // Bits of the wanted parity in one word: odd ids are the odd bit positions (64 is even).
        var parityMask = odd ? 0xAAAAAAAAAAAAAAAAUL : 0x5555555555555555UL;
        for (var word = 0; word * 64 < limit; word++)
        {
            var free = ~_used[word] & parityMask;
            if (free != 0)
            {
                var candidate = word * 64 + BitOperations.TrailingZeroCount(free);
                if (candidate < limit)
                {
                    TryReserve(candidate);
                    id = (ushort)candidate;
                    return true;
                }
            }
        }
        id = 0;
        return false;
    }
}
