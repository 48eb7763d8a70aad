namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// A restartable deadline with a count of consecutive expiries (for backoff and give-up limits).
/// Sans-I/O: it only remembers when it is due; the association checks it in HandleTimeout.
/// </summary>
internal struct SctpTimer
{
    /// <summary>When it fires; <see cref="TimeSpan.MaxValue"/> when stopped.</summary>
    public TimeSpan Deadline;

    /// <summary>Expiries since it was last started fresh.</summary>
    public int Expiries;

    /// <summary>The duration it was last started with (for doubling).</summary>
    public TimeSpan Duration;

    public static SctpTimer Stopped => new() { Deadline = TimeSpan.MaxValue };

    public readonly bool IsRunning => Deadline != TimeSpan.MaxValue;

    public readonly bool IsDue(TimeSpan now) => Deadline <= now;

    /// <summary>Starts (or restarts) with a fresh backoff.</summary>
    public void Start(TimeSpan now, TimeSpan duration)
    {
        Duration = duration;
        Expiries = 0;
        Deadline = now + duration;
    }

    /// <summary>Restarts after an expiry with the duration doubled, capped at <paramref name="cap"/>.</summary>
    public void Backoff(TimeSpan now, TimeSpan cap)
    {
        Expiries++;
        var doubled = Duration + Duration;
        Duration = doubled > cap ? (Duration > cap ? Duration : cap) : doubled;
        Deadline = now + Duration;
    }

    public void Stop()
    {
        Deadline = TimeSpan.MaxValue;
        Expiries = 0;
    }
}
