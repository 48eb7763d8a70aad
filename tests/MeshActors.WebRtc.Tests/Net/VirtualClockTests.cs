using MeshActors.WebRtc.Net;

namespace MeshActors.WebRtc.Tests.Net;

public sealed class VirtualClockTests
{
    [Fact]
    public void Timers_fire_in_deadline_order_with_ties_in_creation_order()
    {
        var clock = new VirtualClock();
        var fired = new List<string>();
        using var c = clock.CreateTimer(_ => fired.Add("c@30"), null, TimeSpan.FromMilliseconds(30), Timeout.InfiniteTimeSpan);
        using var a1 = clock.CreateTimer(_ => fired.Add("a1@10"), null, TimeSpan.FromMilliseconds(10), Timeout.InfiniteTimeSpan);
        using var b = clock.CreateTimer(_ => fired.Add("b@20"), null, TimeSpan.FromMilliseconds(20), Timeout.InfiniteTimeSpan);
        using var a2 = clock.CreateTimer(_ => fired.Add("a2@10"), null, TimeSpan.FromMilliseconds(10), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromMilliseconds(25));

        Assert.Equal(["a1@10", "a2@10", "b@20"], fired);
        Assert.Equal(TimeSpan.FromMilliseconds(25), clock.Elapsed);
        clock.Advance(TimeSpan.FromMilliseconds(5));
        Assert.Equal(["a1@10", "a2@10", "b@20", "c@30"], fired);
    }

    [Fact]
    public void A_callback_sees_the_clock_at_its_due_time()
    {
        var clock = new VirtualClock();
        var seen = TimeSpan.MinValue;
        var start = clock.GetTimestamp();
        using var timer = clock.CreateTimer(_ => seen = clock.GetElapsedTime(start), null, TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(TimeSpan.FromSeconds(3), seen);
        Assert.Equal(new DateTimeOffset(2000, 1, 1, 0, 0, 10, TimeSpan.Zero), clock.GetUtcNow());
    }

    [Fact]
    public void A_periodic_timer_fires_once_per_period_during_a_long_advance()
    {
        var clock = new VirtualClock();
        var times = new List<TimeSpan>();
        using var timer = clock.CreateTimer(_ => times.Add(clock.Elapsed), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));

        clock.Advance(TimeSpan.FromSeconds(8));

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(7)], times);
    }

    [Fact]
    public void Change_reschedules_and_an_infinite_due_time_disarms()
    {
        var clock = new VirtualClock();
        var fired = 0;
        var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        Assert.True(timer.Change(TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan));
        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(0, fired);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, fired);

        timer.Change(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, fired);
        Assert.Null(clock.NextDueTime);
    }

    [Fact]
    public void A_disposed_timer_never_fires_and_cannot_be_changed()
    {
        var clock = new VirtualClock();
        var fired = false;
        var timer = clock.CreateTimer(_ => fired = true, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        timer.Dispose();
        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.False(fired);
        Assert.False(timer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        Assert.Equal(0, clock.ArmedTimerCount);
    }

    [Fact]
    public void Timers_created_by_a_callback_fire_in_the_same_advance_when_due()
    {
        var clock = new VirtualClock();
        var fired = new List<(string Name, TimeSpan At)>();
        ITimer? inner = null;
        using var outer = clock.CreateTimer(
            _ =>
            {
                fired.Add(("outer", clock.Elapsed));
                inner = clock.CreateTimer(_ => fired.Add(("inner", clock.Elapsed)), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
            },
            null,
            TimeSpan.FromSeconds(1),
            Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal([("outer", TimeSpan.FromSeconds(1)), ("inner", TimeSpan.FromSeconds(3))], fired);
        inner!.Dispose();
    }

    [Fact]
    public void A_periodic_timer_may_dispose_itself_from_its_callback()
    {
        var clock = new VirtualClock();
        var count = 0;
        ITimer? timer = null;
        timer = clock.CreateTimer(_ =>
        {
            if (++count == 3)
            {
                timer!.Dispose();
            }
        }, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(3, count);
    }

    [Fact]
    public void Timers_created_concurrently_from_other_threads_all_fire_exactly_once()
    {
        const int threads = 4;
        const int perThread = 500;
        var clock = new VirtualClock();
        var fired = 0;
        var timers = new System.Collections.Concurrent.ConcurrentBag<ITimer>();
        var workers = new Thread[threads];
        for (var t = 0; t < threads; t++)
        {
            workers[t] = new Thread(() =>
            {
                for (var i = 0; i < perThread; i++)
                {
                    timers.Add(clock.CreateTimer(_ => Interlocked.Increment(ref fired), null, TimeSpan.FromMilliseconds(1 + (i % 50)), Timeout.InfiniteTimeSpan));
                }
            });
            workers[t].Start();
        }
        // Advance while the workers create timers: every timer is due at most 50 ms after creation.
        while (Array.Exists(workers, w => w.IsAlive))
        {
            clock.Advance(TimeSpan.FromMilliseconds(1));
        }
        clock.Advance(TimeSpan.FromMilliseconds(100));

        Assert.Equal(threads * perThread, fired);
        Assert.Equal(0, clock.ArmedTimerCount);
    }

    [Fact]
    public void Timestamps_use_timespan_ticks_and_elapsed_time_is_exact()
    {
        var clock = new VirtualClock();
        var start = clock.GetTimestamp();
        clock.Advance(TimeSpan.FromMilliseconds(1234.5));

        Assert.Equal(TimeSpan.TicksPerSecond, clock.TimestampFrequency);
        Assert.Equal(TimeSpan.FromMilliseconds(1234.5), clock.GetElapsedTime(start));
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromTicks(-1)));
    }
}
