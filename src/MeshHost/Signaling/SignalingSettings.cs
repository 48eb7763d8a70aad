using System.Net;
using Akka.Configuration;

namespace MeshHost.Signaling;

/// <summary>
/// The signaling server's effective settings, read from HOCON <c>meshhost.signaling</c> (defaults in
/// <c>hocon/meshhost.conf</c>, overridden by <see cref="SignalingOptions"/>).
/// </summary>
public sealed record SignalingSettings
{
    /// <summary>The HOCON path of the settings.</summary>
    public const string ConfigPath = "meshhost.signaling";

    /// <summary>Longest lobby name a client may ask for.</summary>
    public const int MaxLobbyNameLength = 64;

    /// <summary>TCP endpoint of the HTTP listener (WebSockets, health, demo page); port 0 = any free port.</summary>
    public required IPEndPoint EndPoint { get; init; }

    /// <summary>Request path of the WebSocket endpoint.</summary>
    public required string Path { get; init; }

    /// <summary>Open WebSocket connections allowed at once.</summary>
    public required int MaxConnections { get; init; }

    /// <summary>Open lobbies allowed at once.</summary>
    public required int MaxLobbies { get; init; }

    /// <summary>Members of one lobby, host included.</summary>
    public required int MaxPeersPerLobby { get; init; }

    /// <summary>Largest message a client may send, in bytes.</summary>
    public required int MaxMessageBytes { get; init; }

    /// <summary>Sustained messages per second per connection (also the burst size).</summary>
    public required int MaxMessagesPerSecond { get; init; }

    /// <summary>Bytes of messages held for a client that does not read before it is closed.</summary>
    public required long MaxQueuedBytes { get; init; }

    /// <summary>Time a connection has to join a lobby.</summary>
    public required TimeSpan JoinTimeout { get; init; }

    /// <summary>Time between SEAL and closing every member.</summary>
    public required TimeSpan SealCloseTimeout { get; init; }

    /// <summary>Time a client has to answer the server's close frame.</summary>
    public required TimeSpan CloseTimeout { get; init; }

    /// <summary>WebSocket keep-alive ping interval (zero: none).</summary>
    public required TimeSpan KeepAliveInterval { get; init; }

    /// <summary>
    /// Reads and validates <c>meshhost.signaling</c> from <paramref name="config"/>. Returns null and fills
    /// <paramref name="errors"/> with messages that say what to fix when any value is invalid.
    /// </summary>
    public static SignalingSettings? Create(Config config, List<string> errors)
    {
        var section = config.GetConfig(ConfigPath);
        if (section is null || section.IsEmpty)
        {
            errors.Add($"HOCON section '{ConfigPath}' is missing (hocon/meshhost.conf is embedded in MeshHost; was it replaced?).");
            return null;
        }
        var start = errors.Count;
        var listen = Read(section, "listen", errors, (c, k) => c.GetString(k));
        IPEndPoint? endPoint = null;
        if (listen is not null && (!IPEndPoint.TryParse(listen, out endPoint) || listen.IndexOf(':') < 0))
        {
            errors.Add($"{ConfigPath}.listen (MeshHost:Signaling:Listen, --signaling) = '{listen}' is not an address:port such as 127.0.0.1:9080 or [::1]:9080 (port 0 picks a free port).");
        }
        var path = Read(section, "path", errors, (c, k) => c.GetString(k));
        if (path is not null && (!path.StartsWith('/') || path.Contains('?') || path.Contains('#')))
        {
            errors.Add($"{ConfigPath}.path (MeshHost:Signaling:Path) = '{path}' must start with '/' and hold no query or fragment (e.g. / or /signaling).");
        }
        var settings = new SignalingSettings
        {
            EndPoint = endPoint ?? new IPEndPoint(IPAddress.Loopback, 0),
            Path = path ?? "/",
            MaxConnections = Positive(section, "max-connections", "MaxConnections", errors),
            MaxLobbies = Positive(section, "max-lobbies", "MaxLobbies", errors),
            MaxPeersPerLobby = Positive(section, "max-peers-per-lobby", "MaxPeersPerLobby", errors),
            MaxMessageBytes = Positive(section, "max-message-bytes", "MaxMessageBytes", errors, minimum: 256),
            MaxMessagesPerSecond = Positive(section, "max-messages-per-second", "MaxMessagesPerSecond", errors),
            MaxQueuedBytes = Bytes(section, "max-queued-bytes", "MaxQueuedBytes", errors, minimum: 1024),
            JoinTimeout = Duration(section, "join-timeout", "JoinTimeout", errors, allowZero: false),
            SealCloseTimeout = Duration(section, "seal-close-timeout", "SealCloseTimeout", errors, allowZero: false),
            CloseTimeout = Duration(section, "close-timeout", "CloseTimeout", errors, allowZero: false),
            KeepAliveInterval = Duration(section, "keep-alive-interval", "KeepAliveInterval", errors, allowZero: true),
        };
        return errors.Count == start ? settings : null;
    }

    private static T? Read<T>(Config section, string key, List<string> errors, Func<Config, string, T> read)
    {
        if (!section.HasPath(key))
        {
            errors.Add($"{ConfigPath}.{key} is missing.");
            return default;
        }
        try
        {
            return read(section, key);
        }
        catch (Exception e) when (e is FormatException or ConfigurationException or InvalidCastException or OverflowException or ArgumentException)
        {
            errors.Add($"{ConfigPath}.{key} cannot be read: {e.Message}");
            return default;
        }
    }

    private static int Positive(Config section, string key, string optionName, List<string> errors, int minimum = 1)
    {
        var value = Read(section, key, errors, (c, k) => c.GetInt(k));
        if (value < minimum && section.HasPath(key))
        {
            errors.Add($"{ConfigPath}.{key} (MeshHost:Signaling:{optionName}) = {value} must be at least {minimum}.");
        }
        return value;
    }

    private static long Bytes(Config section, string key, string optionName, List<string> errors, long minimum)
    {
        var value = Read(section, key, errors, (c, k) => c.GetByteSize(k) ?? 0);
        if (value < minimum && section.HasPath(key))
        {
            errors.Add($"{ConfigPath}.{key} (MeshHost:Signaling:{optionName}) = {value} must be at least {minimum} bytes (HOCON: 4 MiB; appsettings: 4194304).");
        }
        return value;
    }

    private static TimeSpan Duration(Config section, string key, string optionName, List<string> errors, bool allowZero)
    {
        var value = Read(section, key, errors, (c, k) => c.GetTimeSpan(k, null, allowInfinite: false));
        if ((value < TimeSpan.Zero || (!allowZero && value == TimeSpan.Zero)) && section.HasPath(key))
        {
            errors.Add($"{ConfigPath}.{key} (MeshHost:Signaling:{optionName}) = {value} must be {(allowZero ? "zero or positive" : "positive")} (HOCON: 1s, 250ms; appsettings: 00:00:01).");
        }
        return value;
    }
}
