using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace MeshHost.Cli;

/// <summary>
/// <c>bench</c>: connect time, throughput and round-trip time of two <c>RtcPeerConnection</c>s in this process over
/// loopback UDP. Prints a table of median [min–max]; with <c>--json</c>, one JSON line per run on stdout.
/// </summary>
internal static class BenchCommand
{
    private static readonly Option<int> Mib = new("--mib") { Description = "MiB sent for the throughput test.", DefaultValueFactory = _ => 64 };

    private static readonly Option<int> MessageSize = new("--msg-size") { Description = "Bytes per message of the throughput test.", DefaultValueFactory = _ => 16384 };

    private static readonly Option<int> Pings = new("--pings") { Description = "Ping-pongs measured (after 20 warm-ups).", DefaultValueFactory = _ => 1000 };

    private static readonly Option<int> PingSize = new("--ping-size") { Description = "Bytes per ping.", DefaultValueFactory = _ => 100 };

    private static readonly Option<int> Runs = new("--runs") { Description = "Runs, each with new connections.", DefaultValueFactory = _ => 5 };

    private static readonly Option<bool> Json = new("--json") { Description = "One JSON line per run on stdout instead of the table." };

    public static Command Create()
    {
        var command = new Command("bench", "Measure connect time, throughput and RTT of two connections over loopback UDP.");
        foreach (var option in new Option[] { Mib, MessageSize, Pings, PingSize, Runs, Json })
        {
            command.Options.Add(option);
        }
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var options = new BenchOptions(parse.GetValue(Mib), parse.GetValue(MessageSize), parse.GetValue(Pings), parse.GetValue(PingSize),
            parse.GetValue(Runs), parse.GetValue(Json));
        if (options.Mib < 1 || options.MessageSize < 1 || options.Pings < 1 || options.PingSize < 1 || options.Runs < 1)
        {
            await Console.Error.WriteLineAsync("bench: --mib, --msg-size, --pings, --ping-size and --runs are at least 1.");
            return 2;
        }
        var progress = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        var results = new List<BenchResult>();
        try
        {
            await progress.Status().StartAsync("bench", async context =>
            {
                // One unreported run first: JIT compilation and thread creation would otherwise land in run 1.
                context.Status("warm-up run");
                await BenchRun.RunOnceAsync(options with { Mib = Math.Min(options.Mib, 8), Pings = Math.Min(options.Pings, 200) });
                for (var run = 1; run <= options.Runs; run++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    context.Status($"run {run}/{options.Runs}: {options.Mib} MiB in {options.MessageSize} B messages, {options.Pings} pings of {options.PingSize} B");
                    var result = await BenchRun.RunOnceAsync(options);
                    results.Add(result);
                    progress.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                        $"run {run}: connect {result.ConnectMs:F2} ms, {result.ThroughputMBps:F1} MB/s, RTT p50 {result.RttP50Us:F1} µs, p99 {result.RttP99Us:F1} µs"));
                    if (options.Json)
                    {
                        Console.Out.WriteLine(ToJson(result));
                    }
                }
            });
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            progress.MarkupLineInterpolated($"[red]bench failed:[/] {ex.Message}");
            return 1;
        }
        if (!options.Json)
        {
            var table = new Table().AddColumns("measure", "median", "min – max", "unit");
            AddRow(table, "connect (createOffer → both open)", results.ConvertAll(r => r.ConnectMs), "ms");
            AddRow(table, "throughput (1 MB = 10^6 B)", results.ConvertAll(r => r.ThroughputMBps), "MB/s");
            AddRow(table, "RTT p50", results.ConvertAll(r => r.RttP50Us), "µs");
            AddRow(table, "RTT p99", results.ConvertAll(r => r.RttP99Us), "µs");
            table.Caption = new TableTitle(string.Create(CultureInfo.InvariantCulture,
                $"{options.Runs} run(s) after a warm-up run: {options.Mib} MiB in {options.MessageSize} B messages; {options.Pings} pings of {options.PingSize} B after 20 warm-ups"));
            AnsiConsole.Write(table);
        }
        return 0;
    }

    private static string ToJson(BenchResult result)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteNumber("connect_ms", Math.Round(result.ConnectMs, 3));
            json.WriteNumber("throughput_MBps", Math.Round(result.ThroughputMBps, 2));
            json.WriteNumber("rtt_p50_us", Math.Round(result.RttP50Us, 1));
            json.WriteNumber("rtt_p99_us", Math.Round(result.RttP99Us, 1));
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void AddRow(Table table, string name, List<double> values, string unit)
    {
        values.Sort();
        var median = values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
        table.AddRow(name, F(median), $"{F(values[0])} – {F(values[^1])}", unit);
    }

    private static string F(double value) => value.ToString(value < 10 ? "F2" : "F1", CultureInfo.InvariantCulture);
}
