using System.Globalization;
using System.Text;

namespace MeshActors.WebRtc.Sdp;

/// <summary>
/// Writes a <see cref="SessionDescription"/> as SDP text: CRLF line ends (RFC 8866 §5), lines in RFC 8866
/// order, and data-channel attributes in the order Chromium writes them, which every browser accepts.
/// The model's property checks guarantee that the output parses back to an equal description.
/// </summary>
internal static class SdpWriter
{
    private const string Crlf = "\r\n";

    public static string Write(SessionDescription description)
    {
        var sb = new StringBuilder(1024);
        sb.Append("v=0").Append(Crlf);
        sb.Append("o=").Append(description.Origin.ToString()).Append(Crlf);
        sb.Append("s=").Append(description.SessionName).Append(Crlf);
        WriteLines(sb, description.OtherLines, SessionDescription.OtherLineRank, 0, 3);
        if (description.Connection is not null) sb.Append("c=").Append(description.Connection).Append(Crlf);
        WriteLines(sb, description.OtherLines, SessionDescription.OtherLineRank, 4, 5);
        sb.Append("t=").Append(description.Timing).Append(Crlf);
        WriteLines(sb, description.OtherLines, SessionDescription.OtherLineRank, 6, int.MaxValue);

        foreach (SdpGroup group in description.Groups) Attribute(sb, "group", group.ToString());
        if (description.IceLite) Attribute(sb, "ice-lite", null);
        if (description.IceUfrag is not null) Attribute(sb, "ice-ufrag", description.IceUfrag);
        if (description.IcePwd is not null) Attribute(sb, "ice-pwd", description.IcePwd);
        if (description.IceOptions.Count > 0) Attribute(sb, "ice-options", string.Join(' ', description.IceOptions));
        foreach (SdpFingerprint fingerprint in description.Fingerprints) Attribute(sb, "fingerprint", fingerprint.ToString());
        if (description.Setup is SdpSetup setup) Attribute(sb, "setup", setup.ToText());
        foreach (SdpAttribute attribute in description.Attributes) sb.Append("a=").Append(attribute.ToString()).Append(Crlf);
        if (description.EndOfCandidates) Attribute(sb, "end-of-candidates", null);

        foreach (MediaDescription media in description.Media) WriteMedia(sb, media);
        return sb.ToString();
    }

    public static void WriteMedia(StringBuilder sb, MediaDescription media)
    {
        sb.Append("m=").Append(media.Media).Append(' ').Append(media.Port.ToString(CultureInfo.InvariantCulture));
        if (media.PortCount is int count) sb.Append('/').Append(count.ToString(CultureInfo.InvariantCulture));
        sb.Append(' ').Append(media.Protocol);
        foreach (string format in media.Formats) sb.Append(' ').Append(format);
        sb.Append(Crlf);
        WriteLines(sb, media.OtherLines, MediaDescription.OtherLineRank, 0, 0);
        if (media.Connection is not null) sb.Append("c=").Append(media.Connection).Append(Crlf);
        WriteLines(sb, media.OtherLines, MediaDescription.OtherLineRank, 1, int.MaxValue);

        if (media.IceUfrag is not null) Attribute(sb, "ice-ufrag", media.IceUfrag);
        if (media.IcePwd is not null) Attribute(sb, "ice-pwd", media.IcePwd);
        if (media.IceOptions.Count > 0) Attribute(sb, "ice-options", string.Join(' ', media.IceOptions));
        foreach (SdpFingerprint fingerprint in media.Fingerprints) Attribute(sb, "fingerprint", fingerprint.ToString());
        if (media.Setup is SdpSetup setup) Attribute(sb, "setup", setup.ToText());
        if (media.Mid is not null) Attribute(sb, "mid", media.Mid);
        foreach (SdpAttribute attribute in media.Attributes) sb.Append("a=").Append(attribute.ToString()).Append(Crlf);
        if (media.SctpPort is int sctpPort) Attribute(sb, "sctp-port", sctpPort.ToString(CultureInfo.InvariantCulture));
        if (media.MaxMessageSize is long maxMessageSize) Attribute(sb, "max-message-size", maxMessageSize.ToString(CultureInfo.InvariantCulture));
        foreach (string candidate in media.Candidates) Attribute(sb, "candidate", candidate);
        if (media.EndOfCandidates) Attribute(sb, "end-of-candidates", null);
    }

    private static void Attribute(StringBuilder sb, string name, string? value)
    {
        sb.Append("a=").Append(name);
        if (value is not null) sb.Append(':').Append(value);
        sb.Append(Crlf);
    }

    /// <summary>Writes the lines whose rank is within [<paramref name="from"/>, <paramref name="to"/>]; the list is already in rank order.</summary>
    private static void WriteLines(StringBuilder sb, IReadOnlyList<SdpLine> lines, Func<char, int> rank, int from, int to)
    {
        foreach (SdpLine line in lines)
        {
            int r = rank(line.Type);
            if (r >= from && r <= to) sb.Append(line.Type).Append('=').Append(line.Value).Append(Crlf);
        }
    }
}
