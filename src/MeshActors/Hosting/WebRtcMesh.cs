using System.Diagnostics.Metrics;
using Akka.Actor;
using MeshActors.Multiplayer;

namespace MeshActors.Hosting;

/// <summary>
/// The hosted mesh of an actor system: one <see cref="WebRtcMultiplayerPeer"/> on the host's <see cref="ActorSystem"/>,
/// created by <see cref="AkkaWebRtcMeshHostingExtensions.WithWebRtcMesh(Akka.Hosting.AkkaConfigurationBuilder, WebRtcMeshOptions)"/>
/// and disposed by the system's coordinated shutdown. Also publishes the relay's counters as metrics
/// (meter <see cref="MeterName"/>).
/// </summary>
public sealed class WebRtcMesh : IExtension, IDisposable
{
    /// <summary>The meter of the hosted mesh's instruments.</summary>
    public const string MeterName = "MeshActors.Mesh";

    private readonly Meter _meter;

    internal WebRtcMesh(ActorSystem system, WebRtcMeshOptions options)
    {
        Peer = new WebRtcMultiplayerPeer(system, new WebRtcMultiplayerPeerOptions
        {
            WireProfile = options.WireProfile ?? WireProfile.Raw,
            ConnectTimeout = options.ConnectTimeout,
            MaxQueuedBytesPerChannel = options.MaxQueuedBytesPerChannel,
        });
        _meter = new Meter(MeterName);
        _meter.CreateObservableCounter("meshactors.relay.packets.relayed", () => Peer.RelayStatistics.RelayedPackets, "{packet}",
            "SceneMultiplayer packets the server relayed (one per destination).");
        _meter.CreateObservableCounter("meshactors.relay.packets.dropped", () => Peer.RelayStatistics.DroppedPackets, "{packet}",
            "SceneMultiplayer relay packets dropped (unknown destination or malformed).");
    }

    /// <summary>The hosted peer. Like Godot's, it is driven by one caller at a time (e.g. a game-loop service).</summary>
    public WebRtcMultiplayerPeer Peer { get; }

    /// <summary>The hosted mesh of <paramref name="system"/>; throws when <c>WithWebRtcMesh</c> did not set one up.</summary>
    public static WebRtcMesh Get(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return system.GetExtension<WebRtcMesh>()
            ?? throw new InvalidOperationException(
                $"Actor system '{system.Name}' has no hosted mesh: call AkkaConfigurationBuilder.WithWebRtcMesh(...) (or services.AddWebRtcMesh(...)) when configuring Akka.Hosting.");
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}

/// <summary>Creates the <see cref="WebRtcMesh"/> extension with the options given to <c>WithWebRtcMesh</c>.</summary>
internal sealed class WebRtcMeshProvider(WebRtcMeshOptions options) : ExtensionIdProvider<WebRtcMesh>
{
    public override WebRtcMesh CreateExtension(ExtendedActorSystem system) => new(system, options);
}
