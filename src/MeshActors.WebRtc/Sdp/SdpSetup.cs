namespace MeshActors.WebRtc.Sdp;

/// <summary>
/// The <c>a=setup</c> role (RFC 4145 §4, used for DTLS by RFC 5763 §5 and RFC 8842 §5): which side
/// opens the connection. For DTLS, <see cref="Active"/> is the DTLS client.
/// </summary>
public enum SdpSetup
{
    /// <summary>"actpass": either role; an offerer MUST send this (RFC 5763 §5).</summary>
    Actpass,

    /// <summary>"active": this side initiates (DTLS client).</summary>
    Active,

    /// <summary>"passive": this side accepts (DTLS server).</summary>
    Passive,

    /// <summary>"holdconn": no connection for now.</summary>
    Holdconn,
}

/// <summary>Text forms of <see cref="SdpSetup"/>.</summary>
public static class SdpSetupText
{
    /// <summary>The token written after <c>a=setup:</c>.</summary>
    public static string ToText(this SdpSetup setup) => setup switch
    {
        SdpSetup.Actpass => "actpass",
        SdpSetup.Active => "active",
        SdpSetup.Passive => "passive",
        SdpSetup.Holdconn => "holdconn",
        _ => throw new ArgumentOutOfRangeException(nameof(setup), setup, "Not a defined SdpSetup."),
    };

    /// <summary>Parses a setup token (case-insensitive, RFC 4145 tokens are lower-case).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out SdpSetup setup)
    {
        if (text.Equals("actpass", StringComparison.OrdinalIgnoreCase)) { setup = SdpSetup.Actpass; return true; }
        if (text.Equals("active", StringComparison.OrdinalIgnoreCase)) { setup = SdpSetup.Active; return true; }
        if (text.Equals("passive", StringComparison.OrdinalIgnoreCase)) { setup = SdpSetup.Passive; return true; }
        if (text.Equals("holdconn", StringComparison.OrdinalIgnoreCase)) { setup = SdpSetup.Holdconn; return true; }
        setup = default;
        return false;
    }
}
