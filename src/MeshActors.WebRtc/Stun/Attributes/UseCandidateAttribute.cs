namespace MeshActors.WebRtc.Stun.Attributes;

/// <summary>
/// USE-CANDIDATE (0x0025, RFC 8445 §7.1.2): empty flag with which the controlling agent nominates
/// the pair of this check.
/// </summary>
public readonly struct UseCandidateAttribute
{
    /// <summary>The attribute type.</summary>
    public const StunAttributeType Type = StunAttributeType.UseCandidate;

    /// <summary>Value length: 0.</summary>
    public int GetLength() => 0;

    /// <summary>Reads a value; never throws.</summary>
    public static StunReadStatus TryRead(ReadOnlySpan<byte> value, out UseCandidateAttribute attribute)
    {
        attribute = default;
        return value.IsEmpty ? StunReadStatus.Ok : StunReadStatus.BadAttributeValue;
    }
}
