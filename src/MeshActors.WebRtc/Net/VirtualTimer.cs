namespace MeshActors.WebRtc.Net;

/// <summary>
/// A timer of a <see cref="VirtualClock"/>. Its state is guarded by the clock's lock; the version
/// increments on every (re-)arm so stale queue entries are recognised and skipped.
/// </summary>
internal sealed class VirtualTimer : ITimer
{
    private readonly VirtualClock _clock;
    private readonly TimerCallback _callback;
    private readonly object? _state;

    public VirtualTimer(VirtualClock clock, TimerCallback callback, object? state, long id)
    {
        _clock = clock;
        _callback = callback;
        _state = state;
        Id = id;
    }

    /// <summary>Creation order: breaks ties between timers due at the same instant.</summary>
    public long Id { get; }

    public long Version { get; private set; }

    public bool IsArmed { get; private set; }

    public bool IsDisposed { get; private set; }

    /// <summary>Period in ticks; 0 for a one-shot timer.</summary>
    public long Period { get; private set; }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        ValidateTime(dueTime, nameof(dueTime));
        ValidateTime(period, nameof(period));
        if (IsDisposed)
        {
            return false;
        }
        _clock.Schedule(this, dueTime, period);
        return true;
    }

    public void Dispose() => _clock.Cancel(this);

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    internal long Arm(long period)
    {
        Period = period;
        IsArmed = true;
        return ++Version;
    }

    internal void Disarm()
    {
        IsArmed = false;
        Version++;
    }

    internal void MarkDisposed()
    {
        IsDisposed = true;
        Disarm();
    }

    internal void Fire() => _callback(_state);

    private static void ValidateTime(TimeSpan value, string name)
    {
        if (value < TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be non-negative or Timeout.InfiniteTimeSpan.");
        }
    }
}
