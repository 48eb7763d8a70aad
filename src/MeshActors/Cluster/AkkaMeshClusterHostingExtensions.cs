using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Akka.Hosting;
using MeshActors.Hosting;

namespace MeshActors.Cluster;

/// <summary>
/// Akka.Hosting integration of the cluster: <c>WithMeshCluster</c> turns the actor system into a cluster node
/// (<c>hocon/cluster.conf</c> defaults under <see cref="MeshClusterOptions"/>) and joins it; <c>WithLobbySharding</c>
/// starts the lobby shard region (home-node allocation, <see cref="LobbyMessageExtractor"/>) and registers it in the
/// <see cref="ActorRegistry"/>.
/// </summary>
public static class AkkaMeshClusterHostingExtensions
{
    /// <summary>Makes this actor system a cluster node with the defaults of <c>hocon/cluster.conf</c>.</summary>
    public static AkkaConfigurationBuilder WithMeshCluster(this AkkaConfigurationBuilder builder) =>
        builder.WithMeshCluster(new MeshClusterOptions());

    /// <summary>Makes this actor system a cluster node with options set by <paramref name="configure"/>.</summary>
    public static AkkaConfigurationBuilder WithMeshCluster(this AkkaConfigurationBuilder builder, Action<MeshClusterOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new MeshClusterOptions();
        configure(options);
        return builder.WithMeshCluster(options);
    }

    /// <summary>
    /// Makes this actor system a cluster node: <paramref name="options"/> (null properties keep the HOCON defaults)
    /// over <see cref="MeshClusterConfig.Defaults"/> over the rest of the configuration. Once the system has started,
    /// a node without seed nodes (<c>akka.cluster.seed-nodes</c>, from any source) joins itself and so forms a
    /// cluster; otherwise Akka joins the seeds (a seed naming another actor system is logged as an error: nodes of one
    /// cluster share their actor system's name).
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid; the message says which and why.</exception>
    public static AkkaConfigurationBuilder WithMeshCluster(this AkkaConfigurationBuilder builder, MeshClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        HoconLayers.Apply(builder, options.Validate(), options.ToHocon(), MeshClusterConfig.Defaults);
        return builder.AddStartup((system, _) =>
        {
            var cluster = Akka.Cluster.Cluster.Get(system);
            var seeds = system.Settings.Config.GetStringList("akka.cluster.seed-nodes", []);
            if (seeds.Count == 0)
            {
                cluster.Join(cluster.SelfAddress);
                return;
            }
            if (options.Validate(system.Name) is { } seedError)
            {
                // Akka would retry such a join forever without saying why.
                system.Log.Error("{0}", seedError);
            }
        });
    }

    /// <summary>
    /// Starts the lobby shard region <paramref name="typeName"/> (see <see cref="LobbyRegion.Start"/>) when the actor
    /// system starts and registers it as <typeparamref name="TKey"/>. <paramref name="entityProps"/> gets the system
    /// and registry and returns the props of the entity for a lobby name; <paramref name="handOffStopMessage"/> is what
    /// an entity receives when its node leaves the cluster (it must stop itself).
    /// </summary>
    public static AkkaConfigurationBuilder WithLobbySharding<TKey>(
        this AkkaConfigurationBuilder builder,
        string typeName,
        Func<ActorSystem, IActorRegistry, Func<string, Props>> entityProps,
        object handOffStopMessage)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(typeName);
        ArgumentNullException.ThrowIfNull(entityProps);
        ArgumentNullException.ThrowIfNull(handOffStopMessage);
        return builder.WithActors((system, registry) =>
            registry.Register<TKey>(LobbyRegion.Start(system, typeName, entityProps(system, registry), handOffStopMessage)));
    }
}
