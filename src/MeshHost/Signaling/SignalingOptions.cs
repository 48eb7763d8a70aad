using System.Globalization;
using System.Text;

namespace MeshHost.Signaling;

/// <summary>
/// Overrides of the signaling server's HOCON defaults, bound from configuration section
/// <c>MeshHost:Signaling</c> (appsettings.json, environment, command line). A null property keeps the
/// default of <c>hocon/meshhost.conf</c>; <see cref="ToHocon"/> turns the rest into HOCON that takes precedence.
/// </summary>
public sealed class SignalingOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "MeshHost:Signaling";

    /// <summary><c>listen</c>: address:port of the HTTP/WebSocket listener.</summary>
    public string? Listen { get; set; }

    /// <summary><c>path</c>: request path of the WebSocket endpoint.</summary>
    public string? Path { get; set; }

    /// <summary><c>max-connections</c>.</summary>
    public int? MaxConnections { get; set; }

    /// <summary><c>max-lobbies</c>.</summary>
    public int? MaxLobbies { get; set; }

    /// <summary><c>max-peers-per-lobby</c>.</summary>
    public int? MaxPeersPerLobby { get; set; }

    /// <summary><c>max-message-bytes</c>.</summary>
    public int? MaxMessageBytes { get; set; }

    /// <summary><c>max-messages-per-second</c>.</summary>
    public int? MaxMessagesPerSecond { get; set; }

    /// <summary><c>max-queued-bytes</c>.</summary>
    public long? MaxQueuedBytes { get; set; }

    /// <summary><c>join-timeout</c>.</summary>
    public TimeSpan? JoinTimeout { get; set; }

    /// <summary><c>seal-close-timeout</c>.</summary>
    public TimeSpan? SealCloseTimeout { get; set; }

    /// <summary><c>close-timeout</c>.</summary>
    public TimeSpan? CloseTimeout { get; set; }

    /// <summary><c>keep-alive-interval</c>.</summary>
    public TimeSpan? KeepAliveInterval { get; set; }

    /// <summary>The set properties as a HOCON object under <c>meshhost.signaling</c> ("" when none is set).</summary>
    public string ToHocon()
    {
        var hocon = new StringBuilder();
        Add(hocon, "listen", Listen);
        Add(hocon, "path", Path);
        Add(hocon, "max-connections", MaxConnections);
        Add(hocon, "max-lobbies", MaxLobbies);
        Add(hocon, "max-peers-per-lobby", MaxPeersPerLobby);
        Add(hocon, "max-message-bytes", MaxMessageBytes);
        Add(hocon, "max-messages-per-second", MaxMessagesPerSecond);
        Add(hocon, "max-queued-bytes", MaxQueuedBytes);
        Add(hocon, "join-timeout", JoinTimeout);
        Add(hocon, "seal-close-timeout", SealCloseTimeout);
        Add(hocon, "close-timeout", CloseTimeout);
        Add(hocon, "keep-alive-interval", KeepAliveInterval);
        return hocon.Length == 0 ? string.Empty : $"{SignalingSettings.ConfigPath} {{\n{hocon}}}\n";
    }

    private static void Add(StringBuilder hocon, string key, string? value)
    {
        if (value is null)
        {
            return;
        }
        hocon.Append("  ").Append(key).Append(" = \"");
        foreach (var c in value)
        {
            if (c is '"' or '\\')
            {
                hocon.Append('\\');
            }
            hocon.Append(c);
        }
        hocon.Append("\"\n");
    }

    private static void Add(StringBuilder hocon, string key, long? value)
    {
        if (value is { } v)
        {
            hocon.Append(CultureInfo.InvariantCulture, $"  {key} = {v}\n");
        }
    }

    private static void Add(StringBuilder hocon, string key, TimeSpan? value)
    {
        // Milliseconds with a fraction keep sub-millisecond values; negative values are written as such and refused by validation.
        if (value is { } v)
        {
            hocon.Append(CultureInfo.InvariantCulture, $"  {key} = {v.TotalMilliseconds:0.####}ms\n");
        }
    }
}
