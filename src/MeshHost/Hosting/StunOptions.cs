using System.Globalization;
using System.Net;
using System.Text;
using Akka.Configuration;

namespace MeshHost.Hosting;

/// <summary>
/// Overrides of the STUN server's HOCON defaults (<c>meshhost.stun</c> in <c>hocon/meshhost.conf</c>), bound from
/// configuration section <c>MeshHost:Stun</c>. A null property keeps the default.
/// </summary>
public sealed class StunOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "MeshHost:Stun";

    /// <summary><c>enabled</c>: serve STUN at all.</summary>
    public bool? Enabled { get; set; }

    /// <summary><c>listen</c>: UDP endpoints as <c>address:port</c> (IPv6 as <c>[::1]:3478</c>).</summary>
    public string[]? Listen { get; set; }

    /// <summary>The set properties as HOCON under <c>meshhost.stun</c> ("" when none is set).</summary>
    public string ToHocon()
    {
        var hocon = new StringBuilder();
        if (Enabled is { } enabled)
        {
            hocon.Append(CultureInfo.InvariantCulture, $"{StunSettings.ConfigPath}.enabled = {(enabled ? "on" : "off")}\n");
        }
        if (Listen is { } listen)
        {
            hocon.Append(StunSettings.ConfigPath).Append(".listen = [");
            for (var i = 0; i < listen.Length; i++)
            {
                hocon.Append(i == 0 ? "\"" : ", \"").Append(listen[i].Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
            }
            hocon.Append("]\n");
        }
        return hocon.ToString();
    }
}

/// <summary>The STUN server's effective settings (HOCON <c>meshhost.stun</c>).</summary>
/// <param name="Enabled">Serve STUN at all.</param>
/// <param name="EndPoints">UDP endpoints to listen on.</param>
public sealed record StunSettings(bool Enabled, IReadOnlyList<IPEndPoint> EndPoints)
{
    /// <summary>The HOCON path of the settings.</summary>
    public const string ConfigPath = "meshhost.stun";

    /// <summary>Reads and validates <c>meshhost.stun</c>; null with messages in <paramref name="errors"/> when invalid.</summary>
    public static StunSettings? Create(Config config, List<string> errors)
    {
        var section = config.GetConfig(ConfigPath);
        if (section is null || section.IsEmpty || !section.HasPath("enabled") || !section.HasPath("listen"))
        {
            errors.Add($"HOCON section '{ConfigPath}' with 'enabled' and 'listen' is missing (hocon/meshhost.conf is embedded in MeshHost).");
            return null;
        }
        bool enabled;
        IList<string> listen;
        try
        {
            enabled = section.GetBoolean("enabled");
            listen = section.GetStringList("listen");
        }
        catch (Exception e) when (e is FormatException or ConfigurationException or InvalidCastException or ArgumentException)
        {
            errors.Add($"{ConfigPath} cannot be read: {e.Message}");
            return null;
        }
        var endPoints = new List<IPEndPoint>();
        foreach (var entry in listen)
        {
            if (!IPEndPoint.TryParse(entry, out var endPoint) || endPoint.Port == 0 || entry.IndexOf(':') < 0)
            {
                errors.Add($"{ConfigPath}.listen (MeshHost:Stun:Listen, --stun) entry '{entry}' is not an address:port with a non-zero port (e.g. 127.0.0.1:3478).");
                continue;
            }
            endPoints.Add(endPoint);
        }
        return errors.Count == 0 ? new StunSettings(enabled, endPoints) : null;
    }
}
