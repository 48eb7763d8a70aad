using System.CommandLine;
using MeshHost.Hosting;

namespace MeshHost.Cli;

/// <summary>`serve` (the default): runs the signaling, STUN and (later) relay servers until Ctrl+C.</summary>
internal static class ServeCommand
{
    private static readonly Option<string> SignalingListen = new("--signaling")
    {
        Description = "TCP endpoint of the signaling WebSocket server and /healthz (host:port, port 0 = any); overrides MeshHost:Signaling:Listen.",
    };

    private static readonly Option<string[]> StunListen = new("--stun")
    {
        Description = "UDP endpoints the STUN server listens on (host:port); overrides MeshHost:Stun:Listen.",
        AllowMultipleArgumentsPerToken = true,
    };

    private static readonly Option<bool> NoStun = new("--no-stun") { Description = "Do not serve STUN." };

    private static readonly Option<bool> NoRelay = new("--no-relay") { Description = "Do not create relay lobbies (MeshHost:Relay:Lobbies = Off)." };

    private static readonly Option<string> Cluster = new("--cluster")
    {
        Description = "Run as a cluster node with sharded lobbies, cluster traffic on this TCP endpoint (host:port, port 0 = any); sets MeshHost:Cluster:Enabled, Hostname and Port.",
    };

    private static readonly Option<string[]> SeedNodes = new("--seed-node")
    {
        Description = "Cluster nodes to join (host:port or akka.tcp://meshhost@host:port); none = form a cluster. Overrides MeshHost:Cluster:SeedNodes.",
        AllowMultipleArgumentsPerToken = true,
    };

    public static Command Create()
    {
        var command = new Command("serve", "Run MeshHost's servers (default command). Any setting can also be given as --MeshHost:Section:Key=value.");
        AddOptions(command);
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(RunAsync);
        return command;
    }

    /// <summary>The options of serve, for a command that runs serve by default.</summary>
    public static void AddOptions(Command command)
    {
        command.Options.Add(SignalingListen);
        command.Options.Add(StunListen);
        command.Options.Add(NoStun);
        command.Options.Add(NoRelay);
        command.Options.Add(Cluster);
        command.Options.Add(SeedNodes);
    }

    /// <summary>Parses <paramref name="args"/> as the serve command's options and runs it (tests use this).</summary>
    public static Task<int> RunAsync(string[] args, CancellationToken cancellationToken) =>
        RunAsync(Create().Parse(args), cancellationToken);

    /// <summary>Parses <paramref name="args"/> as serve's options and builds the server; null (errors printed) when invalid.</summary>
    public static MeshHostServer? Build(string[] args, TextWriter errorOutput) => Build(Create().Parse(args), errorOutput);

    public static async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        await using var server = Build(result, Console.Error);
        if (server is null)
        {
            return 2;
        }
        await server.StartAsync(cancellationToken);
        server.PrintEndpoints(Console.Out);
        await server.WaitForShutdownAsync(cancellationToken);
        return 0;
    }

    private static MeshHostServer? Build(ParseResult result, TextWriter errorOutput)
    {
        var overrides = new Dictionary<string, string?>();
        if (result.GetValue(SignalingListen) is { } signaling)
        {
            overrides["MeshHost:Signaling:Listen"] = signaling;
        }
        var listen = result.GetValue(StunListen);
        if (listen is { Length: > 0 })
        {
            for (var i = 0; i < listen.Length; i++)
            {
                overrides[$"MeshHost:Stun:Listen:{i}"] = listen[i];
            }
        }
        if (result.GetValue(NoStun))
        {
            overrides["MeshHost:Stun:Enabled"] = "false";
        }
        if (result.GetValue(NoRelay))
        {
            overrides["MeshHost:Relay:Lobbies"] = nameof(Relay.RelayLobbyMode.Off);
        }
        var errors = new List<string>();
        if (result.GetValue(Cluster) is { } cluster)
        {
            // host:port, the host possibly a bracketed IPv6 address or a DNS name.
            var colon = cluster.LastIndexOf(':');
            if (colon <= 0 || colon == cluster.Length - 1 || (cluster[0] != '[' && cluster.IndexOf(':') != colon))
            {
                errors.Add($"--cluster '{cluster}' is not host:port, e.g. 127.0.0.1:4053, [::1]:4053 or node1.example.com:4053.");
            }
            else
            {
                overrides["MeshHost:Cluster:Enabled"] = "true";
                overrides["MeshHost:Cluster:Hostname"] = cluster[..colon].Trim('[', ']');
                overrides["MeshHost:Cluster:Port"] = cluster[(colon + 1)..];
            }
        }
        var seeds = result.GetValue(SeedNodes);
        if (seeds is { Length: > 0 })
        {
            for (var i = 0; i < seeds.Length; i++)
            {
                overrides[$"MeshHost:Cluster:SeedNodes:{i}"] = seeds[i];
            }
        }
        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                errorOutput.WriteLine($"MeshHost: {error}");
            }
            return null;
        }
        var server = MeshHostServer.Create(result.UnmatchedTokens.ToArray(), overrides, errors);
        foreach (var error in errors)
        {
            errorOutput.WriteLine($"MeshHost: {error}");
        }
        return server;
    }
}
