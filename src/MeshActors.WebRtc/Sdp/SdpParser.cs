using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace MeshActors.WebRtc.Sdp;

/// <summary>
/// Parses SDP text (RFC 8866) into a <see cref="SessionDescription"/>. Total: any string gives either a
/// description or an error with a line number; nothing throws. Tolerant where browsers differ (LF or
/// CRLF, blank lines, extra spaces between fields, unknown lines and attributes), strict where a wrong
/// value would break the connection later (ICE credentials, setup, ports, sizes, duplicates).
/// </summary>
internal static class SdpParser
{
    /// <summary>Longest excerpt of a bad value quoted in an error message.</summary>
    private const int MaxQuotedLength = 40;

    public static bool TryParse(string? text, [NotNullWhen(true)] out SessionDescription? description, [NotNullWhen(false)] out SdpParseError? error)
    {
        description = null;
        if (text is null)
        {
            error = new SdpParseError(1, "the SDP text is null");
            return false;
        }

        var state = new State();
        int lineNumber = 0;
        int position = 0;
        while (position < text.Length)
        {
            int newline = text.IndexOf('\n', position);
            int end = newline < 0 ? text.Length : newline;
            ReadOnlySpan<char> line = text.AsSpan(position, end - position);
            position = newline < 0 ? text.Length : newline + 1;
            lineNumber++;

            if (line.EndsWith('\r')) line = line[..^1];
            if (line.IsEmpty) continue; // Tolerated: a blank line (often a trailing one) carries nothing.
            string? reason = ParseLine(state, line);
            if (reason is not null)
            {
                error = new SdpParseError(lineNumber, reason);
                return false;
            }
        }

        if (!state.SawVersion)
        {
            error = new SdpParseError(Math.Max(lineNumber, 1), "the text has no lines; an SDP description starts with v=0");
            return false;
        }
        if (state.Origin is null)
        {
            error = new SdpParseError(lineNumber, "the description ends before its o= line (RFC 8866 §5.2)");
            return false;
        }
        state.FinishMedia();
        description = state.Build();
        error = null;
        return true;
    }

    private static string? ParseLine(State state, ReadOnlySpan<char> line)
    {
        if (line.IndexOfAny('\r', '\0') >= 0) return "contains a CR that does not end the line, or a NUL character";
        if (line.Length < 2 || line[1] != '=' || line[0] is < 'a' or > 'z')
        {
            return $"expected '<type>=<value>' with a lower-case type letter, found '{Quote(line)}'";
        }
        char type = line[0];
        string value = line[2..].ToString();

        if (!state.SawVersion)
        {
            if (type != 'v') return $"the first line must be v=0, found '{Quote(line)}'";
            if (value != "0") return $"unsupported SDP version '{Quote(value)}'; only v=0 exists (RFC 8866 §5.1)";
            state.SawVersion = true;
            return null;
        }
        if (type == 'v') return "a second v= line; v= appears once, first (RFC 8866 §5)";
        if (state.Origin is null)
        {
            if (type != 'o') return $"expected the o= line after v=0, found '{Quote(line)}' (RFC 8866 §5)";
            return ParseOrigin(state, value);
        }

        State.Section? media = state.Current;
        switch (type)
        {
            case 'o':
                return "a second o= line; o= appears once, after v=0";
            case 's':
                if (media is not null) return "s= inside a media section; it belongs to the session part";
                if (state.SessionName is not null) return "a second s= line";
                state.SessionName = value;
                return null;
            case 't':
                if (media is null && state.Timing is null) state.Timing = value;
                else (media?.OtherLines ?? state.OtherLines).Add(new SdpLine(type, value));
                return null;
            case 'c':
                if (media is null)
                {
                    if (state.Connection is null) state.Connection = value;
                    else state.OtherLines.Add(new SdpLine(type, value));
                }
                else
                {
                    if (media.Connection is null) media.Connection = value;
                    else media.OtherLines.Add(new SdpLine(type, value));
                }
                return null;
            case 'm':
                state.FinishMedia();
                return ParseMediaLine(state, value);
            case 'a':
                return media is null ? ParseSessionAttribute(state, value) : ParseMediaAttribute(media, value);
            default:
                (media?.OtherLines ?? state.OtherLines).Add(new SdpLine(type, value));
                return null;
        }
    }

