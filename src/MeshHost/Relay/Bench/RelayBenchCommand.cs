using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MeshHost.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace MeshHost.Relay.Bench;

/// <summary>
/// <c>bench-relay</c>: how many WebRTC clients one MeshHost holds in relay lobbies and how many packets per second it
/// relays between them, with latency. Starts a MeshHost in this process (relay lobbies by prefix, single-port relay by
/// default, limits raised) and runs the clients (<see cref="RelayBenchLoad"/>) in a child process — so the host's CPU,
/// memory and threads are its own — or, with <c>--in-process</c>, here.
/// </summary>
internal static class RelayBenchCommand
{
    private static readonly Option<int> Clients = new("--clients") { Description = "WebRTC clients in relay lobbies.", DefaultValueFactory = _ => 1000 };

    private static readonly Option<int> LobbySize = new("--lobby-size") { Description = "Clients per relay lobby (MeshHost is the host, one more).", DefaultValueFactory = _ => 10 };

    private static readonly Option<int> ConnectConcurrency = new("--connect-concurrency") { Description = "Clients connecting at once.", DefaultValueFactory = _ => 32 };

    private static readonly Option<double> Seconds = new("--seconds") { Description = "Sending period of each measured run.", DefaultValueFactory = _ => 5 };

    private static readonly Option<int> Runs = new("--runs") { Description = "Measured runs of each traffic phase (after a warm-up).", DefaultValueFactory = _ => 3 };

    private static readonly Option<int> Rate = new("--rate") { Description = "Rate phase: unreliable packets per second per client.", DefaultValueFactory = _ => 10 };

    private static readonly Option<int> Window = new("--window") { Description = "Window phase: reliable packets in flight per client.", DefaultValueFactory = _ => 16 };

    private static readonly Option<int> Payload = new("--payload") { Description = "Payload bytes per packet.", DefaultValueFactory = _ => 64 };

    private static readonly Option<double> FrameMs = new("--frame-ms")
    {
        Description = "The clients' poll frame: each client is polled once per frame (a packet waits half a frame on average for its receiver's poll).",
        DefaultValueFactory = _ => 5,
    };

    private static readonly Option<bool> AsyncSockets = new("--async-client-sockets")
    {
        Description = "Clients use async UDP sockets (no receive thread per socket; receives depend on the thread pool).",
    };

    private static readonly Option<bool> Allocations = new("--allocations")
    {
        Description = "Diagnostics: report the types that dominate managed allocation during each traffic phase, in host and clients.",
    };

    private static readonly Option<int> Drivers = new("--drivers") { Description = "Threads driving the clients.", DefaultValueFactory = _ => Math.Max(1, Environment.ProcessorCount) };

    private static readonly Option<string> RelayUdp = new("--relay-udp")
    {
        Description = "The host's meshhost.relay.udp-listen: one UDP socket for every relay connection (\"\" = sockets per connection).",
        DefaultValueFactory = _ => "127.0.0.1:0",
    };

    private static readonly Option<bool> InProcess = new("--in-process") { Description = "Run the clients in this process (host figures then include them)." };

    private static readonly Option<bool> Json = new("--json") { Description = "One JSON line with every figure on stdout instead of the table." };

    /// <summary>Internal: run only the clients against this signaling URL, reporting on stdout (the child process).</summary>
    private static readonly Option<string?> Drive = new("--drive") { Hidden = true };

    public static Command Create()
    {
        var command = new Command("bench-relay", "Measure clients held and packets relayed per second by MeshHost's relay lobbies (real WebRTC clients over loopback UDP).");
        foreach (var option in new Option[] { Clients, LobbySize, ConnectConcurrency, Seconds, Runs, Rate, Window, Payload, FrameMs, AsyncSockets, Allocations, Drivers, RelayUdp, InProcess, Json, Drive })
        {
            command.Options.Add(option);
        }
        command.SetAction(RunAsync);
        return command;
    }

