using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MeshActors.WebRtc.Ice;

/// <summary>
/// One ICE candidate, immutable, in the SDP <c>candidate-attribute</c> grammar (RFC 8839 §5.1):
/// <code>
/// candidate:&lt;foundation&gt; &lt;component&gt; &lt;transport&gt; &lt;priority&gt; &lt;address&gt; &lt;port&gt; typ &lt;type&gt;
///           [raddr &lt;address&gt; rport &lt;port&gt;] *(&lt;extension-name&gt; &lt;extension-value&gt;)
/// </code>
/// Browsers add extensions (<c>generation 0 ufrag abcd network-id 1 network-cost 10</c>,
/// <c>tcptype passive</c>); the known ones are typed, unknown ones are kept in order and written back.
/// The address may be a fully qualified domain name: browsers hide host addresses behind mDNS
/// <c>&lt;uuid&gt;.local</c> names, which the transport resolves before checking. TCP candidates parse
/// and print but are never paired.
/// </summary>
public sealed class IceCandidate
{
    /// <summary>Type preference of host candidates (RFC 8445 §5.1.2.2: recommended 126).</summary>
    public const int HostTypePreference = 126;

    /// <summary>Type preference of peer-reflexive candidates (RFC 8445 §5.1.2.2: recommended 110).</summary>
    public const int PeerReflexiveTypePreference = 110;

    /// <summary>Type preference of server-reflexive candidates (RFC 8445 §5.1.2.2: recommended 100).</summary>
    public const int ServerReflexiveTypePreference = 100;

    /// <summary>Type preference of relayed candidates (RFC 8445 §5.1.2.2: recommended 0).</summary>
    public const int RelayTypePreference = 0;

    /// <summary>Highest local preference (RFC 8445 §5.1.2.1: 0..65535).</summary>
    public const int MaxLocalPreference = 65535;

    /// <summary>Longest foundation (RFC 8839 §5.1: 1*32ice-char).</summary>
    public const int MaxFoundationLength = 32;

    private const string Prefix = "candidate:";
    private const string AttributePrefix = "a=";

    private IceCandidate(
        string foundation,
        int component,
        IceTransportProtocol protocol,
        uint priority,
        string address,
        int port,
        IceCandidateType type,
        string? relatedAddress,
        int? relatedPort,
        string? tcpType,
        int? generation,
        string? usernameFragment,
        IReadOnlyList<KeyValuePair<string, string>> extensions)
    {
        Foundation = foundation;
        Component = component;
        Protocol = protocol;
        Priority = priority;
        Address = address;
        Port = port;
        Type = type;
        RelatedAddress = relatedAddress;
        RelatedPort = relatedPort;
        TcpType = tcpType;
        Generation = generation;
        UsernameFragment = usernameFragment;
        Extensions = extensions;
        if (IPAddress.TryParse(address, out var ip) && IsIpLiteral(address))
        {
            IPAddress = ip;
            EndPoint = new IPEndPoint(ip, port);
        }
    }

    /// <summary>Groups candidates that share type, base address, server and transport (RFC 8445 §5.1.1.3).</summary>
    public string Foundation { get; }

    /// <summary>Component id, 1..256; WebRTC data channels use only component 1 (RTP/RTCP mux).</summary>
    public int Component { get; }

    /// <summary>UDP or TCP.</summary>
    public IceTransportProtocol Protocol { get; }

    /// <summary>Candidate priority (RFC 8445 §5.1.2.1).</summary>
    public uint Priority { get; }

    /// <summary>The connection address as written: an IP literal or a domain name such as <c>&lt;uuid&gt;.local</c>.</summary>
    public string Address { get; }

    /// <summary>The port.</summary>
    public int Port { get; }

    /// <summary>The candidate type.</summary>
    public IceCandidateType Type { get; }

    /// <summary>"raddr": the base (srflx, prflx) or mapped address (relay), when given.</summary>
    public string? RelatedAddress { get; }

    /// <summary>"rport": the port that goes with <see cref="RelatedAddress"/>.</summary>
    public int? RelatedPort { get; }

    /// <summary>"tcptype" of TCP candidates (active, passive, so), RFC 6544 §4.5.</summary>
    public string? TcpType { get; }

    /// <summary>"generation" extension written by browsers (the ICE generation, 0 before any restart).</summary>
    public int? Generation { get; }

    /// <summary>"ufrag" extension: the username fragment the candidate belongs to.</summary>
    public string? UsernameFragment { get; }

    /// <summary>Other extensions, in the order they appeared (for example <c>network-id</c>, <c>network-cost</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Extensions { get; }

    /// <summary>The address when <see cref="Address"/> is an IP literal; <c>null</c> for a domain name.</summary>
    public IPAddress? IPAddress { get; }

    /// <summary>Address and port when <see cref="Address"/> is an IP literal; <c>null</c> for a domain name.</summary>
    public IPEndPoint? EndPoint { get; }

