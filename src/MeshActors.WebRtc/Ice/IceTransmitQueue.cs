using System.Net;

namespace MeshActors.WebRtc.Ice;

/// <summary>
/// A ring of reusable datagram buffers: the agent writes a STUN message into the next free slot and
/// the driver drains it, so sending allocates nothing once the ring has grown to its working size.
/// </summary>
internal sealed class IceTransmitQueue
{
    /// <summary>
    /// Bytes per slot. The largest message the agent writes is a check with a 513-byte USERNAME
    /// (256 + ":" + 256): 20 + 516 + 8 + 12 + 4 + 24 + 8 = 592 bytes.
    /// </summary>
    public const int SlotSize = 1024;

    /// <summary>Slots allowed before new datagrams are dropped (a driver that stopped draining).</summary>
    public const int MaxSlots = 4096;

    private Slot[] _slots = new Slot[16];
    private int _head;
    private int _count;

    /// <summary>Datagrams waiting to be sent.</summary>
    public int Count => _count;

    /// <summary>Datagrams dropped because the ring was full.</summary>
    public long Dropped { get; private set; }

    /// <summary>
    /// The buffer of the next free slot, to write one datagram into and then <see cref="Commit"/>;
    /// empty when the ring is full (the datagram is dropped and counted).
    /// </summary>
    public Span<byte> Reserve()
    {
        if (_count == _slots.Length)
        {
            if (_slots.Length >= MaxSlots)
            {
                Dropped++;
                return default;
            }
            Grow();
        }
        ref var slot = ref _slots[(_head + _count) % _slots.Length];
        slot.Buffer ??= new byte[SlotSize];
        return slot.Buffer;
    }

    /// <summary>Publishes the datagram written into the span from <see cref="Reserve"/>.</summary>
    public void Commit(int length, int localSocket, IPEndPoint remote)
    {
        ref var slot = ref _slots[(_head + _count) % _slots.Length];
        slot.Length = length;
        slot.Socket = localSocket;
        slot.Remote = remote;
        _count++;
    }

    /// <summary>Copies <paramref name="datagram"/> into the ring.</summary>
    public void Enqueue(ReadOnlySpan<byte> datagram, int localSocket, IPEndPoint remote)
    {
        var buffer = Reserve();
        if (buffer.IsEmpty)
        {
            return;
        }
        datagram.CopyTo(buffer);
        Commit(datagram.Length, localSocket, remote);
    }

    /// <summary>Takes the oldest datagram; its bytes stay valid until the next write into the ring.</summary>
    public bool TryDequeue(out IceTransmit transmit)
    {
        if (_count == 0)
        {
            transmit = default;
            return false;
        }
        ref var slot = ref _slots[_head];
        transmit = new IceTransmit(slot.Buffer.AsSpan(0, slot.Length), slot.Socket, slot.Remote!);
        slot.Remote = null;
        _head = (_head + 1) % _slots.Length;
        _count--;
        return true;
    }

    /// <summary>Drops everything queued.</summary>
    public void Clear()
    {
        while (TryDequeue(out _))
        {
        }
    }

    private void Grow()
    {
        var larger = new Slot[_slots.Length * 2];
        for (var i = 0; i < _count; i++)
        {
            larger[i] = _slots[(_head + i) % _slots.Length];
        }
        // Keep the spare buffers of the old ring too.
        for (var i = _count; i < _slots.Length; i++)
        {
            larger[i].Buffer = _slots[(_head + i) % _slots.Length].Buffer;
        }
        _slots = larger;
        _head = 0;
    }

    private struct Slot
    {
        public byte[]? Buffer;
        public int Length;
        public int Socket;
        public IPEndPoint? Remote;
    }
}
