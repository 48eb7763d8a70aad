using Akka;
using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using MeshActors.Multiplayer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MeshActors.Hosting;

/// <summary>
/// Akka.Hosting integration of MeshActors: <c>WithWebRtcMesh</c> on an <see cref="AkkaConfigurationBuilder"/> adds the
/// library's HOCON defaults, creates the hosted <see cref="WebRtcMesh"/> when the actor system starts, registers its
/// actor as <see cref="WebRtcMeshActor"/> in the <see cref="ActorRegistry"/> (so <c>IRequiredActor&lt;WebRtcMeshActor&gt;</c>
/// resolves it), and disposes it in coordinated shutdown. <c>AddWebRtcMesh</c> does the same from an
/// <see cref="IServiceCollection"/>, with options bound from configuration and validated at start.
/// </summary>
public static class AkkaWebRtcMeshHostingExtensions
{
    /// <summary>Adds the hosted mesh with the HOCON defaults and the <see cref="WireProfile.Raw"/> profile.</summary>
    public static AkkaConfigurationBuilder WithWebRtcMesh(this AkkaConfigurationBuilder builder) =>
        builder.WithWebRtcMesh(new WebRtcMeshOptions());

    /// <summary>Adds the hosted mesh with the given wire profile.</summary>
    public static AkkaConfigurationBuilder WithWebRtcMesh(this AkkaConfigurationBuilder builder, WireProfile wireProfile) =>
        builder.WithWebRtcMesh(new WebRtcMeshOptions { WireProfile = wireProfile });

    /// <summary>Adds the hosted mesh with options set by <paramref name="configure"/>.</summary>
    public static AkkaConfigurationBuilder WithWebRtcMesh(this AkkaConfigurationBuilder builder, Action<WebRtcMeshOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new WebRtcMeshOptions();
        configure(options);
        return builder.WithWebRtcMesh(options);
    }

    /// <summary>Adds the hosted mesh with <paramref name="options"/> (null properties keep the HOCON defaults).</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message says which and why.</exception>
    public static AkkaConfigurationBuilder WithWebRtcMesh(this AkkaConfigurationBuilder builder, WebRtcMeshOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        HoconLayers.Apply(builder, options.Validate(), options.ToHocon(), MeshActorsConfig.Defaults);
        return builder.WithActors((system, registry) =>
        {
            var mesh = (WebRtcMesh)system.RegisterExtension(new WebRtcMeshProvider(options));
            registry.Register<WebRtcMeshActor>(mesh.Peer.MeshActorRef);
            // Before the actors stop: closes every peer connection and waits for the mesh's actors.
            CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceStop, "stop-webrtc-mesh", async () =>
            {
                await mesh.Peer.DisposeAsync().ConfigureAwait(false);
                mesh.Dispose();
                return Done.Instance;
            });
        });
    }

    /// <summary>
    /// Adds an actor system named <paramref name="actorSystemName"/> with the hosted mesh: options are bound from
    /// <paramref name="configuration"/> (e.g. section <see cref="WebRtcMeshOptions.Section"/>), then
    /// <paramref name="configure"/> runs; they are validated when the host starts. <see cref="WebRtcMultiplayerPeer"/>
    /// and <see cref="WebRtcMesh"/> become resolvable services (after the actor system started).
    /// <paramref name="configureAkka"/> configures the rest of the actor system.
    /// </summary>
    public static IServiceCollection AddWebRtcMesh(
        this IServiceCollection services,
        string actorSystemName,
        IConfiguration? configuration = null,
        Action<WebRtcMeshOptions>? configure = null,
        Action<AkkaConfigurationBuilder, IServiceProvider>? configureAkka = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(actorSystemName);
        var optionsBuilder = services.AddOptions<WebRtcMeshOptions>();
        if (configuration is not null)
        {
            optionsBuilder.Bind(configuration);
        }
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }
        optionsBuilder.Validate(o => o.Validate() is null, "invalid WebRtcMesh options").ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebRtcMeshOptions>, WebRtcMeshOptionsValidation>();
        services.AddSingleton(sp => WebRtcMesh.Get(sp.GetRequiredService<ActorSystem>()));
        services.AddSingleton(sp => sp.GetRequiredService<WebRtcMesh>().Peer);
        services.AddAkka(actorSystemName, (builder, provider) =>
        {
            configureAkka?.Invoke(builder, provider);
            builder.WithWebRtcMesh(provider.GetRequiredService<IOptions<WebRtcMeshOptions>>().Value);
        });
        return services;
    }

    /// <summary>Reports the option error's own message (the generic Validate message says nothing useful).</summary>
    private sealed class WebRtcMeshOptionsValidation : IValidateOptions<WebRtcMeshOptions>
    {
        public ValidateOptionsResult Validate(string? name, WebRtcMeshOptions options) =>
            options.Validate() is { } error ? ValidateOptionsResult.Fail(error) : ValidateOptionsResult.Success;
    }
}
