using System.Globalization;
using System.Text.Json;

namespace MeshHost.Relay.Bench;

/// <summary>The clients' side of the connect phase.</summary>
/// <param name="Clients">Clients asked for.</param>
/// <param name="Lobbies">Relay lobbies they joined.</param>
/// <param name="Connected">Clients connected to MeshHost (peer 1) with every other lobby member announced.</param>
/// <param name="Seconds">From the first JOIN until the last client was ready.</param>
/// <param name="P50Ms">Median per-client time from JOIN to connected with peer 1.</param>
/// <param name="P99Ms">99th percentile of the same.</param>
/// <param name="MaxMs">Slowest client.</param>
/// <param name="Client">The client process during the phase.</param>
internal sealed record RelayBenchConnectReport(int Clients, int Lobbies, int Connected, double Seconds, double P50Ms, double P99Ms, double MaxMs, ProcessUsage Client);

/// <summary>The clients' side of one traffic phase.</summary>
/// <param name="Phase">"rate" (fixed rate, unreliable) or "window" (a window of reliable packets per client).</param>
/// <param name="Run">1-based run number (0: warm-up, not reported).</param>
/// <param name="Seconds">Length of the sending period.</param>
/// <param name="Sent">Packets the clients handed to their peers.</param>
/// <param name="SendRefused">Sends refused by the peer (send buffer full).</param>
/// <param name="Received">Packets of this phase the clients received (relayed by MeshHost), until the drain ended.</param>
/// <param name="P50Us">Median one-way latency, client to client through MeshHost, in microseconds.</param>
/// <param name="P99Us">99th percentile.</param>
/// <param name="P999Us">99.9th percentile.</param>
/// <param name="MaxUs">Maximum.</param>
/// <param name="Client">The client process during the sending period.</param>
internal sealed record RelayBenchPhaseReport(string Phase, int Run, double Seconds, long Sent, long SendRefused, long Received,
    double P50Us, double P99Us, double P999Us, double MaxUs, ProcessUsage Client);

/// <summary>Where the load reports progress: the bench command (same process) or the parent over stdout (child process).</summary>
internal interface IRelayBenchSink
{
    /// <summary>Every client is connected (or the connect phase gave up).</summary>
    void Connected(RelayBenchConnectReport report);

    /// <summary>A phase's sending period begins now.</summary>
    void PhaseStarted(string phase, int run);

    /// <summary>A phase's sending period ended now (packets in flight are still counted).</summary>
    void PhaseStopped(string phase, int run);

    /// <summary>The phase's numbers, after its drain.</summary>
    void PhaseReported(RelayBenchPhaseReport report);

    /// <summary>A progress line for people.</summary>
    void Progress(string message);
}

/// <summary>
/// The line protocol between a client process and the bench command: one line per event on stdout, "@" + kind,
/// a space, and a JSON payload (or the phase and run). Other lines are ignored.
/// </summary>
internal static class RelayBenchLines
{
    private const string ConnectedKind = "@connected";
    private const string StartedKind = "@started";
    private const string StoppedKind = "@stopped";
    private const string ReportedKind = "@reported";
    private const string ProgressKind = "@progress";

    /// <summary>A sink that writes the protocol (the client process).</summary>
    public static IRelayBenchSink Writer(TextWriter output) => new LineWriter(output);

    /// <summary>Applies one line from a client process to <paramref name="sink"/>; false when it is not a protocol line.</summary>
    public static bool Apply(string line, IRelayBenchSink sink)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0 || !line.StartsWith('@'))
        {
            return false;
        }
        var kind = line[..space];
        var rest = line[(space + 1)..];
        switch (kind)
        {
            case ConnectedKind:
                sink.Connected(JsonSerializer.Deserialize<RelayBenchConnectReport>(rest)!);
                return true;
            case StartedKind or StoppedKind:
                var parts = rest.Split(' ');
                var run = int.Parse(parts[1], CultureInfo.InvariantCulture);
                if (kind == StartedKind)
                {
                    sink.PhaseStarted(parts[0], run);
                }
                else
                {
                    sink.PhaseStopped(parts[0], run);
                }
                return true;
            case ReportedKind:
                sink.PhaseReported(JsonSerializer.Deserialize<RelayBenchPhaseReport>(rest)!);
                return true;
            case ProgressKind:
                sink.Progress(rest);
                return true;
            default:
                return false;
        }
    }

    private sealed class LineWriter(TextWriter output) : IRelayBenchSink
    {
        private readonly object _gate = new();

        public void Connected(RelayBenchConnectReport report) => Write(ConnectedKind, JsonSerializer.Serialize(report));

        public void PhaseStarted(string phase, int run) => Write(StartedKind, string.Create(CultureInfo.InvariantCulture, $"{phase} {run}"));

        public void PhaseStopped(string phase, int run) => Write(StoppedKind, string.Create(CultureInfo.InvariantCulture, $"{phase} {run}"));

        public void PhaseReported(RelayBenchPhaseReport report) => Write(ReportedKind, JsonSerializer.Serialize(report));

        public void Progress(string message) => Write(ProgressKind, message.ReplaceLineEndings(" "));

        private void Write(string kind, string payload)
        {
            lock (_gate)
            {
                output.WriteLine(kind + " " + payload);
                output.Flush();
            }
        }
    }
}
