using System.Globalization;
using Spectre.Console;

namespace MeshHost.Relay.Bench;

/// <summary>The bench-relay report as a table: connect figures, then median [min – max] over the runs of each traffic phase.</summary>
internal static class RelayBenchTable
{
    public static void Write(RelayBenchResult result, TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 200;
        var options = result.Options;
        var rate = result.Phases.Where(p => p.Clients.Phase == "rate").ToList();
        var window = result.Phases.Where(p => p.Clients.Phase == "window").ToList();
        var table = new Table().AddColumns("measure",
            $"rate: {options.Rate}/s per client, unreliable",
            $"window: {options.Window} in flight per client, reliable", "unit");
        if (result.Connect is { } connect)
        {
            table.AddRow("clients connected and introduced", $"{connect.Connected} of {connect.Clients} in {connect.Lobbies} lobbies", string.Empty, "clients");
            table.AddRow("connect all (first JOIN → last ready)", F(connect.Seconds), string.Empty, "s");
            table.AddRow("connect one (JOIN → connected to peer 1)", $"p50 {F(connect.P50Ms)}, p99 {F(connect.P99Ms)}, max {F(connect.MaxMs)}", string.Empty, "ms");
        }
        if (result.HostAfterConnect is { } host)
        {
            table.AddRow("host with all connected", $"RSS {F(host.RssBytes / 1048576.0)} MiB, {host.Threads} threads", string.Empty, string.Empty);
        }
        Add(table, "relayed by host", rate, window, r => r.HostRelayedPerSecond, "packets/s");
        Add(table, "delivered to clients", rate, window, r => r.DeliveredPerSecond, "packets/s");
        Add(table, "loss", rate, window, r => r.LossPercent, "%");
        Add(table, "latency p50 (one way, via host)", rate, window, r => r.Clients.P50Us / 1000, "ms");
        Add(table, "latency p99", rate, window, r => r.Clients.P99Us / 1000, "ms");
        Add(table, "latency p99.9", rate, window, r => r.Clients.P999Us / 1000, "ms");
        Add(table, "host CPU", rate, window, r => r.Host.CpuPercent, "% of a core");
        Add(table, "client process CPU", rate, window, r => r.Clients.Client.CpuPercent, "% of a core");
        Add(table, "host RSS", rate, window, r => r.Host.RssBytes / 1048576.0, "MiB");
        Add(table, "host threads", rate, window, r => r.Host.Threads, string.Empty);
        Add(table, "host allocated per relayed packet", rate, window, r => r.HostBytesPerRelayed, "B");
        Add(table, "host gen0 GCs per run", rate, window, r => r.Host.Gen0, string.Empty);
        Add(table, "host gen2 GCs per run", rate, window, r => r.Host.Gen2, string.Empty);
        table.Caption = new TableTitle(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{options.Clients} clients in lobbies of {options.LobbySize}, {options.Payload} B payloads; median [min – max] of {options.Runs} run(s) of {options.Seconds:0.#} s per phase after a warm-up; relay UDP {(options.RelayUdp.Length == 0 ? "per connection" : "single port")}; clients {(options.InProcess ? "in the host process" : "in a child process")} with {(options.AsyncClientSockets ? "async sockets" : "a receive thread per socket")}, {options.Drivers} driver thread(s), each client polled every {options.FrameMs:0.##} ms")));
        console.Write(table);
    }

    private static void Add(Table table, string name, List<RelayBenchPhaseResult> rate, List<RelayBenchPhaseResult> window,
        Func<RelayBenchPhaseResult, double> value, string unit) =>
        table.AddRow(name, Markup.Escape(Summary(rate, value)), Markup.Escape(Summary(window, value)), unit);

    private static string Summary(List<RelayBenchPhaseResult> runs, Func<RelayBenchPhaseResult, double> value)
    {
        if (runs.Count == 0)
        {
            return "-";
        }
        var values = runs.Select(value).Order().ToList();
        var median = values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
        return values.Count == 1 ? F(median) : $"{F(median)} [{F(values[0])} – {F(values[^1])}]";
    }

    private static string F(double value) => value switch
    {
        >= 1000 => value.ToString("N0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("F1", CultureInfo.InvariantCulture),
        _ => value.ToString("F2", CultureInfo.InvariantCulture),
    };
}