    /// <summary>Runs the bench with <paramref name="args"/> as its options (tests use this); the report goes to <paramref name="output"/>.</summary>
    public static Task<RelayBenchResult?> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        var parse = Create().Parse(args);
        if (parse.Errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", parse.Errors.Select(e => e.Message)), nameof(args));
        }
        return RunHostAsync(ToOptions(parse), output, Console.Error, cancellationToken);
    }

    private static RelayBenchOptions ToOptions(ParseResult parse) => new()
    {
        Clients = parse.GetValue(Clients),
        LobbySize = parse.GetValue(LobbySize),
        ConnectConcurrency = parse.GetValue(ConnectConcurrency),
        Seconds = parse.GetValue(Seconds),
        Runs = parse.GetValue(Runs),
        Rate = parse.GetValue(Rate),
        Window = parse.GetValue(Window),
        Payload = parse.GetValue(Payload),
        FrameMs = parse.GetValue(FrameMs),
        AsyncClientSockets = parse.GetValue(AsyncSockets),
        Allocations = parse.GetValue(Allocations),
        Drivers = parse.GetValue(Drivers),
        RelayUdp = parse.GetValue(RelayUdp) ?? string.Empty,
        InProcess = parse.GetValue(InProcess),
        Json = parse.GetValue(Json),
    };

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var options = ToOptions(parse);
        if (options.Validate() is { } problem)
        {
            await Console.Error.WriteLineAsync("bench-relay: " + problem);
            return 2;
        }
        if (parse.GetValue(Drive) is { } url)
        {
            // The child process: clients only, events on stdout for the parent.
            return await RelayBenchLoad.RunAsync(new Uri(url), options, RelayBenchLines.Writer(Console.Out), cancellationToken);
        }
        var result = await RunHostAsync(options, Console.Out, Console.Error, cancellationToken);
        return result is { Complete: true } ? 0 : 1;
    }

    private static async Task<RelayBenchResult?> RunHostAsync(RelayBenchOptions options, TextWriter output, TextWriter progress, CancellationToken cancellationToken)
    {
        if (options.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }
        var errors = new List<string>();
        await using var server = MeshHostServer.Create(
            ["--Logging:LogLevel:Default=Warning"],
            new Dictionary<string, string?>
            {
                ["MeshHost:Stun:Enabled"] = "false",
                ["MeshHost:Signaling:Listen"] = "127.0.0.1:0",
                ["MeshHost:Signaling:MaxConnections"] = "1000000",
                ["MeshHost:Signaling:MaxLobbies"] = "1000000",
                ["MeshHost:Signaling:MaxPeersPerLobby"] = (options.LobbySize + 1).ToString(CultureInfo.InvariantCulture),
                ["MeshHost:Signaling:MaxMessagesPerSecond"] = "1000000",
                ["MeshHost:Signaling:MaxQueuedBytes"] = "1073741824",
                // Connecting hundreds of clients at once can keep a JOIN waiting longer than the demo's 1 s.
                ["MeshHost:Signaling:JoinTimeout"] = "00:00:30",
                ["MeshHost:Relay:Lobbies"] = nameof(RelayLobbyMode.Prefix),
                ["MeshHost:Relay:Prefix"] = options.Prefix,
                ["MeshHost:Relay:MaxLobbies"] = "1000000",
                ["MeshHost:Relay:IdleTimeout"] = "00:10:00",
                ["MeshHost:Relay:UdpListen"] = options.RelayUdp,
            },
            errors);
        if (server is null)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, errors));
        }
        await server.StartAsync(cancellationToken);
        using var allocations = options.Allocations ? new AllocationSampler() : null;
        var collector = new RelayBenchCollector(server.Services.GetRequiredService<RelayMetrics>(), progress, allocations);
        var mux = server.Services.GetRequiredService<RelayPort>().Mux;
        progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bench-relay: MeshHost at {server.SignalingUri}, relay UDP {(mux is null ? "per connection" : mux.LocalEndPoint.ToString())}; clients {(options.InProcess ? "in this process" : "in a child process")}"));
        int exit;
        try
        {
            exit = options.InProcess
                ? await RelayBenchLoad.RunAsync(server.SignalingUri, options, collector, cancellationToken)
                : await RunChildAsync(server.SignalingUri, options, collector, cancellationToken);
        }
        finally
        {
            await server.StopAsync(CancellationToken.None);
        }
        var result = collector.Result(options, exit == 0);
        if (options.Json)
        {
            output.WriteLine(JsonSerializer.Serialize(result));
        }
        else
        {
            RelayBenchTable.Write(result, output);
        }
        return result;
    }

    private static async Task<int> RunChildAsync(Uri signaling, RelayBenchOptions options, IRelayBenchSink sink, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            typeof(RelayBenchCommand).Assembly.Location, "bench-relay", "--drive", signaling.ToString(),
            "--clients", I(options.Clients), "--lobby-size", I(options.LobbySize), "--connect-concurrency", I(options.ConnectConcurrency),
            "--seconds", options.Seconds.ToString(CultureInfo.InvariantCulture), "--runs", I(options.Runs), "--rate", I(options.Rate),
            "--window", I(options.Window), "--payload", I(options.Payload), "--drivers", I(options.Drivers),
            "--frame-ms", options.FrameMs.ToString(CultureInfo.InvariantCulture),
        })
        {
            info.ArgumentList.Add(argument);
        }
        if (options.AsyncClientSockets)
        {
            info.ArgumentList.Add("--async-client-sockets");
        }
        if (options.Allocations)
        {
            info.ArgumentList.Add("--allocations");
        }
        using var child = Process.Start(info) ?? throw new InvalidOperationException("The client process did not start.");
        using var kill = cancellationToken.Register(() => child.Kill(entireProcessTree: true));
        var errors = Task.Run(async () =>
        {
            while (await child.StandardError.ReadLineAsync(CancellationToken.None) is { } line)
            {
                sink.Progress("clients: " + line);
            }
        }, CancellationToken.None);
        while (await child.StandardOutput.ReadLineAsync(CancellationToken.None) is { } line)
        {
            RelayBenchLines.Apply(line, sink);
        }
        await child.WaitForExitAsync(CancellationToken.None);
        await errors;
        return child.ExitCode;
    }

    /// <summary>The dotnet host running this process (the SDK sets DOTNET_HOST_PATH under dotnet run/test), else dotnet on the PATH.</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }
        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
}
