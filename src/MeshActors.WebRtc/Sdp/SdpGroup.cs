namespace MeshActors.WebRtc.Sdp;

/// <summary>
/// An <c>a=group:&lt;semantics&gt; &lt;mid&gt; …</c> session attribute (RFC 5888 §5), e.g. <c>a=group:BUNDLE 0</c>
/// (RFC 9143): the media sections with these <c>a=mid</c> values share one transport.
/// </summary>
public sealed record SdpGroup
{
    /// <summary>The semantics of BUNDLE groups (RFC 9143).</summary>
    public const string Bundle = "BUNDLE";

    private readonly string _semantics = Bundle;
    private readonly IReadOnlyList<string> _mids = [];

    /// <summary>Creates a group.</summary>
    public SdpGroup(string semantics, IEnumerable<string> mids)
    {
        Semantics = semantics;
        Mids = mids.ToArray();
    }

    /// <summary>The semantics token, e.g. "BUNDLE".</summary>
    public string Semantics { get => _semantics; init => _semantics = SdpText.RequireToken(value, nameof(Semantics)); }

    /// <summary>The identification tags (<c>a=mid</c> values) of the grouped media sections, in order.</summary>
    public IReadOnlyList<string> Mids { get => _mids; init => _mids = SdpModel.Tokens(value, nameof(Mids)); }

    /// <summary>Whether this is a BUNDLE group (semantics compared case-insensitively).</summary>
    public bool IsBundle => string.Equals(Semantics, Bundle, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public bool Equals(SdpGroup? other) =>
        other is not null && Semantics == other.Semantics && SdpModel.SequenceEqual(Mids, other.Mids);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Semantics, Mids.Count);

    /// <summary>The attribute value: semantics and mids separated by spaces.</summary>
    public override string ToString() => Mids.Count == 0 ? Semantics : Semantics + " " + string.Join(' ', Mids);
}
