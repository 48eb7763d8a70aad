using Akka.Configuration;

namespace MeshActors.Cluster;

/// <summary>The cluster defaults (<c>hocon/cluster.conf</c>, embedded in the assembly).</summary>
public static class MeshClusterConfig
{
    private const string ResourceName = "MeshActors.cluster.conf";

    private static readonly Lazy<Config> s_defaults = new(Load);

    /// <summary>
    /// Cluster provider, remoting on 127.0.0.1 with a free port, no seed nodes, keep-majority split brain resolver,
    /// sharding with Distributed Data, no passivation, no remembered entities, and the serializer of
    /// <see cref="LobbyEnvelope"/>. Use as a fallback under your own configuration.
    /// </summary>
    public static Config Defaults => s_defaults.Value;

    private static Config Load()
    {
        using var stream = typeof(MeshClusterConfig).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from {typeof(MeshClusterConfig).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}
