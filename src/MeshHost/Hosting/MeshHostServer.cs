using Akka;
using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using MeshActors.Cluster;
using MeshActors.Signaling;
using MeshActors.WebRtc.Ice;
using MeshActors.WebRtc.Net;
using MeshHost.Cluster;
using MeshHost.Relay;
using MeshHost.Signaling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MeshHost.Hosting;

/// <summary>
/// MeshHost's servers on one <see cref="WebApplication"/>: the WebSocket signaling server (Kestrel), <c>/healthz</c>,
/// STUN (a hosted service) and the actor system (Akka.Hosting), configured from the embedded HOCON defaults
/// overridden by appsettings.json, environment variables and command-line values.
/// </summary>
internal sealed class MeshHostServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MeshHostServer(WebApplication app, SignalingSettings signaling, Config config)
    {
        _app = app;
        Signaling = signaling;
        Config = config;
    }

    /// <summary>The effective signaling settings.</summary>
    public SignalingSettings Signaling { get; }

    /// <summary>The effective HOCON given to the actor system.</summary>
    public Config Config { get; }

    /// <summary>The host's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Completes when the host has stopped.</summary>
    public IHostApplicationLifetime Lifetime => _app.Lifetime;

    /// <summary>The HTTP base address actually bound (after <see cref="StartAsync"/>), e.g. http://127.0.0.1:9080.</summary>
    public Uri HttpUri
    {
        get
        {
            var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
            var first = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("The server is not started.");
            return new Uri(first);
        }
    }

    /// <summary>The signaling WebSocket address actually bound, e.g. ws://127.0.0.1:9080/.</summary>
    public Uri SignalingUri => new UriBuilder(HttpUri) { Scheme = "ws", Path = Signaling.Path }.Uri;

    /// <summary>
    /// Builds the server. <paramref name="hostArgs"/> go to the host's command-line configuration provider
    /// (<c>--MeshHost:Signaling:JoinTimeout=00:00:02</c>); <paramref name="overrides"/> win over everything.
    /// Returns null and fills <paramref name="errors"/> when the configuration is invalid.
    /// </summary>
    public static MeshHostServer? Create(string[] hostArgs, IReadOnlyDictionary<string, string?> overrides, List<string> errors)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = hostArgs,
            // The executable's folder, so appsettings.json and wwwroot are found from any working directory.
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(overrides);

        // HOCON defaults (hocon/meshhost.conf) under the options bound from appsettings, environment and command line.
        var stunOptions = Bind<StunOptions>(builder.Configuration, StunOptions.Section, errors) ?? new StunOptions();
        var signalingOptions = Bind<SignalingOptions>(builder.Configuration, SignalingOptions.Section, errors) ?? new SignalingOptions();
        var relayOptions = Bind<RelayOptions>(builder.Configuration, RelayOptions.Section, errors) ?? new RelayOptions();
        var clusterOptions = Bind<ClusterOptions>(builder.Configuration, ClusterOptions.Section, errors) ?? new ClusterOptions();
        Config config;
        try
        {
            config = ConfigurationFactory.ParseString(stunOptions.ToHocon() + signalingOptions.ToHocon() + relayOptions.ToHocon() + clusterOptions.ToHocon())
                .WithFallback(MeshHostHocon.Defaults);
        }
        catch (Exception e) when (e is ConfigurationException or FormatException)
        {
            errors.Add($"{SignalingOptions.Section} / {StunOptions.Section} / {RelayOptions.Section} / {ClusterOptions.Section}: {e.Message}");
            return null;
        }
        var stun = StunSettings.Create(config, errors);
        var signaling = SignalingSettings.Create(config, errors);
        var relay = RelaySettings.Create(config, errors);
        var cluster = ClusterSettings.Create(config, errors);
        if (cluster is { Enabled: true } && signaling is not null)
        {
            cluster.CheckMessageSize(signaling, errors);
        }
        if (stun is null || signaling is null || relay is null || cluster is null || errors.Count > 0)
        {
            return null;
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(signaling.EndPoint));
        builder.Services.AddSingleton(stun);
        builder.Services.AddHostedService<StunService>();
        builder.Services.AddSingleton(signaling);
        builder.Services.AddSingleton(relay);
        builder.Services.AddSingleton<RelayPort>();
        builder.Services.AddSingleton(cluster);
        builder.Services.AddSingleton(sp => new RelayMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        builder.Services.AddSingleton(sp => new SignalingMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        builder.Services.AddSingleton<SignalingConnections>();
        builder.Services.AddSingleton<SignalingServer>();
        builder.Services.AddAkka(ClusterSettings.ActorSystemName, (akka, services) =>
        {
            akka.AddHocon(config, HoconAddMode.Prepend);
            akka.ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            });
            if (cluster.Enabled)
            {
                // Lobbies become entities of the "lobby" shard region; each lives on one node, created there by the
                // manager of that node (which the entity reaches through the registry once it starts).
                var metrics = services.GetRequiredService<SignalingMetrics>();
                akka.WithMeshCluster(cluster.ToMeshClusterOptions())
                    .WithLobbySharding<LobbyActor>(
                        LobbyActor.ShardTypeName,
                        (_, registry) => name => LobbyActor.EntityProps(name, signaling, metrics, registry.Get<LobbyManagerActor>()),
                        LobbyActor.HandOff.Instance);
            }
            akka.WithActors((system, registry) =>
            {
                var metrics = services.GetRequiredService<SignalingMetrics>();
                IActorRef? relays = null;
                if (relay.Enabled)
                {
                    // A relay host signals through this very server, over loopback, like any other client.
                    var server = services.GetRequiredService<IServer>();
                    // Single-port mode: bound now, so a port in use fails the start instead of the first relay lobby.
                    var port = relay.UdpEndPoint is { } udp ? IceUdpMux.Bind(UdpNetwork.Instance, udp) : null;
                    services.GetRequiredService<RelayPort>().Mux = port;
                    relays = system.ActorOf(
                        RelayLobbiesActor.Props(() => LoopbackSignalingUri(server, signaling), relay, services.GetRequiredService<RelayMetrics>(), port), "relay");
                    registry.Register<RelayLobbiesActor>(relays);
                }
                var lobbies = cluster.Enabled ? new LobbyRegion(system, registry.Get<LobbyActor>()) : null;
                registry.Register<LobbyManagerActor>(system.ActorOf(
                    LobbyManagerActor.Props(signaling, metrics, relays, relay.Enabled ? relay : null, lobbies), "signaling"));
            });
            akka.AddStartup((system, _) =>
            {
                // Akka-initiated shutdown closes every connection (1001) and waits for the closing handshakes,
                // so members leave their lobbies cleanly before the actors stop.
                var connections = services.GetRequiredService<SignalingConnections>();
                CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceUnbind, "close-signaling-connections", async () =>
                {
                    connections.CloseAll(SignalingCloseCodes.GoingAway, SignalingCloseCodes.ServerShuttingDown);
                    await connections.WhenAllClosed.WaitAsync(signaling.CloseTimeout + TimeSpan.FromSeconds(1)).ConfigureAwait(false);
                    return Done.Instance;
                });
            });
        });

        var app = builder.Build();
        var connections = app.Services.GetRequiredService<SignalingConnections>();
        // Host-initiated shutdown: close the WebSockets first so Kestrel is not left waiting on open requests.
        app.Lifetime.ApplicationStopping.Register(() => connections.CloseAll(SignalingCloseCodes.GoingAway, SignalingCloseCodes.ServerShuttingDown));
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = signaling.KeepAliveInterval });
        app.MapGet(HealthEndpoint.Path, HealthEndpoint.Handle);
        app.MapGet(signaling.Path, (HttpContext context, SignalingServer server) => server.HandleAsync(context));
        return new MeshHostServer(app, signaling, config);
    }

    /// <summary>The signaling endpoint as this process reaches it: the bound address, or loopback for a wildcard.</summary>
    private static Uri LoopbackSignalingUri(IServer server, SignalingSettings signaling)
    {
        var bound = new Uri(server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The HTTP server is not listening yet."));
        var host = bound.Host switch
        {
            "0.0.0.0" or "*" or "+" => "127.0.0.1",
            "[::]" => "[::1]",
            _ => bound.Host,
        };
        return new UriBuilder("ws", host, bound.Port, signaling.Path).Uri;
    }

    private static T? Bind<T>(IConfiguration configuration, string section, List<string> errors)
        where T : class
    {
        try
        {
            return configuration.GetSection(section).Get<T>();
        }
        catch (InvalidOperationException e)
        {
            errors.Add($"{section}: {e.Message}{(e.InnerException is { } inner ? " " + inner.Message : string.Empty)}");
            return null;
        }
    }

    /// <summary>Starts every server; afterwards <see cref="SignalingUri"/> is known.</summary>
    public Task StartAsync(CancellationToken cancellationToken) => _app.StartAsync(cancellationToken);

    /// <summary>Stops gracefully: closes connections (1001), stops STUN and the actor system.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    /// <summary>Completes when the host shuts down (Ctrl+C, SIGTERM, or <paramref name="cancellationToken"/>).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    /// <summary>Logs and prints where MeshHost listens.</summary>
    public void PrintEndpoints(TextWriter output)
    {
        var logger = _app.Services.GetRequiredService<ILogger<MeshHostServer>>();
        logger.LogInformation("Signaling listening on {Uri}", SignalingUri);
        output.WriteLine($"MeshHost: signaling listening on {SignalingUri} (health: {new Uri(HttpUri, HealthEndpoint.Path)}, demo page: {HttpUri})");
        var relay = _app.Services.GetRequiredService<RelaySettings>();
        output.WriteLine(relay.Lobbies switch
        {
            RelayLobbyMode.Prefix => $"MeshHost: relay lobbies: names starting with \"{relay.Prefix}\" (JOIN \"{relay.Prefix}mygame\" joins or creates one hosted and relayed by MeshHost as peer 1; JOIN \"{relay.Prefix}\" creates one with a generated name)",
            RelayLobbyMode.All => "MeshHost: relay lobbies: all (every new lobby is hosted and relayed by MeshHost as peer 1)",
            _ => "MeshHost: relay lobbies off",
        });
        if (relay.Enabled && _app.Services.GetRequiredService<RelayPort>().Mux is { } mux)
        {
            output.WriteLine($"MeshHost: relay connections share UDP {mux.LocalEndPoint} (single-port mode)");
        }
        var cluster = _app.Services.GetRequiredService<ClusterSettings>();
        if (ClusterAddress is { } address)
        {
            output.WriteLine(cluster.SeedNodes.Count == 0
                ? $"MeshHost: cluster node {address} (lobbies created here start with {HomeNode.TokenOf(address)}), forming a cluster others join with --seed-node {address.Host}:{address.Port}"
                : $"MeshHost: cluster node {address} (lobbies created here start with {HomeNode.TokenOf(address)}), joining {string.Join(", ", cluster.SeedNodes)}");
        }
    }

    /// <summary>This node's cluster address (after <see cref="StartAsync"/>), or null when clustering is off.</summary>
    public Address? ClusterAddress => _app.Services.GetRequiredService<ClusterSettings>().Enabled
        ? Akka.Cluster.Cluster.Get(_app.Services.GetRequiredService<ActorSystem>()).SelfAddress
        : null;
}
