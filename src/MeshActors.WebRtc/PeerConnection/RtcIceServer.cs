using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace MeshActors.WebRtc;

/// <summary>
/// A STUN or TURN server (W3C WebRTC <c>RTCIceServer</c>): one or more URLs with optional credentials.
/// </summary>
/// <remarks>
/// STUN servers give server-reflexive candidates. This stack has no TURN client: TURN URLs are checked
/// (a TURN server needs <see cref="Username"/> and <see cref="Credential"/>, as in W3C WebRTC) and then not used.
/// </remarks>
public sealed record RtcIceServer
{
    private readonly IReadOnlyList<string> _urls = [];

    /// <summary>Creates a server entry with no URL; set <see cref="Urls"/>.</summary>
    public RtcIceServer()
    {
    }

    /// <summary>Creates a server entry for <paramref name="urls"/>, e.g. <c>"stun:stun.example.org:3478"</c>.</summary>
    public RtcIceServer(params string[] urls) => Urls = urls;

    /// <summary>The URLs (RFC 7064 <c>stun:</c>/<c>stuns:</c>, RFC 7065 <c>turn:</c>/<c>turns:</c>).</summary>
    public IReadOnlyList<string> Urls { get => _urls; init => _urls = value ?? throw new ArgumentNullException(nameof(Urls)); }

    /// <summary>The TURN username; null for STUN.</summary>
    public string? Username { get; init; }

    /// <summary>The TURN password; null for STUN.</summary>
    public string? Credential { get; init; }

    /// <summary>Parses every URL; throws <see cref="ArgumentException"/> naming the first bad one.</summary>
    public IReadOnlyList<RtcIceServerUrl> ParseUrls()
    {
        if (Urls.Count == 0)
        {
            throw new ArgumentException("An ICE server has at least one URL.", nameof(Urls));
        }
        var parsed = new RtcIceServerUrl[Urls.Count];
        for (var i = 0; i < parsed.Length; i++)
        {
            if (!RtcIceServerUrl.TryParse(Urls[i], out var url, out var error))
            {
                throw new ArgumentException($"ICE server URL '{Urls[i]}' is invalid: {error}.", nameof(Urls));
            }
            if (url.IsTurn && (Username is null || Credential is null))
            {
                throw new ArgumentException($"ICE server URL '{Urls[i]}' is a TURN server: it needs a username and a credential.", nameof(Urls));
            }
            parsed[i] = url;
        }
        return parsed;
    }
}

/// <summary>
/// One parsed ICE server URL: <c>scheme:host[:port][?transport=udp|tcp]</c> (RFC 7064 §3.1, RFC 7065 §3.1).
/// </summary>
/// <param name="Scheme">"stun", "stuns", "turn" or "turns".</param>
/// <param name="Host">A host name, an IPv4 address, or an IPv6 address without brackets.</param>
/// <param name="Port">The port: the URL's, else 3478 (5349 for the TLS schemes).</param>
/// <param name="Transport">"udp" or "tcp" for TURN when given; null otherwise.</param>
public sealed record RtcIceServerUrl(string Scheme, string Host, int Port, string? Transport)
{
    /// <summary>Default STUN/TURN port (RFC 8489 §9).</summary>
    public const int DefaultPort = 3478;

    /// <summary>Default STUN/TURN over TLS port (RFC 8489 §9).</summary>
    public const int DefaultTlsPort = 5349;

    /// <summary>True for "turn" and "turns".</summary>
    public bool IsTurn => Scheme is "turn" or "turns";

    /// <summary>True for plain "stun" (UDP): the only kind this stack queries.</summary>
    public bool IsStunUdp => Scheme == "stun";

    /// <summary>Parses a URL; <c>false</c> with a reason when it is not a STUN or TURN URL.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out RtcIceServerUrl? url, [NotNullWhen(false)] out string? error)
    {
        url = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "it is empty";
            return false;
        }
        var colon = text.IndexOf(':');
        if (colon <= 0)
        {
            error = "it has no scheme (stun:, stuns:, turn:, turns:)";
            return false;
        }
        var scheme = text[..colon].ToLowerInvariant();
        if (scheme is not ("stun" or "stuns" or "turn" or "turns"))
        {
            error = $"unknown scheme '{scheme}'";
            return false;
        }
        var rest = text[(colon + 1)..];
        string? transport = null;
        var query = rest.IndexOf('?');
        if (query >= 0)
        {
            var q = rest[(query + 1)..];
            rest = rest[..query];
            if (scheme.StartsWith("stun", StringComparison.Ordinal))
            {
                error = "a STUN URL has no query (RFC 7064)";
                return false;
            }
            if (!q.StartsWith("transport=", StringComparison.OrdinalIgnoreCase))
            {
                error = $"unknown query '{q}'";
                return false;
            }
            transport = q["transport=".Length..].ToLowerInvariant();
            if (transport is not ("udp" or "tcp"))
            {
                error = $"unknown transport '{transport}'";
                return false;
            }
        }
        string host;
        var portText = (string?)null;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']');
            if (close < 0)
            {
                error = "an IPv6 address lacks its ']'";
                return false;
            }
            host = rest[1..close];
            var after = rest[(close + 1)..];
            if (after.Length > 0)
            {
                if (after[0] != ':')
                {
                    error = "text after the IPv6 address";
                    return false;
                }
                portText = after[1..];
            }
        }
        else
        {
            var portColon = rest.LastIndexOf(':');
            host = portColon >= 0 ? rest[..portColon] : rest;
            portText = portColon >= 0 ? rest[(portColon + 1)..] : null;
        }
        if (host.Length == 0 || host.Contains('/') || host.Contains('@') || host.Contains(' '))
        {
            error = "no valid host";
            return false;
        }
        var port = scheme.EndsWith('s') ? DefaultTlsPort : DefaultPort;
        if (portText is not null && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            error = $"port '{portText}' is not 1-65535";
            return false;
        }
        url = new RtcIceServerUrl(scheme, host, port, transport);
        error = null;
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        Scheme + ":" + (Host.Contains(':') ? "[" + Host + "]" : Host) + ":" + Port.ToString(CultureInfo.InvariantCulture)
        + (Transport is null ? "" : "?transport=" + Transport);
}
