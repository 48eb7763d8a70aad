using System.Collections.Concurrent;

namespace MeshActors.WebRtc.Net;

/// <summary>
/// Runs work items one at a time, in order, on the thread pool: the "one logical thread" of a
/// connection. Cores behind it need no locks. Thousands of executors share the pool's threads.
/// </summary>
/// <remarks>
/// A producer that is about to hand over a datagram may instead run it inline with
/// <see cref="TryEnter"/> / <see cref="Exit"/>: when the executor is idle this saves the copy and the
/// thread hand-off (about 1.7 µs p50 on the reference machine), which is most of a loopback RTT.
/// </remarks>
public sealed class SerialExecutor : IThreadPoolWorkItem
{
    /// <summary>Items run per turn before yielding the pool thread to other executors.</summary>
    private const int BatchSize = 256;

    [ThreadStatic] private static SerialExecutor? s_current;

    private readonly ConcurrentQueue<IWorkItem> _queue = new();
    private readonly Action<IThreadPoolWorkItem>? _scheduler;
    private int _owned; // 1 while a pool turn or an inline caller owns the executor
    private SerialExecutor? _enteredFrom; // the thread's current executor before TryEnter; one owner at a time

    /// <summary>Creates an executor that runs on the thread pool.</summary>
    public SerialExecutor()
    {
    }

    /// <summary>
    /// Creates an executor whose turns are handed to <paramref name="scheduler"/> instead of the
    /// thread pool: the virtual network runs them on its single pump thread, deterministically.
    /// </summary>
    public SerialExecutor(Action<IThreadPoolWorkItem> scheduler) => _scheduler = scheduler;

    /// <summary>Raised with exceptions that escaped a work item; the executor carries on.</summary>
    public event Action<Exception>? UnhandledException;

    /// <summary>True when the calling thread currently runs this executor.</summary>
    public bool IsCurrent => ReferenceEquals(s_current, this);

    /// <summary>Queues an item; it runs after every item queued before it.</summary>
    public void Post(IWorkItem item)
    {
        _queue.Enqueue(item);
        TrySchedule();
    }

    /// <summary>Queues a delegate (control path: allocates a small wrapper).</summary>
    public void Post(Action action) => Post(new ActionItem(action));

    /// <summary>
    /// Takes ownership for inline work when the executor is idle and nothing is queued. On
    /// <c>true</c> the caller runs its work and must call <see cref="Exit"/>; on <c>false</c> it posts.
    /// </summary>
    public bool TryEnter()
    {
        if (!_queue.IsEmpty || Interlocked.CompareExchange(ref _owned, 1, 0) != 0)
        {
            return false;
        }
        // Inline entry may happen inside another executor's turn (a layer delivering to another
        // connection): remember that executor so Exit restores it.
        _enteredFrom = s_current;
        s_current = this;
        return true;
    }

    /// <summary>Ends inline ownership taken with <see cref="TryEnter"/>; runs what was queued meanwhile on the pool.</summary>
    public void Exit()
    {
        s_current = _enteredFrom;
        _enteredFrom = null;
        Release();
        if (!_queue.IsEmpty)
        {
            TrySchedule();
        }
    }

    /// <summary>
    /// Gives up ownership with a full fence. A producer enqueues and then tries to take ownership; the owner gives
    /// it up and then looks at the queue. With a plain (release) store the owner's look at the queue could be
    /// performed before its store became visible (store-load reordering), so both sides would see the other still
    /// busy and the item would sit in the queue with no turn scheduled: a lost wake-up that stalled a connection.
    /// </summary>
    private void Release() => Interlocked.Exchange(ref _owned, 0);

    private void TrySchedule()
    {
        if (Interlocked.CompareExchange(ref _owned, 1, 0) == 0)
        {
            if (_scheduler is null)
            {
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
            }
            else
            {
                _scheduler(this);
            }
        }
    }

    void IThreadPoolWorkItem.Execute()
    {
        var previous = s_current;
        s_current = this;
        try
        {
            for (var i = 0; i < BatchSize && _queue.TryDequeue(out var item); i++)
            {
                try
                {
                    item.Execute();
                }
                catch (Exception ex)
                {
                    UnhandledException?.Invoke(ex);
                }
            }
        }
        finally
        {
            s_current = previous;
            Release();
        }
        if (!_queue.IsEmpty)
        {
            TrySchedule();
        }
    }

    private sealed class ActionItem(Action action) : IWorkItem
    {
        public void Execute() => action();
    }
}

/// <summary>A unit of work for a <see cref="SerialExecutor"/>; implement it on pooled objects to post without allocating.</summary>
public interface IWorkItem
{
    /// <summary>Runs the work on the executor.</summary>
    void Execute();
}
