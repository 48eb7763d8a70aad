using System.Diagnostics;

namespace MeshActors.WebRtc.Net;

/// <summary>
/// A manually advanced clock for tests and the <see cref="VirtualNetwork"/>. Time moves only in
/// <see cref="Advance"/>/<see cref="AdvanceTo"/>, which fire due timers at their due times, in
/// deadline order (ties in timer creation order), on the calling thread.
/// </summary>
/// <remarks>
/// Timers may be created, changed and disposed from any thread, including from timer callbacks;
/// callbacks run without the clock's lock held. While a callback runs, <see cref="Elapsed"/> equals
/// its due time, so code reading the clock sees the instant it was scheduled for.
/// In real-time mode (used by <see cref="VirtualNetwork.StartRealtime"/>) readers see at least the
/// real time elapsed since the mode started, and a driver advances the clock to fire timers.
/// </remarks>
public sealed class VirtualClock : TimeProvider
{
    private readonly object _gate = new();
    private readonly PriorityQueue<(VirtualTimer Timer, long Version), (long Due, long Id)> _timers = new();
    private readonly DateTimeOffset _utcStart;
    private long _now; // ticks of 100 ns since the clock's start
    private long _nextTimerId;
    private Stopwatch? _realtime;
    private long _realtimeOrigin;

    /// <summary>Creates a clock at elapsed time zero and UTC time 2000-01-01T00:00:00Z.</summary>
    public VirtualClock()
        : this(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>Creates a clock at elapsed time zero whose UTC time starts at <paramref name="utcStart"/>.</summary>
    public VirtualClock(DateTimeOffset utcStart) => _utcStart = utcStart.ToUniversalTime();

    /// <summary>Raised (outside the lock) when a timer is armed or re-armed: a pump may need to wake earlier.</summary>
    internal event Action? TimerArmed;

    /// <summary>Virtual time elapsed since the clock was created.</summary>
    public TimeSpan Elapsed => new(ReadNow());

    /// <summary>The due time of the earliest armed timer, or <c>null</c> when none is armed.</summary>
    public TimeSpan? NextDueTime
    {
        get
        {
            lock (_gate)
            {
                return PeekDue(out var due) ? new TimeSpan(due) : null;
            }
        }
    }

    /// <summary>Number of armed timers.</summary>
    public int ArmedTimerCount
    {
        get
        {
            lock (_gate)
            {
                var count = 0;
                foreach (var (entry, _) in _timers.UnorderedItems)
                {
                    if (entry.Timer.Version == entry.Version && entry.Timer.IsArmed)
                    {
                        count++;
                    }
                }
                return count;
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>One tick is 100 ns, like <see cref="TimeSpan.Ticks"/>.</remarks>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override long GetTimestamp() => ReadNow();

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => _utcStart.AddTicks(ReadNow());

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        VirtualTimer timer;
        lock (_gate)
        {
            timer = new VirtualTimer(this, callback, state, _nextTimerId++);
        }
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves time forward by <paramref name="delta"/>, firing every timer due on the way.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is negative.</exception>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        AdvanceTo(new TimeSpan(Volatile.Read(ref _now)) + delta);
    }

    /// <summary>
    /// Moves time forward to <paramref name="target"/> (no-op when already there), firing every
    /// timer due at or before it at its due time.
    /// </summary>
    public void AdvanceTo(TimeSpan target)
    {
        var targetTicks = target.Ticks;
        while (true)
        {
            VirtualTimer timer;
            lock (_gate)
            {
                if (!TryTakeDue(targetTicks, out timer!))
                {
                    if (targetTicks > _now)
                    {
                        Volatile.Write(ref _now, targetTicks);
                    }
                    return;
                }
            }
            timer.Fire();
        }
    }

    /// <summary>Starts real-time mode: readers see at least the real time elapsed from now on.</summary>
    internal void EnterRealtime()
    {
        lock (_gate)
        {
            _realtimeOrigin = _now;
            _realtime = Stopwatch.StartNew();
        }
    }

    /// <summary>Ends real-time mode; time keeps the latest value readers may have seen.</summary>
    internal void ExitRealtime()
    {
        lock (_gate)
        {
            if (_realtime is not null)
            {
                var now = Math.Max(_now, _realtimeOrigin + _realtime.Elapsed.Ticks);
                Volatile.Write(ref _now, now);
                _realtime = null;
            }
        }
    }

    /// <summary>The time the clock has been advanced to (ignoring real-time mode): timers due up to it have fired.</summary>
    internal long AdvancedTicks => Volatile.Read(ref _now);

    private long ReadNow()
    {
        var now = Volatile.Read(ref _now);
        var realtime = Volatile.Read(ref _realtime);
        if (realtime is null)
        {
            return now;
        }
        return Math.Max(now, Volatile.Read(ref _realtimeOrigin) + realtime.Elapsed.Ticks);
    }

    private bool PeekDue(out long due)
    {
        // Lazy deletion: entries of re-armed, disarmed or disposed timers stay queued until they
        // surface; the version tells a current entry from a stale one.
        while (_timers.TryPeek(out var entry, out var priority))
        {
            if (entry.Timer.Version == entry.Version && entry.Timer.IsArmed)
            {
                due = priority.Due;
                return true;
            }
            _timers.Dequeue();
        }
        due = 0;
        return false;
    }

    private bool TryTakeDue(long target, out VirtualTimer? timer)
    {
        if (!PeekDue(out var due) || due > target)
        {
            timer = null;
            return false;
        }
        timer = _timers.Dequeue().Timer;
        if (due > _now)
        {
            Volatile.Write(ref _now, due);
        }
        if (timer.Period > 0)
        {
            // Re-armed before the callback runs, like System.Threading.Timer: the callback may
            // still Change or Dispose it. A long Advance fires a periodic timer once per period.
            Enqueue(timer, due + timer.Period, timer.Period);
        }
        else
        {
            timer.Disarm();
        }
        return true;
    }

    /// <summary>Arms (or with an infinite due time disarms) a timer; called by <see cref="VirtualTimer.Change"/>.</summary>
    internal void Schedule(VirtualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            if (timer.IsDisposed)
            {
                return;
            }
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                timer.Disarm();
                return;
            }
            // A zero or infinite period means one-shot (a zero period would otherwise fire forever at one instant).
            var periodTicks = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
            // ReadNow, not _now: in real-time mode a timer armed from another thread counts from
            // the real present, which the pump may not have advanced the clock to yet.
            Enqueue(timer, ReadNow() + dueTime.Ticks, periodTicks);
        }
        TimerArmed?.Invoke();
    }

    /// <summary>Disposes a timer: it never fires again.</summary>
    internal void Cancel(VirtualTimer timer)
    {
        lock (_gate)
        {
            timer.MarkDisposed();
        }
    }

    private void Enqueue(VirtualTimer timer, long due, long period)
    {
        var version = timer.Arm(period);
        _timers.Enqueue((timer, version), (due, timer.Id));
    }
}
