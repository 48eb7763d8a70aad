using Akka.Configuration;

namespace MeshHost.Relay;

/// <summary>The relay's effective settings (HOCON <c>meshhost.relay</c>, overridden by <c>MeshHost:Relay</c>).</summary>
/// <param name="LobbyName">JOIN naming this lobby creates a relay lobby; "" disables relaying.</param>
/// <param name="MaxLobbies">Relay lobbies open at once.</param>
/// <param name="PollInterval">How often a relay host polls its peer.</param>
/// <param name="IdleTimeout">A relay lobby without clients for this long is closed.</param>
public sealed record RelaySettings(string LobbyName, int MaxLobbies, TimeSpan PollInterval, TimeSpan IdleTimeout)
{
    /// <summary>The HOCON path of the settings.</summary>
    public const string ConfigPath = "meshhost.relay";

    /// <summary>True when relay lobbies can be created.</summary>
    public bool Enabled => LobbyName.Length > 0;

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
            var settings = new RelaySettings(
                section.GetString("lobby-name") ?? string.Empty,
                section.GetInt("max-lobbies"),
                section.GetTimeSpan("poll-interval", null, allowInfinite: false),
                section.GetTimeSpan("idle-timeout", null, allowInfinite: false));
            var start = errors.Count;
            if (settings.LobbyName.Length > 0 && !Signaling.LobbyNames.IsValid(settings.LobbyName))
            {
                errors.Add($"{ConfigPath}.lobby-name (MeshHost:Relay:LobbyName) = '{settings.LobbyName}' must be 1–64 characters of A–Z, a–z, 0–9 (or \"\" to disable relaying).");
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
}
