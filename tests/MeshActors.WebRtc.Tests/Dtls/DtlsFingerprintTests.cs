using System.Security.Cryptography;
using MeshActors.WebRtc.Dtls;

namespace MeshActors.WebRtc.Tests.Dtls;

public sealed class DtlsFingerprintTests
{
    private static readonly byte[] Der = Enumerable.Range(0, 300).Select(i => (byte)(i * 7)).ToArray();

    [Fact]
    public void Sdp_form_is_the_hash_name_and_upper_case_hex_pairs_joined_by_colons()
    {
        var fingerprint = DtlsFingerprint.Compute(Der);
        var hash = SHA256.HashData(Der);
        Assert.Equal("sha-256 " + string.Join(":", hash.Select(b => b.ToString("X2"))), fingerprint.ToString());
        Assert.Equal(hash, fingerprint.Value.ToArray());
    }

    [Theory]
    [InlineData("sha-256")]
    [InlineData("sha-384")]
    [InlineData("sha-512")]
    public void Parse_reads_what_ToString_writes_and_matches_the_certificate(string algorithm)
    {
        var fingerprint = DtlsFingerprint.Compute(Der, algorithm);
        var parsed = DtlsFingerprint.Parse(fingerprint.ToString());
        Assert.Equal(fingerprint, parsed);
        Assert.Equal(algorithm, parsed.Algorithm);
        Assert.True(parsed.Matches(Der));
        Assert.False(parsed.Matches(Der.AsSpan(1)));
    }

    [Fact]
    public void Parse_accepts_upper_case_hash_names_and_lower_case_hex()
    {
        var text = DtlsFingerprint.Compute(Der).ToString();
        var parsed = DtlsFingerprint.Parse("SHA-256 " + text[8..].ToLowerInvariant());
        Assert.True(parsed.Matches(Der));
        Assert.Equal(text, parsed.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("sha-256")]
    [InlineData("sha-1 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01")]
    [InlineData("md5 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89")]
    [InlineData("sha-256 AB:CD")]
    [InlineData("sha-256 ZZ:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89")]
    [InlineData("sha-256 AB-CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89")]
    [InlineData("sha-256 ABCD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:0")]
    public void TryParse_refuses_text_that_is_not_a_supported_fingerprint(string text)
    {
        Assert.False(DtlsFingerprint.TryParse(text, out _));
        Assert.Throws<FormatException>(() => DtlsFingerprint.Parse(text));
    }

    [Fact]
    public void Fingerprints_with_different_hash_functions_are_not_equal()
    {
        Assert.NotEqual(DtlsFingerprint.Compute(Der, "sha-256"), DtlsFingerprint.Compute(Der, "sha-384"));
        Assert.Throws<ArgumentException>(() => DtlsFingerprint.Compute(Der, "sha-1"));
        Assert.Throws<ArgumentException>(() => DtlsFingerprint.Create("sha-256", new byte[31]));
    }
}
