using System.Globalization;
using System.Text;
using Akka.Actor;

namespace MeshActors.Cluster;

/// <summary>
/// Where this node listens and which cluster it joins (<see cref="AkkaMeshClusterHostingExtensions.WithMeshCluster(Akka.Hosting.AkkaConfigurationBuilder, MeshClusterOptions)"/>),
/// bindable from configuration section <see cref="Section"/>. Null properties keep the HOCON defaults of
/// <c>hocon/cluster.conf</c> (127.0.0.1, a free port, no seed nodes: a cluster of its own).
/// </summary>
public sealed class MeshClusterOptions
{
    /// <summary>The configuration section these options are usually bound from.</summary>
    public const string Section = "MeshActors:Cluster";

    /// <summary><c>akka.remote.dot-netty.tcp.hostname</c>: the address the node binds (and advertises, unless <see cref="PublicHostname"/> is set).</summary>
    public string? Hostname { get; set; }

    /// <summary><c>akka.remote.dot-netty.tcp.public-hostname</c>: the address other nodes use when it differs from the bound one (0.0.0.0, NAT, containers).</summary>
    public string? PublicHostname { get; set; }

    /// <summary><c>akka.remote.dot-netty.tcp.port</c>: TCP port of the node (0 = any free port).</summary>
    public int? Port { get; set; }

    /// <summary>
    /// <c>akka.cluster.seed-nodes</c>: addresses of nodes to join, e.g. <c>akka.tcp://meshhost@10.0.0.1:4053</c>. Empty
    /// (or null with the default) forms a cluster of this node alone that others can join.
    /// </summary>
    public string[]? SeedNodes { get; set; }

    /// <summary>
    /// Null when valid, otherwise a message that says what to fix. With <paramref name="actorSystemName"/>, seed nodes
    /// must name that actor system (nodes of one cluster share their actor system's name).
    /// </summary>
    public string? Validate(string? actorSystemName = null)
    {
        if (Hostname is { } host && string.IsNullOrWhiteSpace(host))
        {
            return $"{Section}:{nameof(Hostname)} is empty; give the address this node binds, e.g. 127.0.0.1 or 0.0.0.0.";
        }
        if (PublicHostname is { } publicHost && string.IsNullOrWhiteSpace(publicHost))
        {
            return $"{Section}:{nameof(PublicHostname)} is empty; leave it unset to advertise {nameof(Hostname)}.";
        }
        if (Port is < 0 or > 65535)
        {
            return $"{Section}:{nameof(Port)} = {Port} is not a TCP port (0 = any free port, otherwise 1-65535).";
        }
        foreach (var seed in SeedNodes ?? [])
        {
            if (SeedNodeError(seed, actorSystemName) is { } error)
            {
                return error;
            }
        }
        return null;
    }

    private static string? SeedNodeError(string? seed, string? actorSystemName)
    {
        var example = $"akka.tcp://{actorSystemName ?? "system"}@10.0.0.1:4053";
        Address address;
        try
        {
            address = Address.Parse(seed ?? string.Empty);
        }
        catch (Exception e) when (e is UriFormatException or ArgumentException or FormatException)
        {
            return $"{Section}:{nameof(SeedNodes)}: '{seed}' is not an actor system address such as {example}.";
        }
        if (!string.Equals(address.Protocol, "akka.tcp", StringComparison.Ordinal) || address.Host is null || address.Port is null or <= 0)
        {
            return $"{Section}:{nameof(SeedNodes)}: '{seed}' needs the akka.tcp protocol, a host and a port, e.g. {example}.";
        }
        if (actorSystemName is not null && !string.Equals(address.System, actorSystemName, StringComparison.Ordinal))
        {
            return $"{Section}:{nameof(SeedNodes)}: '{seed}' names actor system '{address.System}', but this node's is '{actorSystemName}' (e.g. {example}).";
        }
        return null;
    }

    /// <summary>The set properties as HOCON ("" when none is set).</summary>
    public string ToHocon()
    {
        var hocon = new StringBuilder();
        if (Hostname is { } host)
        {
            hocon.Append("akka.remote.dot-netty.tcp.hostname = ").Append(Quote(host)).Append('\n');
        }
        if (PublicHostname is { } publicHost)
        {
            hocon.Append("akka.remote.dot-netty.tcp.public-hostname = ").Append(Quote(publicHost)).Append('\n');
        }
        if (Port is { } port)
        {
            hocon.Append(CultureInfo.InvariantCulture, $"akka.remote.dot-netty.tcp.port = {port}\n");
        }
        if (SeedNodes is { } seeds)
        {
            hocon.Append("akka.cluster.seed-nodes = [").AppendJoin(", ", seeds.Select(Quote)).Append("]\n");
        }
        return hocon.ToString();
    }

    private static string Quote(string value)
    {
        var quoted = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            if (c is '"' or '\\')
            {
                quoted.Append('\\');
            }
            quoted.Append(c);
        }
        return quoted.Append('"').ToString();
    }
}
