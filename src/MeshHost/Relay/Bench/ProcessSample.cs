using System.Diagnostics;

namespace MeshHost.Relay.Bench;

/// <summary>A snapshot of this process: CPU time, resident memory, threads, managed allocations and collections.</summary>
internal readonly record struct ProcessSample(long Timestamp, TimeSpan Cpu, long RssBytes, int Threads, long AllocatedBytes, int Gen0, int Gen1, int Gen2)
{
    public static ProcessSample Take()
    {
        using var process = Process.GetCurrentProcess();
        return new ProcessSample(
            Stopwatch.GetTimestamp(),
            process.TotalProcessorTime,
            process.WorkingSet64,
            process.Threads.Count,
            GC.GetTotalAllocatedBytes(precise: false),
            GC.CollectionCount(0),
            GC.CollectionCount(1),
            GC.CollectionCount(2));
    }

    /// <summary>What happened between <paramref name="start"/> and this sample.</summary>
    public ProcessUsage Since(ProcessSample start)
    {
        var seconds = Stopwatch.GetElapsedTime(start.Timestamp, Timestamp).TotalSeconds;
        return new ProcessUsage(
            seconds > 0 ? (Cpu - start.Cpu).TotalSeconds / seconds * 100 : 0,
            RssBytes,
            Threads,
            AllocatedBytes - start.AllocatedBytes,
            Gen0 - start.Gen0,
            Gen1 - start.Gen1,
            Gen2 - start.Gen2);
    }
}

/// <summary>A process over an interval: CPU in % of one core, memory and threads at the end, allocations and collections during it.</summary>
internal sealed record ProcessUsage(double CpuPercent, long RssBytes, int Threads, long AllocatedBytes, int Gen0, int Gen1, int Gen2);
