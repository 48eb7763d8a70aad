using System.Diagnostics;

namespace MeshHost.Relay.Bench;

/// <summary>One measured traffic phase run: the clients' numbers and the host's over the same sending period.</summary>
/// <param name="Clients">What the clients sent and received.</param>
/// <param name="HostRelayed">Packets MeshHost relayed during the sending period (its relay counter).</param>
/// <param name="HostDropped">Relay packets MeshHost dropped during it.</param>
/// <param name="Host">The host process during it.</param>
internal sealed record RelayBenchPhaseResult(RelayBenchPhaseReport Clients, long HostRelayed, long HostDropped, ProcessUsage Host)
{
    public double HostRelayedPerSecond => HostRelayed / Clients.Seconds;

    public double DeliveredPerSecond => Clients.Received / Clients.Seconds;

    public double LossPercent => Clients.Sent == 0 ? 0 : Math.Max(0, Clients.Sent - Clients.Received) * 100.0 / Clients.Sent;

    /// <summary>Managed bytes the host allocated per relayed packet (the whole process, control path included).</summary>
    public double HostBytesPerRelayed => HostRelayed == 0 ? 0 : (double)Host.AllocatedBytes / HostRelayed;
}

/// <summary>Everything <c>bench-relay</c> measured.</summary>
internal sealed record RelayBenchResult(bool Complete, RelayBenchOptions Options, RelayBenchConnectReport? Connect, ProcessUsage? HostAfterConnect,
    IReadOnlyList<RelayBenchPhaseResult> Phases);

/// <summary>The bench command's sink: samples the host process and its relay counter around each phase and pairs them with the clients' reports.</summary>
internal sealed class RelayBenchCollector(RelayMetrics metrics, TextWriter progress, AllocationSampler? allocations = null) : IRelayBenchSink
{
    private readonly ProcessSample _start = ProcessSample.Take();
    private readonly List<RelayBenchPhaseResult> _phases = [];
    private readonly object _gate = new();
    private RelayBenchConnectReport? _connect;
    private ProcessUsage? _afterConnect;
    private ProcessSample _phaseStart;
    private long _relayedAtStart;
    private long _droppedAtStart;
    private (long Relayed, long Dropped, ProcessUsage Usage) _stopped;

    public void Connected(RelayBenchConnectReport report)
    {
        _connect = report;
        _afterConnect = ProcessSample.Take().Since(_start);
        Progress(FormattableString.Invariant(
            $"{report.Connected} / {report.Clients} clients connected in {report.Seconds:0.0} s (per client p50 {report.P50Ms:0} ms, p99 {report.P99Ms:0} ms); host RSS {_afterConnect.RssBytes / 1048576.0:0} MiB, {_afterConnect.Threads} threads"));
    }

    public void PhaseStarted(string phase, int run)
    {
        _relayedAtStart = metrics.RelayedPackets;
        _droppedAtStart = metrics.DroppedPackets;
        allocations?.Reset();
        _phaseStart = ProcessSample.Take();
    }

    public void PhaseStopped(string phase, int run)
    {
        var usage = ProcessSample.Take().Since(_phaseStart);
        _stopped = (metrics.RelayedPackets - _relayedAtStart, metrics.DroppedPackets - _droppedAtStart, usage);
        foreach (var line in allocations?.Top(12) ?? [])
        {
            Progress($"host allocations in {phase} {run}: {line}");
        }
    }

    public void PhaseReported(RelayBenchPhaseReport report)
    {
        var result = new RelayBenchPhaseResult(report, _stopped.Relayed, _stopped.Dropped, _stopped.Usage);
        if (report.Run > 0)
        {
            _phases.Add(result);
        }
        Progress(FormattableString.Invariant(
            $"{report.Phase} {(report.Run == 0 ? "warm-up" : "run " + report.Run)}: relayed {result.HostRelayedPerSecond:N0}/s, delivered {result.DeliveredPerSecond:N0}/s, loss {result.LossPercent:0.###} %, latency p50 {report.P50Us / 1000:0.00} ms p99 {report.P99Us / 1000:0.00} ms; host CPU {result.Host.CpuPercent:0} %, client CPU {report.Client.CpuPercent:0} %"));
    }

    public void Progress(string message)
    {
        lock (_gate)
        {
            progress.WriteLine(FormattableString.Invariant($"[{Stopwatch.GetElapsedTime(_start.Timestamp).TotalSeconds,6:0.0} s] {message}"));
        }
    }

    public RelayBenchResult Result(RelayBenchOptions options, bool complete) => new(complete && _connect is not null, options, _connect, _afterConnect, _phases);
}
