using System.Net;
using Akka.Configuration;
using MeshHost.Signaling;

namespace MeshHost.Relay;

/// <summary>The relay's effective settings (HOCON <c>meshhost.relay</c>, overridden by <c>MeshHost:Relay</c>).</summary>
/// <param name="Lobbies">Which lobbies are relay lobbies.</param>
/// <param name="Prefix">In <see cref="RelayLobbyMode.Prefix"/> mode, the name prefix that makes a lobby a relay lobby.</param>
/// <param name="MaxLobbies">Relay lobbies open at once.</param>
/// <param name="PollInterval">How often a relay host polls its peer.</param>
/// <param name="IdleTimeout">A relay lobby without clients for this long is closed.</param>
/// <param name="UdpEndPoint">
/// Single-port mode: the one UDP socket every relay connection shares (port 0: any free port); null gives each
/// connection sockets of its own.
/// </param>
public sealed record RelaySettings(RelayLobbyMode Lobbies, string Prefix, int MaxLobbies, TimeSpan PollInterval, TimeSpan IdleTimeout, IPEndPoint? UdpEndPoint = null)
{
    /// <summary>The HOCON path of the settings.</summary>
    public const string ConfigPath = "meshhost.relay";

    /// <summary>Longest prefix: leaves room for a generated suffix within <see cref="SignalingSettings.MaxLobbyNameLength"/>.</summary>
    public const int MaxPrefixLength = SignalingSettings.MaxLobbyNameLength - LobbyNames.GeneratedLength;

    /// <summary>
    /// Public addresses a one-to-one NAT maps this machine to: relay connections advertise each of them (same port) next
    /// to their host candidates, so clients outside reach a relay on a cloud VM whose interfaces have private addresses.
    /// </summary>
    public IReadOnlyList<IPAddress> PublicAddresses { get; init; } = [];

    /// <summary>True when relay lobbies can be created.</summary>
    public bool Enabled => Lobbies != RelayLobbyMode.Off;

    /// <summary>Whether a JOIN of <paramref name="name"/> is about a relay lobby (joining or creating one).</summary>
    public bool IsRelayName(string name) => Lobbies switch
    {
        RelayLobbyMode.Prefix => name.StartsWith(Prefix, StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>
    /// A relay lobby name a client may ask for: the prefix followed by 1 or more of [A-Za-z0-9], at most
    /// <see cref="SignalingSettings.MaxLobbyNameLength"/> characters in all.
    /// </summary>
    public bool IsValidRelayName(string name)
    {
        if (!IsRelayName(name) || name.Length == Prefix.Length || name.Length > SignalingSettings.MaxLobbyNameLength)
        {
            return false;
        }
        foreach (var c in name.AsSpan(Prefix.Length))
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Whether JOIN <paramref name="name"/> creates a relay lobby with a generated name: "" when every lobby is a relay
    /// lobby, the bare prefix in prefix mode.
    /// </summary>
    public bool CreatesGeneratedName(string name) => Lobbies switch
    {
        RelayLobbyMode.All => name.Length == 0,
        RelayLobbyMode.Prefix => string.Equals(name, Prefix, StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>A new relay lobby name: the prefix (in prefix mode) and 16 random characters of [A-Za-z0-9].</summary>
    public string GenerateName() => Lobbies == RelayLobbyMode.Prefix ? Prefix + LobbyNames.Generate() : LobbyNames.Generate();

    /// <summary>Reads and validates <c>meshhost.relay</c>; null with messages in <paramref name="errors"/> when invalid.</summary>
    public static RelaySettings? Create(Config config, List<string> errors)
    {
        var section = config.GetConfig(ConfigPath);
        if (section is null || section.IsEmpty)
        {
            errors.Add($"HOCON section '{ConfigPath}' is missing (hocon/meshhost.conf is embedded in MeshHost).");
            return null;
        }
        try
        {
            var start = errors.Count;
            var modeText = section.GetString("lobbies") ?? string.Empty;
            RelayLobbyMode mode;
            switch (modeText.ToLowerInvariant())
            {
                case "off" or "false" or "no":
                    mode = RelayLobbyMode.Off;
                    break;
                case "prefix":
                    mode = RelayLobbyMode.Prefix;
                    break;
                case "all":
                    mode = RelayLobbyMode.All;
                    break;
                default:
                    errors.Add($"{ConfigPath}.lobbies (MeshHost:Relay:Lobbies) = '{modeText}' must be off, prefix or all.");
                    mode = RelayLobbyMode.Off;
                    break;
            }
            var settings = new RelaySettings(
                mode,
                section.GetString("prefix") ?? string.Empty,
                section.GetInt("max-lobbies"),
                section.GetTimeSpan("poll-interval", null, allowInfinite: false),
                section.GetTimeSpan("idle-timeout", null, allowInfinite: false),
                null);
            var udp = section.GetString("udp-listen") ?? string.Empty;
            if (udp.Length > 0)
            {
                if (IPEndPoint.TryParse(udp, out var endPoint) && udp.IndexOf(':') >= 0)
                {
                    settings = settings with { UdpEndPoint = endPoint };
                }
                else
                {
                    errors.Add($"{ConfigPath}.udp-listen (MeshHost:Relay:UdpListen) = '{udp}' must be address:port (IPv6 as [::1]:port; port 0 = any) or \"\" for a socket per connection.");
                }
            }
            var publicAddresses = new List<IPAddress>();
            foreach (var text in section.GetStringList("public-addresses", []))
            {
                if (IPAddress.TryParse(text, out var address))
                {
                    publicAddresses.Add(address);
                }
                else
                {
                    errors.Add($"{ConfigPath}.public-addresses (MeshHost:Relay:PublicAddresses) has '{text}', which is not an IP address (e.g. 203.0.113.7 or 2001:db8::7).");
                }
            }
            settings = settings with { PublicAddresses = publicAddresses };
            if (!IsValidPrefix(settings.Prefix) && settings.Lobbies == RelayLobbyMode.Prefix)
            {
                errors.Add($"{ConfigPath}.prefix (MeshHost:Relay:Prefix) = '{settings.Prefix}' must be 1–{MaxPrefixLength} characters of A–Z, a–z, 0–9, '-' and '_' (lobbies = prefix needs one).");
            }
            if (settings.MaxLobbies < 1)
            {
                errors.Add($"{ConfigPath}.max-lobbies (MeshHost:Relay:MaxLobbies) = {settings.MaxLobbies} must be at least 1.");
            }
            if (settings.PollInterval <= TimeSpan.Zero || settings.IdleTimeout <= TimeSpan.Zero)
            {
                errors.Add($"{ConfigPath}.poll-interval and idle-timeout (MeshHost:Relay:PollInterval, IdleTimeout) must be positive.");
            }
            return errors.Count == start ? settings : null;
        }
        catch (Exception e) when (e is FormatException or ConfigurationException or InvalidCastException or ArgumentException or OverflowException)
        {
            errors.Add($"{ConfigPath} cannot be read: {e.Message}");
            return null;
        }
    }

    private static bool IsValidPrefix(string prefix)
    {
        if (prefix.Length is 0 or > MaxPrefixLength)
        {
            return false;
        }
        foreach (var c in prefix)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_'))
            {
                return false;
            }
        }
        return true;
    }
}
