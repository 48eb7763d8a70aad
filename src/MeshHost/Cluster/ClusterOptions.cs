using System.Globalization;
using System.Text;

namespace MeshHost.Cluster;

/// <summary>
/// Overrides of the cluster's HOCON defaults (<c>meshhost.cluster</c> in <c>hocon/meshhost.conf</c>), bound from
/// configuration section <c>MeshHost:Cluster</c>. A null property keeps the default.
/// </summary>
public sealed class ClusterOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "MeshHost:Cluster";

    /// <summary><c>enabled</c>: run as a cluster node with sharded lobbies.</summary>
    public bool? Enabled { get; set; }

    /// <summary><c>hostname</c>: the address this node binds for cluster traffic (and advertises unless <see cref="PublicHostname"/> is set).</summary>
    public string? Hostname { get; set; }

    /// <summary><c>public-hostname</c>: the address other nodes reach this one at, when it differs ("" = <see cref="Hostname"/>).</summary>
    public string? PublicHostname { get; set; }

    /// <summary><c>port</c>: TCP port for cluster traffic (0 = any free port).</summary>
    public int? Port { get; set; }

    /// <summary><c>seed-nodes</c>: nodes to join, as <c>host:port</c> or <c>akka.tcp://meshhost@host:port</c>.</summary>
    public string[]? SeedNodes { get; set; }

    /// <summary>The set properties as HOCON under <c>meshhost.cluster</c> ("" when none is set).</summary>
    public string ToHocon()
    {
        var hocon = new StringBuilder();
        if (Enabled is { } enabled)
        {
            hocon.Append(CultureInfo.InvariantCulture, $"{ClusterSettings.ConfigPath}.enabled = {(enabled ? "on" : "off")}\n");
        }
        if (Hostname is { } hostname)
        {
            hocon.Append(ClusterSettings.ConfigPath).Append(".hostname = ").Append(Quote(hostname)).Append('\n');
        }
        if (PublicHostname is { } publicHostname)
        {
            hocon.Append(ClusterSettings.ConfigPath).Append(".public-hostname = ").Append(Quote(publicHostname)).Append('\n');
        }
        if (Port is { } port)
        {
            hocon.Append(CultureInfo.InvariantCulture, $"{ClusterSettings.ConfigPath}.port = {port}\n");
        }
        if (SeedNodes is { } seeds)
        {
            hocon.Append(ClusterSettings.ConfigPath).Append(".seed-nodes = [").AppendJoin(", ", seeds.Select(Quote)).Append("]\n");
        }
        return hocon.ToString();
    }

    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
