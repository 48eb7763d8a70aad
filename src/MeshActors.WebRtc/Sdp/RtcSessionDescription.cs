namespace MeshActors.WebRtc.Sdp;

/// <summary>
/// A session description as exchanged over signaling, shaped like W3C WebRTC's
/// <c>RTCSessionDescriptionInit</c>: the type and the SDP text. A rollback carries empty text.
/// </summary>
/// <param name="Type">Offer, answer, provisional answer or rollback.</param>
/// <param name="Sdp">The SDP text (CRLF lines), empty for <see cref="SdpType.Rollback"/>.</param>
public sealed record RtcSessionDescription(SdpType Type, string Sdp)
{
    /// <summary>A description of <paramref name="type"/> whose text is <paramref name="description"/> written out.</summary>
    public static RtcSessionDescription From(SdpType type, SessionDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        return new RtcSessionDescription(type, description.ToString());
    }

    /// <summary>Parses <see cref="Sdp"/>; see <see cref="SessionDescription.TryParse"/>.</summary>
    public bool TryParse([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SessionDescription? description,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out SdpParseError? error)
        => SessionDescription.TryParse(Sdp, out description, out error);

    /// <summary>Parses <see cref="Sdp"/>; throws <see cref="SdpParseException"/> when it is malformed.</summary>
    public SessionDescription Parse() => SessionDescription.Parse(Sdp);

    /// <inheritdoc/>
    public override string ToString() => $"{Type.ToText()} ({Sdp.Length} chars of SDP)";
}
