using System.Globalization;
using System.Text;

namespace MeshHost.Relay;

/// <summary>
/// Overrides of the relay's HOCON defaults (<c>meshhost.relay</c>), bound from configuration section
/// <c>MeshHost:Relay</c>. A null property keeps the default.
/// </summary>
public sealed class RelayOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "MeshHost:Relay";

    /// <summary><c>lobbies</c>: which lobbies are relay lobbies (Off, Prefix, All).</summary>
    public RelayLobbyMode? Lobbies { get; set; }

    /// <summary><c>prefix</c>: names starting with it are relay lobbies (in <see cref="RelayLobbyMode.Prefix"/> mode).</summary>
    public string? Prefix { get; set; }

    /// <summary><c>max-lobbies</c>.</summary>
    public int? MaxLobbies { get; set; }

    /// <summary><c>poll-interval</c>.</summary>
    public TimeSpan? PollInterval { get; set; }

    /// <summary><c>idle-timeout</c>.</summary>
    public TimeSpan? IdleTimeout { get; set; }

    /// <summary><c>udp-listen</c>: address:port of the UDP socket all relay connections share ("" = a socket per connection).</summary>
    public string? UdpListen { get; set; }

    /// <summary><c>public-addresses</c>: addresses a one-to-one NAT maps this machine to, advertised by relay connections.</summary>
    public string[]? PublicAddresses { get; set; }

    /// <summary>The set properties as HOCON ("" when none is set).</summary>
    public string ToHocon()
    {
        var hocon = new StringBuilder();
        if (Lobbies is { } mode)
        {
            // Quoted: HOCON would otherwise read off as a boolean.
            hocon.Append(RelaySettings.ConfigPath).Append(".lobbies = \"").Append(mode.ToString().ToLowerInvariant()).Append("\"\n");
        }
        if (Prefix is { } prefix)
        {
            hocon.Append(RelaySettings.ConfigPath).Append(".prefix = ").Append(Quote(prefix)).Append('\n');
        }
        if (UdpListen is { } udp)
        {
            hocon.Append(RelaySettings.ConfigPath).Append(".udp-listen = ").Append(Quote(udp)).Append('\n');
        }
        if (PublicAddresses is { } addresses)
        {
            hocon.Append(RelaySettings.ConfigPath).Append(".public-addresses = [")
                .AppendJoin(", ", addresses.Select(Quote))
                .Append("]\n");
        }
        if (MaxLobbies is { } max)
        {
            hocon.Append(CultureInfo.InvariantCulture, $"{RelaySettings.ConfigPath}.max-lobbies = {max}\n");
        }
        if (PollInterval is { } poll)
        {
            hocon.Append(CultureInfo.InvariantCulture, $"{RelaySettings.ConfigPath}.poll-interval = {poll.TotalMilliseconds:0.####}ms\n");
        }
        if (IdleTimeout is { } idle)
        {
            hocon.Append(CultureInfo.InvariantCulture, $"{RelaySettings.ConfigPath}.idle-timeout = {idle.TotalMilliseconds:0.####}ms\n");
        }
        return hocon.ToString();
    }

    /// <summary>A HOCON quoted string.</summary>
    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
