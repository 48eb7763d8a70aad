using Akka.Actor;
using Akka.Hosting;
using MeshActors.Hosting;
using MeshActors.Multiplayer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MeshHost.Tests.Hosting;

/// <summary>The library's Akka.Hosting integration on a real generic host.</summary>
public sealed class WebRtcMeshHostingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AddWebRtcMesh_binds_options_resolves_the_mesh_through_IRequiredActor_and_stops_cleanly()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MeshActors:Mesh:WireProfile"] = "SceneMultiplayer",
            ["MeshActors:Mesh:ConnectTimeout"] = "00:00:07",
            ["MeshActors:Mesh:MaxQueuedBytesPerChannel"] = "65536",
        });
        builder.Services.AddWebRtcMesh("hosting-test", builder.Configuration.GetSection(WebRtcMeshOptions.Section));
        using var host = builder.Build();
        using (var start = new CancellationTokenSource(Timeout))
        {
            await host.StartAsync(start.Token);
        }

        using var timeout = new CancellationTokenSource(Timeout);
        var meshActor = await host.Services.GetRequiredService<IRequiredActor<WebRtcMeshActor>>().GetAsync(timeout.Token);
        var system = host.Services.GetRequiredService<ActorSystem>();
        var identity = await meshActor.Ask<ActorIdentity>(new Identify(1), Timeout);
        Assert.Equal(meshActor, identity.Subject);

        Assert.Equal(TimeSpan.FromSeconds(7), host.Services.GetRequiredService<IOptions<WebRtcMeshOptions>>().Value.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(7), system.Settings.Config.GetTimeSpan("meshactors.peer.connect-timeout"));
        // Library defaults sit underneath: keys not overridden keep hocon/meshactors.conf's values.
        Assert.Equal(TimeSpan.FromSeconds(5), system.Settings.Config.GetTimeSpan("meshactors.peer.close-timeout"));

        var peer = host.Services.GetRequiredService<WebRtcMultiplayerPeer>();
        Assert.Same(WebRtcMesh.Get(system).Peer, peer);
        Assert.Equal(WireProfile.SceneMultiplayer, peer.Profile);
        Assert.Equal(MultiplayerError.Ok, peer.CreateServer());
        Assert.Equal(ConnectionStatus.Connected, peer.ConnectionStatus);

        // Graceful shutdown: the mesh's actor stops, then the system terminates.
        var watcher = system.ActorOf(Props.Create(() => new TerminationWatcher(meshActor)));
        var watched = await watcher.Ask<string>("ready", Timeout);
        Assert.Equal("watching", watched);
        await host.StopAsync(timeout.Token);
        await system.WhenTerminated.WaitAsync(Timeout);
        Assert.True(TerminationWatcher.SawTermination.Task.IsCompletedSuccessfully);
        Assert.Throws<ObjectDisposedException>(() => peer.HasPeer(2));
    }

    [Fact]
    public async Task Invalid_mesh_options_stop_the_host_at_start_with_a_message_naming_the_option()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["MeshActors:Mesh:ConnectTimeout"] = "-00:00:01" });
        builder.Services.AddWebRtcMesh("hosting-invalid", builder.Configuration.GetSection(WebRtcMeshOptions.Section));
        using var host = builder.Build();
        using var timeout = new CancellationTokenSource(Timeout);
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(timeout.Token));
        // Validation runs before any hosted service starts: no actor system was started, nothing to stop.
        Assert.Contains("MeshActors:Mesh:ConnectTimeout", error.Message);
    }

    [Fact]
    public void WithWebRtcMesh_refuses_invalid_options_with_the_reason()
    {
        var services = new ServiceCollection();
        var error = Assert.Throws<ArgumentException>(() =>
            services.AddAkka("direct", (builder, _) => builder.WithWebRtcMesh(o => o.StopTimeout = TimeSpan.Zero)).BuildServiceProvider().GetRequiredService<ActorSystem>());
        Assert.Contains("StopTimeout", error.Message);
    }

    [Fact]
    public async Task A_system_without_WithWebRtcMesh_says_how_to_add_it()
    {
        using var system = ActorSystem.Create("no-mesh");
        var error = Assert.Throws<InvalidOperationException>(() => WebRtcMesh.Get(system));
        Assert.Contains("WithWebRtcMesh", error.Message);
        await system.Terminate();
    }

    private sealed class TerminationWatcher : ReceiveActor
    {
        public static readonly TaskCompletionSource SawTermination = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TerminationWatcher(IActorRef target)
        {
            Context.Watch(target);
            Receive<string>(_ => Sender.Tell("watching"));
            Receive<Terminated>(t => t.ActorRef.Equals(target), _ => { SawTermination.TrySetResult(); });
        }
    }
}
