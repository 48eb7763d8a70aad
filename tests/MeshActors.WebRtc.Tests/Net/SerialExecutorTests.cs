using MeshActors.WebRtc.Net;

namespace MeshActors.WebRtc.Tests.Net;

public sealed class SerialExecutorTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public void Items_from_concurrent_producers_keep_each_producers_order_and_never_overlap()
    {
        const int producers = 4;
        const int perProducer = 20_000;
        var executor = new SerialExecutor();
        var last = new int[producers];
        Array.Fill(last, -1);
        var outOfOrder = 0;
        var running = 0;
        var overlaps = 0;
        using var done = new CountdownEvent(producers * perProducer);
        var threads = new Thread[producers];
        for (var p = 0; p < producers; p++)
        {
            var producer = p;
            threads[p] = new Thread(() =>
            {
                for (var i = 0; i < perProducer; i++)
                {
                    var value = i;
                    executor.Post(() =>
                    {
                        if (Interlocked.Increment(ref running) != 1)
                        {
                            overlaps++;
                        }
                        if (last[producer] != value - 1)
                        {
                            outOfOrder++;
                        }
                        last[producer] = value;
                        Interlocked.Decrement(ref running);
                        done.Signal();
                    });
                }
            });
            threads[p].Start();
        }

        Assert.True(done.Wait(Generous));
        Assert.Equal(0, outOfOrder);
        Assert.Equal(0, overlaps);
        Assert.All(last, l => Assert.Equal(perProducer - 1, l));
    }

    [Fact]
    public void An_item_posted_while_a_turn_or_an_inline_owner_is_ending_is_never_stranded()
    {
        // Ping-pong: each post races the end of the previous turn (and of an inline owner on a second thread),
        // which is where a lost wake-up strands an item in the queue with nobody scheduled to run it.
        const int rounds = 100_000;
        var executor = new SerialExecutor();
        var ran = 0;
        var stop = 0;
        var inline = new Thread(() =>
        {
            while (Volatile.Read(ref stop) == 0)
            {
                if (executor.TryEnter())
                {
                    executor.Exit();
                }
            }
        });
        inline.Start();
        try
        {
            for (var i = 1; i <= rounds; i++)
            {
                executor.Post(() => Interlocked.Increment(ref ran));
                var target = i;
                Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref ran) == target, Generous),
                    $"item {target} was stranded: {Volatile.Read(ref ran)} ran");
            }
        }
        finally
        {
            Volatile.Write(ref stop, 1);
            inline.Join();
        }
    }

    [Fact]
    public void Try_enter_succeeds_only_when_idle_and_exit_runs_what_was_queued_meanwhile()
    {
        var turns = new List<IThreadPoolWorkItem>();
        var executor = new SerialExecutor(turns.Add);
        var log = new List<string>();

        Assert.True(executor.TryEnter());
        Assert.True(executor.IsCurrent);
        Assert.False(executor.TryEnter()); // already owned
        executor.Post(() => log.Add("posted while entered"));
        Assert.Empty(turns); // owned: nothing scheduled yet
        executor.Exit();
        Assert.False(executor.IsCurrent);

        var turn = Assert.Single(turns);
        Assert.False(executor.TryEnter()); // work is queued: the caller must post behind it
        turn.Execute();
        Assert.Equal(["posted while entered"], log);
        Assert.True(executor.TryEnter());
        executor.Exit();
    }

    [Fact]
    public void Entering_inline_from_another_executors_turn_restores_that_executor_on_exit()
    {
        var turns = new Queue<IThreadPoolWorkItem>();
        var outer = new SerialExecutor(turns.Enqueue);
        var inner = new SerialExecutor(turns.Enqueue);
        var states = new List<string>();
        outer.Post(() =>
        {
            Assert.True(inner.TryEnter());
            states.Add($"inside: inner {inner.IsCurrent}, outer {outer.IsCurrent}");
            inner.Exit();
            states.Add($"after: inner {inner.IsCurrent}, outer {outer.IsCurrent}");
        });
        turns.Dequeue().Execute();

        Assert.Equal(["inside: inner True, outer False", "after: inner False, outer True"], states);
    }

    [Fact]
    public void An_exception_in_an_item_is_reported_and_later_items_still_run()
    {
        var turns = new Queue<IThreadPoolWorkItem>();
        var executor = new SerialExecutor(turns.Enqueue);
        var reported = new List<Exception>();
        executor.UnhandledException += reported.Add;
        var ran = new List<int>();

        executor.Post(() => ran.Add(1));
        executor.Post(() => throw new InvalidOperationException("boom"));
        executor.Post(() => ran.Add(3));
        while (turns.TryDequeue(out var turn))
        {
            turn.Execute();
        }

        Assert.Equal([1, 3], ran);
        Assert.IsType<InvalidOperationException>(Assert.Single(reported));
    }

    [Fact]
    public void A_long_queue_is_run_in_batches_that_reschedule_themselves()
    {
        var turns = new Queue<IThreadPoolWorkItem>();
        var executor = new SerialExecutor(turns.Enqueue);
        var count = 0;
        for (var i = 0; i < 1000; i++)
        {
            executor.Post(() => count++);
        }

        var turnsRun = 0;
        while (turns.TryDequeue(out var turn))
        {
            turn.Execute();
            turnsRun++;
        }

        Assert.Equal(1000, count);
        Assert.True(turnsRun > 1, "a single turn must not run an unbounded queue");
    }

    [Fact]
    public void Items_posted_from_an_item_run_after_it_in_order()
    {
        var turns = new Queue<IThreadPoolWorkItem>();
        var executor = new SerialExecutor(turns.Enqueue);
        var log = new List<string>();
        executor.Post(() =>
        {
            log.Add("outer start");
            executor.Post(() => log.Add("inner"));
            log.Add("outer end");
        });
        while (turns.TryDequeue(out var turn))
        {
            turn.Execute();
        }

        Assert.Equal(["outer start", "outer end", "inner"], log);
    }
}