    /// <summary>o=&lt;username&gt; &lt;sess-id&gt; &lt;sess-version&gt; &lt;nettype&gt; &lt;addrtype&gt; &lt;unicast-address&gt; (RFC 8866 §5.2).</summary>
    private static string? ParseOrigin(State state, string value)
    {
        string[] fields = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 6)
        {
            return $"o= needs 6 fields '<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>', found {fields.Length}";
        }
        foreach (string field in fields)
        {
            if (!SdpText.IsToken(field)) return $"o= field '{Quote(field)}' contains a control character";
        }
        if (!ulong.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out ulong id))
        {
            return $"o= session id '{Quote(fields[1])}' is not a number of at most 64 bits (RFC 8829 §5.2.1)";
        }
        if (!ulong.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out ulong version))
        {
            return $"o= session version '{Quote(fields[2])}' is not a number of at most 64 bits";
        }
        state.Origin = new SdpOrigin
        {
            Username = fields[0],
            SessionId = id,
            SessionVersion = version,
            NetworkType = fields[3],
            AddressType = fields[4],
            Address = fields[5],
        };
        return null;
    }

    /// <summary>m=&lt;media&gt; &lt;port&gt;[/&lt;number of ports&gt;] &lt;proto&gt; &lt;fmt&gt; … (RFC 8866 §5.14).</summary>
    private static string? ParseMediaLine(State state, string value)
    {
        string[] fields = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 3) return $"m= needs '<media> <port> <proto> <fmt> ...', found '{Quote(value)}'";
        foreach (string field in fields)
        {
            if (!SdpText.IsToken(field)) return $"m= field '{Quote(field)}' contains a control character";
        }

        ReadOnlySpan<char> portText = fields[1];
        int? portCount = null;
        int slash = portText.IndexOf('/');
        if (slash >= 0)
        {
            if (!int.TryParse(portText[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count is < 1 or > 65535)
            {
                return $"m= port count '{Quote(portText[(slash + 1)..])}' is not a number from 1 to 65535";
            }
            portCount = count;
            portText = portText[..slash];
        }
        if (!MediaDescription.TryParsePort(portText, out int port)) return $"m= port '{Quote(portText)}' is not a port number (0-65535)";

        state.Current = new State.Section
        {
            Media = fields[0],
            Port = port,
            PortCount = portCount,
            Protocol = fields[2],
            Formats = fields[3..],
        };
        return null;
    }

    private static string? ParseSessionAttribute(State state, string line)
    {
        SplitAttribute(line, out string name, out string? value);
        if (name.Length == 0) return $"attribute without a name: 'a={Quote(line)}'";
        switch (name)
        {
            case "group":
                {
                    if (value is null) return "a=group needs '<semantics> <mid> ...' (RFC 5888 §5)";
                    string[] fields = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (fields.Length == 0) return "a=group needs '<semantics> <mid> ...' (RFC 5888 §5)";
                    foreach (string field in fields)
                    {
                        if (!SdpText.IsToken(field)) return $"a=group field '{Quote(field)}' contains a control character";
                    }
                    state.Groups.Add(new SdpGroup(fields[0], fields[1..]));
                    return null;
                }
            case "ice-lite":
                state.IceLite = true;
                return null;
            case "end-of-candidates":
                state.EndOfCandidates = true;
                return null;
            default:
                {
                    string? reason = ParseTransportAttribute(state.Transport, name, value, "session");
                    if (reason is not null) return reason;
                    if (!SessionDescription.TypedAttributeNames.Contains(name)) state.Attributes.Add(new SdpAttribute(name, value));
                    return null;
                }
        }
    }

    private static string? ParseMediaAttribute(State.Section media, string line)
    {
        SplitAttribute(line, out string name, out string? value);
        if (name.Length == 0) return $"attribute without a name: 'a={Quote(line)}'";
        switch (name)
        {
            case "mid":
                if (media.Mid is not null) return "a second a=mid in this media section";
                if (value is null || !SdpText.IsToken(value)) return $"a=mid value '{Quote(value)}' is not a token (RFC 5888 §4)";
                media.Mid = value;
                return null;
            case "sctp-port":
                if (media.SctpPort is not null) return "a second a=sctp-port in this media section";
                if (value is null || !MediaDescription.TryParsePort(value, out int sctpPort))
                {
                    return $"a=sctp-port value '{Quote(value)}' is not a port number (0-65535) (RFC 8841 §5)";
                }
                media.SctpPort = sctpPort;
                return null;
            case "max-message-size":
                if (media.MaxMessageSize is not null) return "a second a=max-message-size in this media section";
                if (value is null || !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long size))
                {
                    return $"a=max-message-size value '{Quote(value)}' is not a byte count (RFC 8841 §6.1)";
                }
                media.MaxMessageSize = size;
                return null;
            case "candidate":
                if (string.IsNullOrEmpty(value)) return "a=candidate has no value (RFC 8839 §5.1)";
                media.Candidates.Add(value);
                return null;
            case "end-of-candidates":
                media.EndOfCandidates = true;
                return null;
            default:
                {
                    string? reason = ParseTransportAttribute(media.Transport, name, value, "media section");
                    if (reason is not null) return reason;
                    if (!MediaDescription.TypedAttributeNames.Contains(name)) media.Attributes.Add(new SdpAttribute(name, value));
                    return null;
                }
        }
    }

    /// <summary>The attributes allowed at both levels: ICE credentials and options, fingerprints, setup.</summary>
    private static string? ParseTransportAttribute(State.TransportAttributes transport, string name, string? value, string level)
    {
        switch (name)
        {
            case "ice-ufrag":
                if (transport.IceUfrag is not null) return $"a second a=ice-ufrag in this {level}";
                if (value is null || !SdpText.IsIceChars(value))
                {
                    return $"a=ice-ufrag value '{Quote(value)}' is not letters, digits, '+' and '/' (RFC 8839 §5.4)";
                }
                transport.IceUfrag = value;
                return null;
            case "ice-pwd":
                if (transport.IcePwd is not null) return $"a second a=ice-pwd in this {level}";
                if (value is null || !SdpText.IsIceChars(value))
                {
                    return $"a=ice-pwd value '{Quote(value)}' is not letters, digits, '+' and '/' (RFC 8839 §5.4)";
                }
                transport.IcePwd = value;
                return null;
            case "ice-options":
                if (value is null) return "a=ice-options needs at least one option tag (RFC 8839 §5.6)";
                foreach (string option in value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (!SdpText.IsToken(option)) return $"a=ice-options tag '{Quote(option)}' contains a control character";
                    transport.IceOptions.Add(option);
                }
                return null;
            case "fingerprint":
                if (!SdpFingerprint.TryParse(value, out SdpFingerprint? fingerprint))
                {
                    return $"a=fingerprint value '{Quote(value)}' is not '<hash-function> <hex:pairs>' (RFC 8122 §5)";
                }
                transport.Fingerprints.Add(fingerprint);
                return null;
            case "setup":
                if (transport.Setup is not null) return $"a second a=setup in this {level}";
                if (value is null || !SdpSetupText.TryParse(value, out SdpSetup setup))
                {
                    return $"a=setup value '{Quote(value)}' is not actpass, active, passive or holdconn (RFC 4145 §4)";
                }
                transport.Setup = setup;
                return null;
            default:
                return null;
        }
    }

    private static void SplitAttribute(string line, out string name, out string? value)
    {
        int colon = line.IndexOf(':');
        if (colon < 0)
        {
            name = line;
            value = null;
        }
        else
        {
            name = line[..colon];
            value = line[(colon + 1)..];
        }
    }

    private static string Quote(ReadOnlySpan<char> text) =>
        text.Length <= MaxQuotedLength ? text.ToString() : string.Concat(text[..MaxQuotedLength], "...");

    private static string Quote(string? text) => text is null ? "" : Quote(text.AsSpan());

    /// <summary>Everything collected so far; turned into immutable records at the end.</summary>
    private sealed class State
    {
        public bool SawVersion;
        public SdpOrigin? Origin;
        public string? SessionName;
        public string? Timing;
        public string? Connection;
        public bool IceLite;
        public bool EndOfCandidates;
        public readonly List<SdpGroup> Groups = [];
        public readonly TransportAttributes Transport = new();
        public readonly List<SdpAttribute> Attributes = [];
        public readonly List<SdpLine> OtherLines = [];
        public readonly List<MediaDescription> Media = [];
        public Section? Current;

        public void FinishMedia()
        {
            if (Current is null) return;
            Media.Add(Current.Build());
            Current = null;
        }

        public SessionDescription Build() => new()
        {
            Origin = Origin!,
            SessionName = SessionName ?? "-",
            Timing = Timing ?? "0 0",
            Connection = Connection,
            Groups = Groups,
            IceLite = IceLite,
            IceUfrag = Transport.IceUfrag,
            IcePwd = Transport.IcePwd,
            IceOptions = Transport.IceOptions,
            Fingerprints = Transport.Fingerprints,
            Setup = Transport.Setup,
            EndOfCandidates = EndOfCandidates,
            Attributes = Attributes,
            OtherLines = OtherLines,
            Media = Media,
        };

        public sealed class TransportAttributes
        {
            public string? IceUfrag;
            public string? IcePwd;
            public readonly List<string> IceOptions = [];
            public readonly List<SdpFingerprint> Fingerprints = [];
            public SdpSetup? Setup;
        }

        public sealed class Section
        {
            public required string Media;
            public required int Port;
            public required int? PortCount;
            public required string Protocol;
            public required string[] Formats;
            public string? Connection;
            public string? Mid;
            public int? SctpPort;
            public long? MaxMessageSize;
            public bool EndOfCandidates;
            public readonly TransportAttributes Transport = new();
            public readonly List<string> Candidates = [];
            public readonly List<SdpAttribute> Attributes = [];
            public readonly List<SdpLine> OtherLines = [];

            public MediaDescription Build() => new()
            {
                Media = Media,
                Port = Port,
                PortCount = PortCount,
                Protocol = Protocol,
                Formats = Formats,
                Connection = Connection,
                Mid = Mid,
                IceUfrag = Transport.IceUfrag,
                IcePwd = Transport.IcePwd,
                IceOptions = Transport.IceOptions,
                Fingerprints = Transport.Fingerprints,
                Setup = Transport.Setup,
                SctpPort = SctpPort,
                MaxMessageSize = MaxMessageSize,
                Candidates = Candidates,
                EndOfCandidates = EndOfCandidates,
                Attributes = Attributes,
                OtherLines = OtherLines,
            };
        }
    }
}
