namespace MeshActors.WebRtc.Net;

public sealed partial class VirtualNetwork
{
    /// <summary>Longest idle wait of the real-time pump; bounds the damage of a missed wake-up.</summary>
    private static readonly TimeSpan MaxIdleWait = TimeSpan.FromMilliseconds(50);

    private readonly AutoResetEvent _wake = new(false);
    private Thread? _realtimeThread;
    private volatile bool _stopRealtime;

    /// <summary>Whether the background real-time pump is running.</summary>
    public bool IsRealtime => Volatile.Read(ref _pumpOwner) == PumpRealtime;

    /// <summary>
    /// Starts a background pump that follows the wall clock: link delays become real delays and
    /// <see cref="Clock"/> reads at least the real time elapsed, firing its timers as they fall due.
    /// For layers that block their own threads (BouncyCastle's DTLS handshake) over lossy virtual
    /// links. Runs are not reproducible in this mode. <see cref="Dispose"/> stops it.
    /// </summary>
    /// <exception cref="InvalidOperationException">A pump is already running.</exception>
    public void StartRealtime()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
        }
        if (Interlocked.CompareExchange(ref _pumpOwner, PumpRealtime, PumpFree) != PumpFree)
        {
            throw new InvalidOperationException("The network is already being pumped.");
        }
        Clock.EnterRealtime();
        _stopRealtime = false;
        var thread = new Thread(RealtimeLoop) { IsBackground = true, Name = "VirtualNetwork pump (seed " + Seed + ")" };
        _realtimeThread = thread;
        thread.Start();
    }

    private void StopRealtime()
    {
        if (Volatile.Read(ref _pumpOwner) != PumpRealtime)
        {
            return;
        }
        _stopRealtime = true;
        _wake.Set();
        var thread = _realtimeThread;
        if (thread is not null && thread != Thread.CurrentThread)
        {
            thread.Join();
        }
        _realtimeThread = null;
        Clock.ExitRealtime();
        Volatile.Write(ref _pumpOwner, PumpFree);
    }

    private void Wake()
    {
        if (Volatile.Read(ref _pumpOwner) == PumpRealtime)
        {
            _wake.Set();
        }
    }

    private void OnTimerArmed() => Wake();

    private void RealtimeLoop()
    {
        while (!_stopRealtime)
        {
            try
            {
                if (Step(Clock.Elapsed.Ticks))
                {
                    continue;
                }
                _wake.WaitOne(IdleWait());
            }
            catch (Exception)
            {
                // A throwing timer callback must not stop the network under a running test.
                Interlocked.Increment(ref _handlerErrors);
            }
        }
    }

    private TimeSpan IdleWait()
    {
        long nextEvent;
        lock (_gate)
        {
            nextEvent = _queue.TryPeek(out _, out var at) ? at.Time : long.MaxValue;
        }
        var next = Math.Min(nextEvent, Clock.NextDueTime?.Ticks ?? long.MaxValue);
        if (next == long.MaxValue)
        {
            return MaxIdleWait;
        }
        var wait = new TimeSpan(next - Clock.Elapsed.Ticks);
        if (wait <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }
        // Round up to whole milliseconds: waits are millisecond-grained and waking early spins.
        var milliseconds = Math.Ceiling(wait.TotalMilliseconds);
        return milliseconds >= MaxIdleWait.TotalMilliseconds ? MaxIdleWait : TimeSpan.FromMilliseconds(milliseconds);
    }
}
