using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace MeshActors.WebRtc.Dtls;

/// <summary>
/// A certificate fingerprint as carried by SDP <c>a=fingerprint</c> (RFC 8122 §5): a hash function name and the
/// hash of the certificate's DER encoding, written <c>sha-256 AB:CD:…</c> (upper-case hex pairs joined by colons).
/// </summary>
/// <remarks>
/// RFC 8827 §6.5 requires the DTLS peer's certificate to match a fingerprint of the remote description. The hash
/// functions accepted here are sha-256, sha-384 and sha-512 (RFC 8122 §5 also names sha-1, sha-224, md5 and md2;
/// those are refused as too weak or unused by browsers). Comparison is constant-time.
/// </remarks>
public sealed class DtlsFingerprint : IEquatable<DtlsFingerprint>
{
    /// <summary>The SDP name of SHA-256, the hash WebRTC endpoints use (RFC 8122 §5).</summary>
    public const string Sha256 = "sha-256";

    /// <summary>The SDP name of SHA-384.</summary>
    public const string Sha384 = "sha-384";

    /// <summary>The SDP name of SHA-512.</summary>
    public const string Sha512 = "sha-512";

    private readonly byte[] _value;

    private DtlsFingerprint(string algorithm, byte[] value)
    {
        Algorithm = algorithm;
        _value = value;
    }

    /// <summary>The hash function's SDP name, lower case (<c>sha-256</c>, <c>sha-384</c> or <c>sha-512</c>).</summary>
    public string Algorithm { get; }

    /// <summary>The hash bytes.</summary>
    public ReadOnlySpan<byte> Value => _value;

    /// <summary>Creates a fingerprint from an algorithm name and hash bytes of the algorithm's length.</summary>
    /// <exception cref="ArgumentException">The algorithm is not supported or the length does not fit it.</exception>
    public static DtlsFingerprint Create(string algorithm, ReadOnlySpan<byte> value)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        var normalized = NormalizeAlgorithm(algorithm)
            ?? throw new ArgumentException(
                $"Unsupported fingerprint hash function '{algorithm}'; supported: {Sha256}, {Sha384}, {Sha512}.",
                nameof(algorithm));
        if (value.Length != HashLength(normalized))
        {
            throw new ArgumentException(
                $"A {normalized} fingerprint has {HashLength(normalized)} bytes, not {value.Length}.", nameof(value));
        }
        return new DtlsFingerprint(normalized, value.ToArray());
    }

    /// <summary>Hashes <paramref name="certificateDer"/> (the exact DER bytes sent in the handshake).</summary>
    /// <exception cref="ArgumentException">The algorithm is not supported.</exception>
    public static DtlsFingerprint Compute(ReadOnlySpan<byte> certificateDer, string algorithm = Sha256)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        var normalized = NormalizeAlgorithm(algorithm)
            ?? throw new ArgumentException(
                $"Unsupported fingerprint hash function '{algorithm}'; supported: {Sha256}, {Sha384}, {Sha512}.",
                nameof(algorithm));
        return new DtlsFingerprint(normalized, Hash(normalized, certificateDer));
    }

    /// <summary>Parses the SDP form <c>sha-256 AB:CD:…</c> (hash name case-insensitive, hex of either case).</summary>
    /// <exception cref="FormatException">The text is not a supported fingerprint.</exception>
    public static DtlsFingerprint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!TryParse(text, out var fingerprint))
        {
            throw new FormatException(
                $"'{text}' is not a fingerprint of the form 'sha-256 AB:CD:…' (RFC 8122 §5) with hash function " +
                $"{Sha256}, {Sha384} or {Sha512} and the matching number of hex pairs.");
        }
        return fingerprint;
    }

    /// <summary>Parses the SDP form <c>sha-256 AB:CD:…</c>; false when the text is not a supported fingerprint.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out DtlsFingerprint? fingerprint)
    {
        fingerprint = null;
        if (text is null)
        {
            return false;
        }
        var span = text.AsSpan().Trim();
        var space = span.IndexOfAny(' ', '\t');
        if (space <= 0)
        {
            return false;
        }
        var algorithm = NormalizeAlgorithm(span[..space]);
        if (algorithm is null)
        {
            return false;
        }
        var hex = span[(space + 1)..].TrimStart();
        var length = HashLength(algorithm);
        // Each byte is two hex digits; bytes are separated by single colons (RFC 8122 §5 "fingerprint").
        if (hex.Length != (length * 3) - 1)
        {
            return false;
        }
        var value = new byte[length];
        for (var i = 0; i < length; i++)
        {
            var at = i * 3;
            if (i > 0 && hex[at - 1] != ':')
            {
                return false;
            }
            var high = HexValue(hex[at]);
            var low = HexValue(hex[at + 1]);
            if (high < 0 || low < 0)
            {
                return false;
            }
            value[i] = (byte)((high << 4) | low);
        }
        fingerprint = new DtlsFingerprint(algorithm, value);
        return true;
    }

    /// <summary>
    /// True when <paramref name="certificateDer"/> hashes to this fingerprint with this fingerprint's hash function.
    /// The comparison takes the same time wherever the bytes differ.
    /// </summary>
    public bool Matches(ReadOnlySpan<byte> certificateDer)
    {
        Span<byte> hash = stackalloc byte[64];
        var written = HashInto(Algorithm, certificateDer, hash);
        return CryptographicOperations.FixedTimeEquals(hash[..written], _value);
    }

    /// <summary>The SDP form, e.g. <c>sha-256 AB:CD:…</c>.</summary>
    public override string ToString()
    {
        var chars = new char[Algorithm.Length + 1 + (_value.Length * 3) - 1];
        Algorithm.CopyTo(chars);
        var at = Algorithm.Length;
        chars[at++] = ' ';
        for (var i = 0; i < _value.Length; i++)
        {
            if (i > 0)
            {
                chars[at++] = ':';
            }
            chars[at++] = "0123456789ABCDEF"[_value[i] >> 4];
            chars[at++] = "0123456789ABCDEF"[_value[i] & 0xF];
        }
        return new string(chars);
    }

    /// <summary>Same hash function and same bytes (constant-time over the bytes).</summary>
    public bool Equals(DtlsFingerprint? other) =>
        other is not null && other.Algorithm == Algorithm && CryptographicOperations.FixedTimeEquals(other._value, _value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as DtlsFingerprint);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Algorithm, _value.Length, _value[0], _value[^1]);

    internal static string? NormalizeAlgorithm(ReadOnlySpan<char> name)
    {
        if (name.Equals(Sha256, StringComparison.OrdinalIgnoreCase))
        {
            return Sha256;
        }
        if (name.Equals(Sha384, StringComparison.OrdinalIgnoreCase))
        {
            return Sha384;
        }
        if (name.Equals(Sha512, StringComparison.OrdinalIgnoreCase))
        {
            return Sha512;
        }
        return null;
    }

    private static int HashLength(string normalized) => normalized switch
    {
        Sha256 => 32,
        Sha384 => 48,
        _ => 64,
    };

    private static byte[] Hash(string normalized, ReadOnlySpan<byte> data)
    {
        var result = new byte[HashLength(normalized)];
        HashInto(normalized, data, result);
        return result;
    }

    private static int HashInto(string normalized, ReadOnlySpan<byte> data, Span<byte> destination) => normalized switch
    {
        Sha256 => SHA256.HashData(data, destination),
        Sha384 => SHA384.HashData(data, destination),
        _ => SHA512.HashData(data, destination),
    };

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'F' => c - 'A' + 10,
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => -1,
    };
}
