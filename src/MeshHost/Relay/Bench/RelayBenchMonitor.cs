namespace MeshHost.Relay.Bench;

/// <summary>
/// A dedicated thread that reports the client process's thread pool and collector every interval, so a stalled pool
/// (work queued, no thread free) or long collections show in the progress lines even when the pool itself is stuck.
/// </summary>
internal sealed class RelayBenchMonitor : IDisposable
{
    private readonly IRelayBenchSink _sink;
    private readonly TimeSpan _interval;
    private readonly ManualResetEventSlim _stop = new();
    private readonly Thread _thread;

    public RelayBenchMonitor(IRelayBenchSink sink, TimeSpan interval)
    {
        _sink = sink;
        _interval = interval;
        _thread = new Thread(Run) { IsBackground = true, Name = "relay-bench-monitor" };
        _thread.Start();
    }

    public void Dispose()
    {
        _stop.Set();
        _thread.Join(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }

    private void Run()
    {
        var pause = GC.GetTotalPauseDuration();
        var completed = ThreadPool.CompletedWorkItemCount;
        while (!_stop.Wait(_interval))
        {
            var nowPause = GC.GetTotalPauseDuration();
            var nowCompleted = ThreadPool.CompletedWorkItemCount;
            _sink.Progress(FormattableString.Invariant(
                $"clients: pool {ThreadPool.ThreadCount} threads, {ThreadPool.PendingWorkItemCount} queued, {(nowCompleted - completed) / _interval.TotalSeconds:N0} items/s; GC pauses {(nowPause - pause).TotalMilliseconds:0} ms, gen2 {GC.CollectionCount(2)}"));
            pause = nowPause;
            completed = nowCompleted;
        }
    }
}