    /// <summary>True when the address is a multicast DNS name (ends with ".local", RFC 6762).</summary>
    public bool IsMdns => Address.EndsWith(".local", StringComparison.OrdinalIgnoreCase) ||
        Address.EndsWith(".local.", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Candidate priority (RFC 8445 §5.1.2.1):
    /// 2^24·type preference + 2^8·local preference + (256 − component id).
    /// </summary>
    public static uint ComputePriority(IceCandidateType type, int localPreference, int component)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(localPreference);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(localPreference, MaxLocalPreference);
        ArgumentOutOfRangeException.ThrowIfLessThan(component, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(component, 256);
        return ((uint)TypePreference(type) << 24) + ((uint)localPreference << 8) + (uint)(256 - component);
    }

    /// <summary>The recommended type preference of <paramref name="type"/> (RFC 8445 §5.1.2.2).</summary>
    public static int TypePreference(IceCandidateType type) => type switch
    {
        IceCandidateType.Host => HostTypePreference,
        IceCandidateType.PeerReflexive => PeerReflexiveTypePreference,
        IceCandidateType.ServerReflexive => ServerReflexiveTypePreference,
        _ => RelayTypePreference,
    };

    /// <summary>
    /// Creates a UDP candidate. <paramref name="related"/> is the base of a reflexive candidate.
    /// Throws on arguments a programmer got wrong (empty or overlong foundation, bad component).
    /// </summary>
    public static IceCandidate Create(
        IceCandidateType type,
        IPEndPoint endPoint,
        uint priority,
        string foundation,
        int component = 1,
        IPEndPoint? related = null,
        string? usernameFragment = null)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        if (!IsFoundation(foundation))
        {
            throw new ArgumentException("A foundation is 1 to 32 ice-chars (A-Z a-z 0-9 + /).", nameof(foundation));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(component, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(component, 256);
        return new IceCandidate(
            foundation,
            component,
            IceTransportProtocol.Udp,
            priority,
            FormatAddress(endPoint.Address),
            endPoint.Port,
            type,
            related is null ? null : FormatAddress(related.Address),
            related?.Port,
            tcpType: null,
            generation: null,
            usernameFragment,
            []);
    }

    /// <summary>
    /// A copy whose address is <paramref name="address"/> (for example the result of resolving an
    /// mDNS name); everything else is kept.
    /// </summary>
    public IceCandidate WithAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return new IceCandidate(Foundation, Component, Protocol, Priority, FormatAddress(address), Port, Type,
            RelatedAddress, RelatedPort, TcpType, Generation, UsernameFragment, Extensions);
    }

    /// <summary>A copy with another type and priority (a peer-reflexive candidate later signalled, RFC 8445 §7.3.1.3).</summary>
    internal IceCandidate WithTypeAndPriority(IceCandidateType type, uint priority) =>
        new(Foundation, Component, Protocol, priority, Address, Port, type,
            RelatedAddress, RelatedPort, TcpType, Generation, UsernameFragment, Extensions);

    /// <summary>Parses a candidate line; throws <see cref="FormatException"/> when it is not one.</summary>
    public static IceCandidate Parse(string text) =>
        TryParse(text, out var candidate) ? candidate : throw new FormatException($"Not an ICE candidate: '{text}'.");

    /// <summary>
    /// Parses "a=candidate:…", "candidate:…" or the bare fields. Returns <c>false</c> (never throws) for
    /// anything outside the grammar, an unknown transport or an unknown candidate type.
    /// </summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IceCandidate? candidate)
    {
        candidate = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var s = text.Trim();
        if (s.StartsWith(AttributePrefix, StringComparison.Ordinal))
        {
            s = s[AttributePrefix.Length..];
        }
        if (s.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            s = s[Prefix.Length..];
        }
        var t = s.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (t.Length < 8 || !IsFoundation(t[0]) ||
            !TryParseNumber(t[1], 3, out var component) || component is < 1 or > 256 ||
            !TryParseTransport(t[2], out var protocol) ||
            !TryParseUInt32(t[3], out var priority) ||
            !IsConnectionAddress(t[4]) ||
            !TryParseNumber(t[5], 5, out var port) || port > 65535 ||
            !string.Equals(t[6], "typ", StringComparison.Ordinal) ||
            !TryParseType(t[7], out var type))
        {
            return false;
        }

        string? relatedAddress = null;
        int? relatedPort = null;
        string? tcpType = null;
        int? generation = null;
        string? ufrag = null;
        var extensions = new List<KeyValuePair<string, string>>();
        // Extensions come in name/value pairs; a dangling name without value is dropped.
        for (var i = 8; i + 1 < t.Length; i += 2)
        {
            var name = t[i];
            var value = t[i + 1];
            switch (name)
            {
                case "raddr":
                    if (!IsConnectionAddress(value))
                    {
                        return false;
                    }
                    relatedAddress = value;
                    break;
                case "rport":
                    if (!TryParseNumber(value, 5, out var rport) || rport > 65535)
                    {
                        return false;
                    }
                    relatedPort = rport;
                    break;
                case "tcptype":
                    tcpType = value;
                    break;
                case "generation":
                    if (!TryParseNumber(value, 10, out var g))
                    {
                        return false;
                    }
                    generation = g;
                    break;
                case "ufrag":
                    ufrag = value;
                    break;
                default:
                    extensions.Add(new KeyValuePair<string, string>(name, value));
                    break;
            }
        }
        candidate = new IceCandidate(t[0], component, protocol, priority, t[4], port, type,
            relatedAddress, relatedPort, tcpType, generation, ufrag, extensions.Count == 0 ? [] : extensions.ToArray());
        return true;
    }

    /// <summary>The SDP form without the "a=" prefix: <c>candidate:…</c> (what trickle signalling carries).</summary>
    public override string ToString()
    {
        var b = new StringBuilder(128);
        b.Append(Prefix).Append(Foundation).Append(' ')
            .Append(Component.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(Protocol == IceTransportProtocol.Udp ? "udp" : "tcp").Append(' ')
            .Append(Priority.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(Address).Append(' ')
            .Append(Port.ToString(CultureInfo.InvariantCulture))
            .Append(" typ ").Append(TypeToken(Type));
        if (RelatedAddress is not null)
        {
            b.Append(" raddr ").Append(RelatedAddress);
        }
        if (RelatedPort is { } rport)
        {
            b.Append(" rport ").Append(rport.ToString(CultureInfo.InvariantCulture));
        }
        if (TcpType is not null)
        {
            b.Append(" tcptype ").Append(TcpType);
        }
        if (Generation is { } g)
        {
            b.Append(" generation ").Append(g.ToString(CultureInfo.InvariantCulture));
        }
        if (UsernameFragment is not null)
        {
            b.Append(" ufrag ").Append(UsernameFragment);
        }
        foreach (var (name, value) in Extensions)
        {
            b.Append(' ').Append(name).Append(' ').Append(value);
        }
        return b.ToString();
    }

    /// <summary>The SDP type token: host, srflx, prflx or relay.</summary>
    public static string TypeToken(IceCandidateType type) => type switch
    {
        IceCandidateType.Host => "host",
        IceCandidateType.ServerReflexive => "srflx",
        IceCandidateType.PeerReflexive => "prflx",
        _ => "relay",
    };

    /// <summary>True for 1..32 ice-chars (RFC 8839 §5.1: ALPHA / DIGIT / "+" / "/").</summary>
    internal static bool IsFoundation(string? s) =>
        s is { Length: > 0 and <= MaxFoundationLength } && IceParameters.AreIceChars(s);

    /// <summary>IP literal text without brackets or zone (what candidates carry).</summary>
    internal static string FormatAddress(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0)
        {
            address = new IPAddress(address.GetAddressBytes());
        }
        return address.ToString();
    }

    private static bool IsIpLiteral(string s)
    {
        // IPAddress.TryParse accepts forms such as "1" or "0x7f.1"; a candidate's IPv4 address is dotted quad.
        if (s.Contains(':'))
        {
            return true;
        }
        var dots = 0;
        foreach (var c in s)
        {
            if (c == '.')
            {
                dots++;
            }
            else if (c is < '0' or > '9')
            {
                return false;
            }
        }
        return dots == 3;
    }

    private static bool IsConnectionAddress(string s)
    {
        if (s.Length is 0 or > 255)
        {
            return false;
        }
        if (s.Contains(':'))
        {
            return IPAddress.TryParse(s, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6;
        }
        // An IPv4 literal or a domain name (RFC 8839 §5.1 connection-address = IP4 / IP6 / FQDN).
        foreach (var c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_'))
            {
                return false;
            }
        }
        return !IsIpLiteral(s) || IPAddress.TryParse(s, out _);
    }

    private static bool TryParseTransport(string s, out IceTransportProtocol protocol)
    {
        protocol = IceTransportProtocol.Udp;
        if (s.Equals("udp", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        protocol = IceTransportProtocol.Tcp;
        return s.Equals("tcp", StringComparison.OrdinalIgnoreCase);
    }

    private static bool TryParseType(string s, out IceCandidateType type)
    {
        switch (s)
        {
            case "host":
                type = IceCandidateType.Host;
                return true;
            case "srflx":
                type = IceCandidateType.ServerReflexive;
                return true;
            case "prflx":
                type = IceCandidateType.PeerReflexive;
                return true;
            case "relay":
                type = IceCandidateType.Relay;
                return true;
            default:
                type = default;
                return false;
        }
    }

    private static bool TryParseNumber(string s, int maxDigits, out int value)
    {
        value = 0;
        if (s.Length == 0 || s.Length > maxDigits)
        {
            return false;
        }
        long v = 0;
        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
            v = v * 10 + (c - '0');
        }
        if (v > int.MaxValue)
        {
            return false;
        }
        value = (int)v;
        return true;
    }

    private static bool TryParseUInt32(string s, out uint value)
    {
        value = 0;
        if (s.Length is 0 or > 10)
        {
            return false;
        }
        ulong v = 0;
        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
            v = v * 10 + (ulong)(c - '0');
        }
        if (v > uint.MaxValue)
        {
            return false;
        }
        value = (uint)v;
        return true;
    }
}
