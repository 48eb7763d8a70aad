namespace MeshActors.WebRtc.Sdp;

/// <summary>
/// One <c>a=fingerprint:&lt;hash-func&gt; &lt;fingerprint&gt;</c> attribute (RFC 8122 §5): the hash function
/// name (e.g. "sha-256") and the certificate digest as text, upper-case hex pairs separated by ':'.
/// The text is kept as written; the DTLS layer converts it to bytes and compares digests.
/// </summary>
/// <remarks>
/// Equality ignores case in both parts: RFC 8122 hash function names are case-insensitive and
/// browsers differ in hex case (the grammar says upper case; some peers send lower case).
/// </remarks>
public sealed record SdpFingerprint
{
    /// <summary>Creates a fingerprint; both parts must be non-empty and free of whitespace.</summary>
    /// <exception cref="ArgumentException">A part is empty or contains whitespace or control characters.</exception>
    public SdpFingerprint(string hashFunction, string value)
    {
        HashFunction = SdpText.RequireToken(hashFunction, nameof(hashFunction));
        Value = SdpText.RequireToken(value, nameof(value));
    }

    /// <summary>The hash function name as written, e.g. "sha-256".</summary>
    public string HashFunction { get; }

    /// <summary>The digest as written, e.g. "F1:DF:82:…".</summary>
    public string Value { get; }

    /// <summary>
    /// The fingerprint of a certificate whose <paramref name="hashFunction"/> digest is <paramref name="digest"/>:
    /// upper-case hex pairs separated by ':' as RFC 8122 §5 writes them.
    /// </summary>
    public static SdpFingerprint FromDigest(string hashFunction, ReadOnlySpan<byte> digest)
    {
        if (digest.IsEmpty) throw new ArgumentException("A digest has at least one byte.", nameof(digest));
        const string Hex = "0123456789ABCDEF";
        var text = new char[(digest.Length * 3) - 1];
        for (int i = 0; i < digest.Length; i++)
        {
            if (i > 0) text[(i * 3) - 1] = ':';
            text[i * 3] = Hex[digest[i] >> 4];
            text[(i * 3) + 1] = Hex[digest[i] & 0xF];
        }
        return new SdpFingerprint(hashFunction, new string(text));
    }

    /// <summary>
    /// Parses the value of an <c>a=fingerprint</c> attribute: a hash function name, one or more spaces,
    /// and the digest text. <c>false</c> when there are not exactly two fields.
    /// </summary>
    public static bool TryParse(string? attributeValue, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SdpFingerprint? fingerprint)
    {
        fingerprint = null;
        if (attributeValue is null) return false;
        string[] parts = attributeValue.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !SdpText.IsToken(parts[0]) || !SdpText.IsToken(parts[1])) return false;
        fingerprint = new SdpFingerprint(parts[0], parts[1]);
        return true;
    }

    /// <inheritdoc/>
    public bool Equals(SdpFingerprint? other) =>
        other is not null
        && string.Equals(HashFunction, other.HashFunction, StringComparison.OrdinalIgnoreCase)
        && string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(
        StringComparer.OrdinalIgnoreCase.GetHashCode(HashFunction), StringComparer.OrdinalIgnoreCase.GetHashCode(Value));

    /// <summary>The attribute value: "&lt;hash-func&gt; &lt;fingerprint&gt;".</summary>
    public override string ToString() => HashFunction + " " + Value;
}
