using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MeshActors.WebRtc.Dtls;
using Org.BouncyCastle.Asn1.X509;

namespace MeshActors.WebRtc.Tests.Dtls;

public sealed class RtcCertificateTests
{
    [Fact]
    public void Generated_certificate_is_self_signed_ecdsa_p256_with_sha256_and_expires_in_30_days()
    {
        var before = DateTimeOffset.UtcNow;
        var certificate = RtcCertificate.Generate();

        var structure = X509CertificateStructure.GetInstance(certificate.GetCertificateDer());
        Assert.Equal("1.2.840.10045.4.3.2", structure.SignatureAlgorithm.Algorithm.Id); // ecdsa-with-SHA256
        Assert.Equal(structure.Issuer, structure.Subject);
        Assert.Equal("1.2.840.10045.2.1", structure.SubjectPublicKeyInfo.Algorithm.Algorithm.Id); // id-ecPublicKey
        Assert.Equal("1.2.840.10045.3.1.7", structure.SubjectPublicKeyInfo.Algorithm.Parameters.ToString()); // P-256
        certificate.Certificate.Verify(certificate.Certificate.GetPublicKey());
        Assert.InRange(certificate.Expires, before.AddDays(30).AddSeconds(-2), before.AddDays(30).AddSeconds(2));
        Assert.True(certificate.NotBefore < before);
        Assert.False(certificate.IsExpired(DateTimeOffset.UtcNow));
    }

    [Fact]
    public void Fingerprint_is_the_sha256_of_the_exact_der_bytes()
    {
        var certificate = RtcCertificate.Generate();
        var der = certificate.GetCertificateDer();
        Assert.Equal(SHA256.HashData(der), certificate.Fingerprint.Value.ToArray());
        Assert.Equal([certificate.Fingerprint], certificate.GetFingerprints());
        Assert.True(certificate.GetFingerprint("sha-512").Matches(der));
    }

    [Fact]
    public void Expiry_can_be_chosen_including_one_in_the_past()
    {
        var expires = DateTimeOffset.UtcNow.AddHours(-1);
        var certificate = RtcCertificate.Generate(expires);
        Assert.InRange(certificate.Expires, expires.AddSeconds(-1), expires.AddSeconds(1));
        Assert.True(certificate.IsExpired(DateTimeOffset.UtcNow));
        Assert.True(certificate.NotBefore < certificate.Expires);
    }

    [Fact]
    public void Pem_export_loads_back_to_the_same_certificate_and_key()
    {
        var certificate = RtcCertificate.Generate();
        var certificatePem = certificate.ExportCertificatePem();
        var keyPem = certificate.ExportPrivateKeyPem();
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", certificatePem);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", keyPem);

        var separate = RtcCertificate.FromPem(certificatePem, keyPem);
        var combined = RtcCertificate.FromPem(keyPem + certificatePem);
        Assert.Equal(certificate.Fingerprint, separate.Fingerprint);
        Assert.Equal(certificate.Fingerprint, combined.Fingerprint);
        Assert.Equal(certificate.PrivateKey.D, separate.PrivateKey.D);
    }

    [Fact]
    public void Pem_from_dotnet_with_an_sec1_ec_private_key_loads()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=dotnet", key, HashAlgorithmName.SHA256);
        using var dotnetCertificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10));
        var loaded = RtcCertificate.FromPem(dotnetCertificate.ExportCertificatePem(), key.ExportECPrivateKeyPem());
        Assert.Equal(SHA256.HashData(dotnetCertificate.RawData), loaded.Fingerprint.Value.ToArray());

        var fromDer = RtcCertificate.FromDer(dotnetCertificate.RawData, key.ExportPkcs8PrivateKey());
        Assert.Equal(loaded.Fingerprint, fromDer.Fingerprint);
    }

    [Fact]
    public void Garbage_certificate_bytes_are_refused_with_a_clear_error()
    {
        var key = RtcCertificate.Generate();
        var pkcs8 = Convert.FromBase64String(string.Concat(key.ExportPrivateKeyPem().Split('\n').Where(l => !l.StartsWith("-----"))));
        var error = Assert.Throws<ArgumentException>(() => RtcCertificate.FromDer([0x30, 0x03, 0xFF, 0xFF, 0xFF], pkcs8));
        Assert.Contains("not a DER-encoded X.509 certificate", error.Message);
        Assert.Throws<ArgumentException>(() => RtcCertificate.FromPem("not pem at all"));
    }

    [Fact]
    public void A_key_that_does_not_belong_to_the_certificate_is_refused()
    {
        var one = RtcCertificate.Generate();
        var other = RtcCertificate.Generate();
        var error = Assert.Throws<ArgumentException>(() =>
            RtcCertificate.FromPem(one.ExportCertificatePem(), other.ExportPrivateKeyPem()));
        Assert.Contains("does not belong", error.Message);
    }

    [Fact]
    public void A_non_p256_key_is_refused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var request = new CertificateRequest("CN=p384", key, HashAlgorithmName.SHA384);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10));
        var certificatePem = certificate.ExportCertificatePem();
        var keyPem = key.ExportPkcs8PrivateKeyPem();
        var error = Assert.Throws<ArgumentException>(() => RtcCertificate.FromPem(certificatePem, keyPem));
        Assert.Contains("P-256", error.Message);
    }
}
