namespace MeshActors.WebRtc.Stun.Attributes;

/// <summary>
/// USERNAME (0x0006, RFC 8489 §14.3): UTF-8, fewer than 509 bytes. In ICE checks it is
/// "&lt;receiver ufrag&gt;:&lt;sender ufrag&gt;" (RFC 8445 §7.2.2). A view over the message bytes: no allocation.
/// </summary>
public readonly ref struct UsernameAttribute(ReadOnlySpan<byte> utf8)
{
    /// <summary>The attribute type.</summary>
    public const StunAttributeType Type = StunAttributeType.Username;

    /// <summary>Longest value allowed (RFC 8489 §14.3: less than 509 bytes).</summary>
    public const int MaxLength = 508;

    /// <summary>The UTF-8 bytes.</summary>
    public ReadOnlySpan<byte> Utf8 { get; } = utf8;

    /// <summary>Value length in bytes (before padding).</summary>
    public int GetLength() => Utf8.Length;

    /// <summary>Writes the value.</summary>
    public void Write(Span<byte> value) => Utf8.CopyTo(value);

    /// <summary>Reads a value; never throws.</summary>
    public static StunReadStatus TryRead(ReadOnlySpan<byte> value, out UsernameAttribute attribute)
    {
        attribute = new UsernameAttribute(value);
        return value.Length <= MaxLength ? StunReadStatus.Ok : StunReadStatus.BadAttributeValue;
    }
}
