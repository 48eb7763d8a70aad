namespace MeshActors.WebRtc.Stun.Attributes;

/// <summary>
/// SOFTWARE (0x8022, RFC 8489 §14.14): a UTF-8 description of the agent, fewer than 128
/// characters (at most 763 bytes). Comprehension-optional. A view over the message bytes.
/// </summary>
public readonly ref struct SoftwareAttribute(ReadOnlySpan<byte> utf8)
{
    /// <summary>The attribute type.</summary>
    public const StunAttributeType Type = StunAttributeType.Software;

    /// <summary>Longest value allowed in bytes (RFC 8489 §14.14).</summary>
    public const int MaxLength = 763;

    /// <summary>The UTF-8 bytes.</summary>
    public ReadOnlySpan<byte> Utf8 { get; } = utf8;

    /// <summary>Value length in bytes (before padding).</summary>
    public int GetLength() => Utf8.Length;

    /// <summary>Writes the value.</summary>
    public void Write(Span<byte> value) => Utf8.CopyTo(value);

    /// <summary>Reads a value; never throws.</summary>
    public static StunReadStatus TryRead(ReadOnlySpan<byte> value, out SoftwareAttribute attribute)
    {
        attribute = new SoftwareAttribute(value);
        return value.Length <= MaxLength ? StunReadStatus.Ok : StunReadStatus.BadAttributeValue;
    }
}
