using System.Security.Cryptography;
using MeshActors.WebRtc.Dtls;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using HashAlgorithm = Org.BouncyCastle.Tls.HashAlgorithm;

namespace MeshActors.WebRtc.Tests.Dtls;

/// <summary>
/// The handshake's elliptic-curve operations on the platform's crypto (P-256 ECDHE, ECDSA signing and verification)
/// checked against BouncyCastle's independent implementation.
/// </summary>
public sealed class PlatformEcCryptoTests
{
    private static readonly SignatureAndHashAlgorithm EcdsaSha256 = new(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);

    [Fact]
    public void P256_agreement_derives_the_secret_bouncycastle_derives_in_both_roles()
    {
        var crypto = new BcTlsCrypto(new SecureRandom());
        var bouncyCastle = new BcTlsECDomain(crypto, new TlsECConfig(NamedGroup.secp256r1));

        // Ours as a server (its share first), BouncyCastle as a client (the peer's share first).
        var ours = new DotNetP256Agreement(crypto);
        var theirs = bouncyCastle.CreateECDH();
        var ourShare = ours.GenerateEphemeral();
        theirs.ReceivePeerValue(ourShare);
        ours.ReceivePeerValue(theirs.GenerateEphemeral());
        Assert.Equal(65, ourShare.Length);
        Assert.Equal(0x04, ourShare[0]);
        Assert.Equal(theirs.CalculateSecret().Extract(), ours.CalculateSecret().Extract());

        // And the other way round.
        ours = new DotNetP256Agreement(crypto);
        theirs = bouncyCastle.CreateECDH();
        ours.ReceivePeerValue(theirs.GenerateEphemeral());
        theirs.ReceivePeerValue(ours.GenerateEphemeral());
        var secret = ours.CalculateSecret().Extract();
        Assert.Equal(32, secret.Length);
        Assert.Equal(theirs.CalculateSecret().Extract(), secret);
    }

    [Fact]
    public void P256_agreement_refuses_a_point_off_the_curve_a_compressed_point_and_a_short_one()
    {
        var crypto = new BcTlsCrypto(new SecureRandom());
        var valid = new DotNetP256Agreement(crypto).GenerateEphemeral();
        var offCurve = (byte[])valid.Clone();
        offCurve[64] ^= 0x01;
        var compressed = new byte[33];
        compressed[0] = (byte)(0x02 | (valid[64] & 1));
        valid.AsSpan(1, 32).CopyTo(compressed.AsSpan(1));

        foreach (var share in new[] { offCurve, compressed, valid[..64], new byte[65] })
        {
            var alert = Assert.Throws<TlsFatalAlert>(() => new DotNetP256Agreement(crypto).ReceivePeerValue(share));
            Assert.Equal(AlertDescription.illegal_parameter, alert.AlertDescription);
        }
    }

    [Fact]
    public void Signatures_of_a_generated_and_of_a_loaded_certificate_verify_with_bouncycastle()
    {
        var generated = RtcCertificate.Generate();
        var loaded = RtcCertificate.FromPem(generated.ExportCertificatePem(), generated.ExportPrivateKeyPem());
        var hash = SHA256.HashData("ServerKeyExchange params"u8);
        foreach (var certificate in new[] { generated, loaded })
        {
            var signature = new DotNetEcdsaSigner(certificate).GenerateRawSignature(EcdsaSha256, hash);
            Assert.True(VerifyWithBouncyCastle(certificate, hash, signature));
            hash[0] ^= 1;
            Assert.False(VerifyWithBouncyCastle(certificate, hash, signature));
        }
    }

    [Fact]
    public void Signer_refuses_a_non_ecdsa_algorithm()
    {
        var signer = new DotNetEcdsaSigner(RtcCertificate.Generate());
        var alert = Assert.Throws<TlsFatalAlert>(() =>
            signer.GenerateRawSignature(new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.rsa), new byte[32]));
        Assert.Equal(AlertDescription.internal_error, alert.AlertDescription);
        Assert.Null(signer.GetStreamSigner(EcdsaSha256));
    }

    [Fact]
    public void The_peer_certificate_verifies_bouncycastle_signatures_on_the_platform_and_rejects_bad_ones()
    {
        var certificate = RtcCertificate.Generate();
        var crypto = new DtlsTlsCrypto(new SecureRandom());
        var peer = crypto.CreateCertificate(CertificateType.X509, certificate.GetCertificateDer());
        var verifier = peer.CreateVerifier(SignatureAlgorithm.ecdsa);
        Assert.IsType<DotNetEcdsaVerifier>(verifier);
        Assert.Null(verifier.GetStreamVerifier(new DigitallySigned(EcdsaSha256, [])));

        var hash = SHA384.HashData("CertificateVerify handshake messages"u8); // the signature names the hash
        var signature = SignWithBouncyCastle(certificate, hash);
        var ecdsaSha384 = new SignatureAndHashAlgorithm(HashAlgorithm.sha384, SignatureAlgorithm.ecdsa);
        Assert.True(verifier.VerifyRawSignature(new DigitallySigned(ecdsaSha384, signature), hash));

        var otherHash = (byte[])hash.Clone();
        otherHash[0] ^= 0x80; // ECDSA on P-256 uses the leftmost 256 bits of a longer hash (SEC 1 §4.1.3)
        Assert.False(verifier.VerifyRawSignature(new DigitallySigned(ecdsaSha384, signature), otherHash));
        var otherKey = SignWithBouncyCastle(RtcCertificate.Generate(), hash);
        Assert.False(verifier.VerifyRawSignature(new DigitallySigned(ecdsaSha384, otherKey), hash));
        Assert.False(verifier.VerifyRawSignature(new DigitallySigned(ecdsaSha384, [0x30, 0x03, 0x02, 0x01]), hash));
        var rsa = new SignatureAndHashAlgorithm(HashAlgorithm.sha384, SignatureAlgorithm.rsa);
        Assert.False(verifier.VerifyRawSignature(new DigitallySigned(rsa, signature), hash));
        Assert.False(verifier.VerifyRawSignature(new DigitallySigned(null, signature), hash));
    }

    private static bool VerifyWithBouncyCastle(RtcCertificate certificate, byte[] hash, byte[] signature)
    {
        var verifier = new DsaDigestSigner(new ECDsaSigner(), new NullDigest());
        verifier.Init(false, certificate.Certificate.GetPublicKey());
        verifier.BlockUpdate(hash, 0, hash.Length);
        return verifier.VerifySignature(signature);
    }

    private static byte[] SignWithBouncyCastle(RtcCertificate certificate, byte[] hash)
    {
        var signer = new DsaDigestSigner(new ECDsaSigner(), new NullDigest());
        signer.Init(true, new ParametersWithRandom(certificate.PrivateKey, new SecureRandom()));
        signer.BlockUpdate(hash, 0, hash.Length);
        return signer.GenerateSignature();
    }
}
