namespace MeshActors.WebRtc.Net;

public sealed partial class VirtualNetwork
{
    /// <summary>Recycled in-flight datagram objects kept at most.</summary>
    private const int DatagramPoolLimit = 1024;

    private const int PumpFree = 0;
    private const int PumpManual = 1;
    private const int PumpRealtime = 2;

    private readonly PriorityQueue<PumpEvent, (long Time, long Sequence)> _queue = new();
    private readonly Stack<VirtualDatagram> _datagramPool = new();
    private long _sequence;
    private int _pumpOwner;

    /// <summary>Datagrams in flight plus executor turns waiting to run.</summary>
    public int PendingEvents
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>
    /// Pumps until <paramref name="condition"/> holds (checked before each event) or
    /// <paramref name="maxVirtualTime"/> of virtual time has passed. The condition runs on the
    /// pump thread, between events.
    /// </summary>
    /// <returns>Whether the condition held.</returns>
    /// <exception cref="InvalidOperationException">Another pump is running (another thread, a nested call, or real-time mode).</exception>
    public bool RunUntil(Func<bool> condition, TimeSpan maxVirtualTime)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxVirtualTime, TimeSpan.Zero);
        EnterPump();
        try
        {
            var deadline = DeadlineAfter(maxVirtualTime);
            while (true)
            {
                if (condition())
                {
                    return true;
                }
                if (!Step(deadline))
                {
                    return condition();
                }
            }
        }
        finally
        {
            ExitPump();
        }
    }

    /// <summary>Pumps everything due within <paramref name="duration"/> of virtual time; the clock ends exactly that much later.</summary>
    /// <exception cref="InvalidOperationException">Another pump is running.</exception>
    public void RunFor(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        EnterPump();
        try
        {
            var deadline = DeadlineAfter(duration);
            while (Step(deadline))
            {
            }
        }
        finally
        {
            ExitPump();
        }
    }

    /// <summary>
    /// Pumps until no datagram is in flight, no executor turn is queued and no timer is due now.
    /// Time advances as far as in-flight datagrams need (firing timers due before them); timers
    /// armed further out do not keep the network busy. Traffic that never stops never idles.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another pump is running.</exception>
    public void RunUntilIdle()
    {
        EnterPump();
        try
        {
            while (true)
            {
                int queued;
                lock (_gate)
                {
                    queued = _queue.Count;
                }
                if (queued == 0 && !(Clock.NextDueTime <= Clock.Elapsed))
                {
                    return;
                }
                Step(long.MaxValue - 1);
            }
        }
        finally
        {
            ExitPump();
        }
    }

    private long DeadlineAfter(TimeSpan duration)
    {
        var now = Clock.AdvancedTicks;
        return duration.Ticks >= long.MaxValue - 1 - now ? long.MaxValue - 1 : now + duration.Ticks;
    }

    /// <summary>
    /// Runs one event due at the current instant, or else moves the clock to the next event or
    /// timer (firing the timers due then). Returns <c>false</c> when nothing is due at or before
    /// <paramref name="deadline"/>; the clock is then at the deadline (or unchanged when nothing
    /// at all is scheduled and the deadline is unbounded).
    /// </summary>
    private bool Step(long deadline)
    {
        var now = Clock.AdvancedTicks;
        var nextEvent = long.MaxValue;
        PumpEvent runnable = default;
        var found = false;
        lock (_gate)
        {
            if (_queue.TryPeek(out var head, out var at))
            {
                if (at.Time <= now)
                {
                    _queue.Dequeue();
                    runnable = head;
                    found = true;
                }
                else
                {
                    nextEvent = at.Time;
                }
            }
        }
        if (found)
        {
            Execute(runnable);
            return true;
        }
        var nextTimer = Clock.NextDueTime?.Ticks ?? long.MaxValue;
        var next = Math.Min(nextEvent, nextTimer);
        if (next > deadline)
        {
            if (deadline < long.MaxValue - 1)
            {
                Clock.AdvanceTo(new TimeSpan(deadline));
            }
            return false;
        }
        Clock.AdvanceTo(new TimeSpan(next));
        return true;
    }

    private void Execute(PumpEvent item)
    {
        if (item.Work is not null)
        {
            try
            {
                item.Work.Execute();
            }
            catch (Exception)
            {
                // SerialExecutor reports its items' exceptions itself; this is a last line of defence.
                Interlocked.Increment(ref _handlerErrors);
            }
            return;
        }
        Deliver(item.Datagram!);
    }

    private void Deliver(VirtualDatagram datagram)
    {
        IDatagramSocketHandler? handler;
        lock (_gate)
        {
            var socket = datagram.Receiver.FindSocket(datagram.DestinationAddress, datagram.DestinationPort);
            handler = socket?.Handler;
            if (handler is null)
            {
                _droppedNoListener++;
            }
            else
            {
                _datagramsDelivered++;
                socket!.CountReceived();
            }
        }
        if (handler is not null)
        {
            try
            {
                handler.OnDatagram(datagram.Payload, datagram.Source);
            }
            catch (Exception)
            {
                // Handlers must not throw (IDatagramSocketHandler); count it, as a real socket does.
                Interlocked.Increment(ref _handlerErrors);
            }
        }
        lock (_gate)
        {
            Recycle(datagram);
        }
    }

    /// <summary>Queues a copy of a datagram for delivery at <paramref name="time"/>. Lock held.</summary>
    private void EnqueueDatagram(long time, ReadOnlySpan<byte> payload, System.Net.IPEndPoint source, VirtualHost receiver, System.Net.IPAddress destinationAddress, int destinationPort)
    {
        var datagram = _datagramPool.Count > 0 ? _datagramPool.Pop() : new VirtualDatagram();
        datagram.Set(payload, source, receiver, destinationAddress, destinationPort);
        _queue.Enqueue(new PumpEvent(datagram, null), (time, _sequence++));
        Wake();
    }

    /// <summary>The scheduler of executors made by <see cref="CreateExecutor"/>: a turn at the current instant.</summary>
    private void ScheduleTurn(IThreadPoolWorkItem turn)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _queue.Enqueue(new PumpEvent(null, turn), (Clock.Elapsed.Ticks, _sequence++));
        }
        Wake();
    }

    private void Recycle(VirtualDatagram datagram)
    {
        datagram.Clear();
        if (_datagramPool.Count < DatagramPoolLimit && !_disposed)
        {
            _datagramPool.Push(datagram);
        }
        else
        {
            datagram.ReturnBuffer();
        }
    }

    /// <summary>Drops everything queued. Lock held.</summary>
    private void ClearQueue()
    {
        while (_queue.TryDequeue(out var item, out _))
        {
            if (item.Datagram is not null)
            {
                item.Datagram.Clear();
                item.Datagram.ReturnBuffer();
            }
        }
        while (_datagramPool.Count > 0)
        {
            _datagramPool.Pop().ReturnBuffer();
        }
    }

    private void EnterPump()
    {
        switch (Interlocked.CompareExchange(ref _pumpOwner, PumpManual, PumpFree))
        {
            case PumpFree:
                return;
            case PumpRealtime:
                throw new InvalidOperationException("The network runs in real-time mode; its background pump owns the queue until it is disposed.");
            default:
                throw new InvalidOperationException("The network is already being pumped (nested or concurrent RunUntil/RunFor/RunUntilIdle).");
        }
    }

    private void ExitPump() => Volatile.Write(ref _pumpOwner, PumpFree);

    /// <summary>One entry of the pump queue: a datagram delivery or an executor turn.</summary>
    private readonly record struct PumpEvent(VirtualDatagram? Datagram, IThreadPoolWorkItem? Work);
}
