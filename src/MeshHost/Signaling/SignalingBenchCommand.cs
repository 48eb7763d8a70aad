using System.CommandLine;
using System.Globalization;

namespace MeshHost.Signaling;

/// <summary>
/// <c>bench-signaling</c>: lobbies created per second and messages relayed per second with N concurrent WebSocket
/// clients, against an in-process server on 127.0.0.1 (limits raised so they do not cap the run) or <c>--url</c>.
/// </summary>
internal static class SignalingBenchCommand
{
    private static readonly Option<string?> Url = new("--url") { Description = "Signaling server to load (default: an in-process server on a free port)." };

    private static readonly Option<int[]> Clients = new("--clients")
    {
        Description = "Concurrent clients (lobby creation) and peers (relay: clients/2 lobbies of 2); one run per value.",
        DefaultValueFactory = _ => [1, 16, 128],
        AllowMultipleArgumentsPerToken = true,
    };

    private static readonly Option<double> Seconds = new("--seconds") { Description = "Duration of each timed run.", DefaultValueFactory = _ => 3 };

    private static readonly Option<int> Runs = new("--runs") { Description = "Timed runs per measure (after one warm-up run).", DefaultValueFactory = _ => 3 };

    private static readonly Option<int> Window = new("--window") { Description = "OFFERs in flight per relay pair.", DefaultValueFactory = _ => 16 };

    private static readonly Option<int> Payload = new("--payload") { Description = "Bytes of each relayed OFFER/ANSWER payload.", DefaultValueFactory = _ => 200 };

    public static Command Create()
    {
        var command = new Command("bench-signaling", "Measure lobbies created/s and messages relayed/s with N concurrent WebSocket clients.");
        foreach (var option in new Option[] { Url, Clients, Seconds, Runs, Window, Payload })
        {
            command.Options.Add(option);
        }
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var clients = parse.GetValue(Clients)!;
        var duration = TimeSpan.FromSeconds(parse.GetValue(Seconds));
        var runs = parse.GetValue(Runs);
        var window = parse.GetValue(Window);
        var payload = parse.GetValue(Payload);
        if (clients.Length == 0 || clients.Any(c => c < 1) || duration <= TimeSpan.Zero || runs < 1 || window < 1 || payload < 0)
        {
            await Console.Error.WriteLineAsync("bench-signaling: --clients, --seconds, --runs and --window must be positive.");
            return 2;
        }
        Hosting.MeshHostServer? server = null;
        Uri uri;
        if (parse.GetValue(Url) is { } url)
        {
            uri = new Uri(url);
        }
        else
        {
            var errors = new List<string>();
            server = Hosting.MeshHostServer.Create(
                ["--Logging:LogLevel:Default=Warning"],
                new Dictionary<string, string?>
                {
                    ["MeshHost:Stun:Enabled"] = "false",
                    ["MeshHost:Signaling:Listen"] = "127.0.0.1:0",
                    ["MeshHost:Signaling:MaxConnections"] = "100000",
                    ["MeshHost:Signaling:MaxLobbies"] = "100000",
                    ["MeshHost:Signaling:MaxMessagesPerSecond"] = "10000000",
                    ["MeshHost:Signaling:MaxQueuedBytes"] = "1073741824",
                },
                errors);
            if (server is null)
            {
                await Console.Error.WriteLineAsync(string.Join(Environment.NewLine, errors));
                return 2;
            }
            await server.StartAsync(cancellationToken);
            uri = server.SignalingUri;
        }
        try
        {
            Console.WriteLine($"bench-signaling against {uri}: {runs} run(s) of {duration.TotalSeconds:0.#} s after a warm-up; median [min .. max]");
            foreach (var n in clients)
            {
                await Measure($"lobbies created/s, {n} concurrent connect+JOIN+close loops", runs,
                    () => SignalingLoad.CreateLobbiesAsync(uri, n, duration, cancellationToken));
            }
            foreach (var n in clients)
            {
                var pairs = Math.Max(1, n / 2);
                await Measure($"messages relayed/s, {pairs * 2} clients ({pairs} lobbies of 2), window {window}, {payload} B", runs,
                    () => SignalingLoad.RelayAsync(uri, pairs, window, payload, duration, cancellationToken));
            }
        }
        finally
        {
            if (server is not null)
            {
                await server.StopAsync(CancellationToken.None);
                await server.DisposeAsync();
            }
        }
        return 0;
    }

    private static async Task Measure(string name, int runs, Func<Task<SignalingLoad.LoadResult>> run)
    {
        await run(); // warm-up: JIT, tiering, pools
        var results = new List<SignalingLoad.LoadResult>();
        for (var i = 0; i < runs; i++)
        {
            results.Add(await run());
        }
        var rates = results.Select(r => r.PerSecond).Order().ToArray();
        var p50 = results.Select(r => r.LatencyMs.P50).Order().ToArray();
        var p99 = results.Select(r => r.LatencyMs.P99).Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {Median(rates):N0}/s [{rates[0]:N0} .. {rates[^1]:N0}]; latency p50 {Median(p50):0.00} ms, p99 {Median(p99):0.00} ms"));
    }

    private static double Median(double[] sorted) => sorted[sorted.Length / 2];
}
