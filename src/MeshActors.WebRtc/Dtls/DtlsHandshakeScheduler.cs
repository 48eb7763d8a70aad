namespace MeshActors.WebRtc.Dtls;

/// <summary>
/// The threads on which BouncyCastle's blocking DTLS handshakes run, shared by many connections so that no
/// connection's <see cref="Net.SerialExecutor"/> ever blocks and a thousand handshakes do not need a thousand threads.
/// </summary>
/// <remarks>
/// <para>
/// At most <see cref="MaxConcurrency"/> handshakes run at once, each on its own dedicated background thread; the
/// rest wait in FIFO order. A running handshake holds its thread for its whole duration (a few round trips plus about
/// 1 ms of CPU), mostly waiting for datagrams; datagrams that arrive for a waiting handshake are queued for it (the
/// peer also retransmits). The handshake timeout counts from <see cref="DtlsConnection.Start"/>, so time spent in
/// the queue counts against it: with the default limit of <see cref="DefaultMaxConcurrency"/> and 100 ms round
/// trips, about 200 handshakes complete per second. Threads are created on demand and end after
/// <see cref="IdleThreadLifetime"/> without work.
/// </para>
/// <para>
/// The outcome is delivered on the handshake's thread when the connection's executor is idle (otherwise it is posted):
/// the connection's next steps (SCTP's INIT, the state-change events and their handlers) then run there without a
/// thread hand-off, and the thread returns to the scheduler once they are done. After the handshake, records are
/// protected on the connection's executor and never touch these threads.
/// </para>
/// </remarks>
public sealed class DtlsHandshakeScheduler
{
    /// <summary>Concurrent handshakes of <see cref="Shared"/>.</summary>
    public const int DefaultMaxConcurrency = 64;

    private readonly object _gate = new();
    private readonly Queue<Action> _queue = new();
    private int _threads;
    private int _idle;
    private int _running;
    private long _completed;

    /// <summary>Creates a scheduler.</summary>
    /// <param name="maxConcurrency">Handshakes that may run at once (threads), at least 1.</param>
    /// <param name="idleThreadLifetime">How long an idle thread waits for work before it ends (default 10 s).</param>
    public DtlsHandshakeScheduler(int maxConcurrency, TimeSpan? idleThreadLifetime = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        MaxConcurrency = maxConcurrency;
        IdleThreadLifetime = idleThreadLifetime ?? TimeSpan.FromSeconds(10);
    }

    /// <summary>The process-wide scheduler used when <see cref="DtlsOptions.HandshakeScheduler"/> is not set.</summary>
    public static DtlsHandshakeScheduler Shared { get; } = new(DefaultMaxConcurrency);

    /// <summary>Handshakes that may run at once.</summary>
    public int MaxConcurrency { get; }

    /// <summary>How long an idle thread lives.</summary>
    public TimeSpan IdleThreadLifetime { get; }

    /// <summary>Handshakes running now.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>Handshakes waiting for a thread.</summary>
    public int Queued
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Threads alive now (running or idle).</summary>
    public int Threads => Volatile.Read(ref _threads);

    /// <summary>Work items finished since creation.</summary>
    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>Queues a blocking work item; it runs on one of the scheduler's threads.</summary>
    internal void Schedule(Action work)
    {
        var start = false;
        lock (_gate)
        {
            _queue.Enqueue(work);
            if (_idle > 0)
            {
                Monitor.Pulse(_gate);
            }
            // Pulsed threads only count as idle until they re-take the lock: start another thread whenever more
            // items wait than there are idle threads to take them.
            if (_queue.Count > _idle && _threads < MaxConcurrency)
            {
                _threads++;
                start = true;
            }
        }
        if (start)
        {
            var thread = new Thread(Worker)
            {
                IsBackground = true,
                Name = "dtls-handshake",
            };
            thread.Start();
        }
    }

    private void Worker()
    {
        while (true)
        {
            Action work;
            lock (_gate)
            {
                while (_queue.Count == 0)
                {
                    _idle++;
                    var signalled = Monitor.Wait(_gate, IdleThreadLifetime);
                    _idle--;
                    if (!signalled && _queue.Count == 0)
                    {
                        _threads--;
                        return;
                    }
                }
                work = _queue.Dequeue();
            }
            Interlocked.Increment(ref _running);
            try
            {
                work();
            }
            catch (Exception)
            {
                // Work items report their own failures to their connection; nothing may kill the thread.
            }
            finally
            {
                Interlocked.Decrement(ref _running);
                Interlocked.Increment(ref _completed);
            }
        }
    }
}
