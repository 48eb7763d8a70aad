using System.Globalization;
using Akka.Configuration;
using MeshActors.Cluster;
using MeshHost.Signaling;

namespace MeshHost.Cluster;

/// <summary>
/// The cluster's effective settings (HOCON <c>meshhost.cluster</c>, overridden by <c>MeshHost:Cluster</c>). When
/// enabled, MeshHost is a node of an Akka.NET cluster whose lobbies are sharded entities (see
/// <see cref="MeshActors.Cluster"/>): lobbies created through a node live on it; WebSockets stay on the node that
/// accepted them and talk to their lobby wherever it lives.
/// </summary>
/// <param name="Enabled">Run as a cluster node.</param>
/// <param name="Hostname">The address bound for cluster traffic.</param>
/// <param name="PublicHostname">The address advertised to other nodes, or null to advertise <paramref name="Hostname"/>.</param>
/// <param name="Port">TCP port of cluster traffic (0 = any free port).</param>
/// <param name="SeedNodes">Full addresses of the nodes to join (<c>akka.tcp://meshhost@host:port</c>); empty = form a cluster.</param>
public sealed record ClusterSettings(bool Enabled, string Hostname, string? PublicHostname, int Port, IReadOnlyList<string> SeedNodes)
{
    /// <summary>The HOCON path of the settings.</summary>
    public const string ConfigPath = "meshhost.cluster";

    /// <summary>The actor system's name, which every node of a MeshHost cluster shares (it is part of node addresses).</summary>
    public const string ActorSystemName = "meshhost";

    /// <summary>Reads and validates <c>meshhost.cluster</c>; null with messages in <paramref name="errors"/> when invalid.</summary>
    public static ClusterSettings? Create(Config config, List<string> errors)
    {
        var section = config.GetConfig(ConfigPath);
        if (section is null || section.IsEmpty)
        {
            errors.Add($"HOCON section '{ConfigPath}' is missing (hocon/meshhost.conf is embedded in MeshHost).");
            return null;
        }
        ClusterSettings settings;
        try
        {
            var publicHostname = section.GetString("public-hostname") ?? string.Empty;
            settings = new ClusterSettings(
                section.GetBoolean("enabled"),
                section.GetString("hostname") ?? string.Empty,
                publicHostname.Length == 0 ? null : publicHostname,
                section.GetInt("port"),
                section.GetStringList("seed-nodes", []).Select(Normalize).ToArray());
        }
        catch (Exception e) when (e is FormatException or ConfigurationException or InvalidCastException or ArgumentException or OverflowException)
        {
            errors.Add($"{ConfigPath} cannot be read: {e.Message}");
            return null;
        }
        if (!settings.Enabled)
        {
            // Nothing else is used; a single node keeps the local actor provider whatever the other keys say.
            return settings;
        }
        if (settings.ToMeshClusterOptions().Validate(ActorSystemName) is { } error)
        {
            errors.Add(Describe(error));
            return null;
        }
        return settings;
    }

    /// <summary>
    /// A message a client may send is relayed to members on other nodes in one remoting frame: refuses
    /// <see cref="SignalingSettings.MaxMessageBytes"/> that would not fit <c>akka.remote.dot-netty.tcp.maximum-frame-size</c>.
    /// </summary>
    public void CheckMessageSize(SignalingSettings signaling, List<string> errors)
    {
        // Room for the envelope around the data: manifest, ids, the recipient's actor path.
        const int Overhead = 2048;
        var frame = MeshClusterConfig.Defaults.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size") ?? 0;
        if (signaling.MaxMessageBytes + Overhead > frame)
        {
            errors.Add($"{SignalingSettings.ConfigPath}.max-message-bytes (MeshHost:Signaling:MaxMessageBytes) = {signaling.MaxMessageBytes} is too large for a cluster: messages cross nodes in remoting frames of at most {frame} bytes; use at most {frame - Overhead}.");
        }
    }

    /// <summary>The options of <see cref="AkkaMeshClusterHostingExtensions.WithMeshCluster(Akka.Hosting.AkkaConfigurationBuilder, MeshClusterOptions)"/>.</summary>
    public MeshClusterOptions ToMeshClusterOptions() => new()
    {
        Hostname = Hostname,
        PublicHostname = PublicHostname,
        Port = Port,
        SeedNodes = [.. SeedNodes],
    };

    /// <summary><c>host:port</c> (IPv6 as <c>[::1]:4053</c>) becomes <c>akka.tcp://meshhost@host:port</c>; full addresses stay.</summary>
    private static string Normalize(string seed)
    {
        seed = seed.Trim();
        if (seed.Contains("://", StringComparison.Ordinal))
        {
            return seed;
        }
        var colon = seed.LastIndexOf(':');
        var valid = colon > 0 && int.TryParse(seed.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _)
            && (seed[0] != '[' || seed[colon - 1] == ']') && (seed[0] == '[' || seed.IndexOf(':') == colon);
        // Anything else stays as given and is reported by validation with an example.
        return valid ? $"akka.tcp://{ActorSystemName}@{seed}" : seed;
    }

    /// <summary>The library's messages name its own configuration section; point at MeshHost's keys instead.</summary>
    private static string Describe(string error) =>
        error.Replace(MeshClusterOptions.Section + ":Hostname", $"{ConfigPath}.hostname (MeshHost:Cluster:Hostname, --cluster)", StringComparison.Ordinal)
            .Replace(MeshClusterOptions.Section + ":PublicHostname", $"{ConfigPath}.public-hostname (MeshHost:Cluster:PublicHostname)", StringComparison.Ordinal)
            .Replace(MeshClusterOptions.Section + ":Port", $"{ConfigPath}.port (MeshHost:Cluster:Port, --cluster)", StringComparison.Ordinal)
            .Replace(MeshClusterOptions.Section + ":SeedNodes", $"{ConfigPath}.seed-nodes (MeshHost:Cluster:SeedNodes, --seed-node; host:port or akka.tcp://{ActorSystemName}@host:port)", StringComparison.Ordinal);
}
