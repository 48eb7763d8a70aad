namespace MeshActors.WebRtc.Sdp;

/// <summary>
/// The kind of a session description in the offer/answer exchange (W3C WebRTC <c>RTCSdpType</c>,
/// JSEP RFC 8829). The text forms are "offer", "answer", "pranswer" and "rollback".
/// </summary>
public enum SdpType
{
    /// <summary>"offer": a proposal that the remote side answers.</summary>
    Offer,

    /// <summary>"answer": the final answer to an offer; completes the negotiation.</summary>
    Answer,

    /// <summary>"pranswer": a provisional answer; a final answer follows.</summary>
    Pranswer,

    /// <summary>"rollback": cancels the current offer; carries no SDP text.</summary>
    Rollback,
}

/// <summary>Text forms of <see cref="SdpType"/> as used by W3C WebRTC and signaling messages.</summary>
public static class SdpTypeText
{
    /// <summary>The lower-case W3C name: "offer", "answer", "pranswer" or "rollback".</summary>
    public static string ToText(this SdpType type) => type switch
    {
        SdpType.Offer => "offer",
        SdpType.Answer => "answer",
        SdpType.Pranswer => "pranswer",
        SdpType.Rollback => "rollback",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a defined SdpType."),
    };

    /// <summary>Parses a W3C type name (case-insensitive); <c>false</c> for anything else.</summary>
    public static bool TryParse(string? text, out SdpType type)
    {
        switch (text?.ToLowerInvariant())
        {
            case "offer": type = SdpType.Offer; return true;
            case "answer": type = SdpType.Answer; return true;
            case "pranswer": type = SdpType.Pranswer; return true;
            case "rollback": type = SdpType.Rollback; return true;
            default: type = default; return false;
        }
    }
}
