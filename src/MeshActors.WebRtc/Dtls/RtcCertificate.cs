using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities;
using Org.BouncyCastle.Utilities.IO.Pem;
using OpenSslPemReader = Org.BouncyCastle.OpenSsl.PemReader;
using OpenSslPemWriter = Org.BouncyCastle.OpenSsl.PemWriter;
using Org.BouncyCastle.X509;
using CertificateRequest = System.Security.Cryptography.X509Certificates.CertificateRequest;
using X500DistinguishedName = System.Security.Cryptography.X509Certificates.X500DistinguishedName;
using X509SignatureGenerator = System.Security.Cryptography.X509Certificates.X509SignatureGenerator;

namespace MeshActors.WebRtc.Dtls;

/// <summary>
/// A DTLS identity shaped like W3C <c>RTCCertificate</c>: a self-signed ECDSA P-256 certificate signed with SHA-256
/// (RFC 8827 §6.5, the kind every browser makes), its private key, and its expiry.
/// </summary>
/// <remarks>
/// Generate one per connection with <see cref="Generate"/> (about 0.2 ms) or load a configured one with
/// <see cref="FromPem"/> / <see cref="FromDer"/>. The certificate bytes kept here are exactly the DER bytes sent in
/// the handshake, so <see cref="GetFingerprints"/> is what the remote side will compute. Instances are immutable and
/// may be shared by many connections.
/// </remarks>
public sealed class RtcCertificate
{
    /// <summary>Validity of a generated certificate when no expiry is given (browsers use 30 days).</summary>
    public static readonly TimeSpan DefaultValidity = TimeSpan.FromDays(30);

    // Generated certificates start a day early so that a peer whose clock runs behind still sees them as valid
    // (browsers do the same).
    private static readonly TimeSpan NotBeforeSkew = TimeSpan.FromDays(1);

    /// <summary>Subject and issuer of generated certificates (browsers use a short generic name too).</summary>
    private static readonly X500DistinguishedName Subject = new("CN=WebRTC");

    private readonly byte[] _der;
    private readonly object _signingGate = new();
    private ECDsa? _signingKey;

    private RtcCertificate(X509Certificate certificate, ECPrivateKeyParameters privateKey, ECDsa? signingKey = null)
    {
        _signingKey = signingKey;
        Certificate = certificate;
        PrivateKey = privateKey;
        _der = certificate.GetEncoded();
        NotBefore = new DateTimeOffset(DateTime.SpecifyKind(certificate.NotBefore, DateTimeKind.Utc));
        Expires = new DateTimeOffset(DateTime.SpecifyKind(certificate.NotAfter, DateTimeKind.Utc));
        Fingerprint = DtlsFingerprint.Compute(_der, DtlsFingerprint.Sha256);
    }

    /// <summary>Start of the validity period (UTC, whole seconds).</summary>
    public DateTimeOffset NotBefore { get; }

    /// <summary>End of the validity period (UTC, whole seconds): W3C <c>RTCCertificate.expires</c>.</summary>
    public DateTimeOffset Expires { get; }

    /// <summary>The SHA-256 fingerprint of the certificate: what goes into SDP <c>a=fingerprint</c>.</summary>
    public DtlsFingerprint Fingerprint { get; }

    internal X509Certificate Certificate { get; }

    internal ECPrivateKeyParameters PrivateKey { get; }

    /// <summary>The exact DER bytes sent in the handshake (shared; never modified).</summary>
    internal byte[] Der => _der;

    /// <summary>
    /// Signs a hash with the private key: ECDSA P-256, DER-encoded (r, s) as TLS sends it (RFC 8422 §5.4). Uses the
    /// platform's ECDSA (OpenSSL on Linux), which is native code and about ten times faster than BouncyCastle's on the
    /// first handshakes of a process, when BouncyCastle's curve arithmetic still runs unoptimized JIT code. The key
    /// is imported once and shared by every handshake of this certificate; signing is serialized (tens of µs).
    /// </summary>
    internal byte[] SignHash(ReadOnlySpan<byte> hash)
    {
        lock (_signingGate)
        {
            _signingKey ??= CreateSigningKey();
            return _signingKey.SignHash(hash, DSASignatureFormat.Rfc3279DerSequence);
        }
    }

    /// <summary>
    /// Generates a self-signed ECDSA P-256 certificate signed with SHA-256 that expires at
    /// <paramref name="expires"/> (default: now + <see cref="DefaultValidity"/>).
    /// </summary>
    /// <param name="expires">End of validity; may lie in the past (such a certificate is refused by <see cref="DtlsConnection"/>).</param>
    /// <param name="timeProvider">The clock for "now" (default: the system clock).</param>
    public static RtcCertificate Generate(DateTimeOffset? expires = null, TimeProvider? timeProvider = null)
    {
        var now = (timeProvider ?? TimeProvider.System).GetUtcNow();
        var notAfter = expires ?? now + DefaultValidity;
        var notBefore = (notAfter < now ? notAfter : now) - NotBeforeSkew;

        // The platform's (native) ECDSA makes the key and signs the certificate, and the key stays ready for the
        // handshakes' signatures.
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            var request = new CertificateRequest(Subject, key, HashAlgorithmName.SHA256);
            // A random positive 63-bit serial; browsers also use random serials.
            Span<byte> serial = stackalloc byte[8];
            do
            {
                RandomNumberGenerator.Fill(serial);
                serial[0] &= 0x7F;
            }
            while (serial.IndexOfAnyExcept((byte)0) < 0);
            using var generated = request.Create(Subject, X509SignatureGenerator.CreateForECDsa(key), notBefore, notAfter, serial);
            var d = key.ExportParameters(includePrivateParameters: true).D!;
            try
            {
                var privateKey = new ECPrivateKeyParameters("EC", new BigInteger(1, d), SecObjectIdentifiers.SecP256r1);
                var certificate = new X509Certificate(X509CertificateStructure.GetInstance(generated.RawData));
                return new RtcCertificate(certificate, privateKey, key);
            }
            finally
            {
                Array.Clear(d);
            }
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Loads a certificate and its private key from PEM text: a <c>CERTIFICATE</c> block and a <c>PRIVATE KEY</c>
    /// (PKCS#8) or <c>EC PRIVATE KEY</c> (SEC 1) block, in one text or two.
    /// </summary>
    /// <exception cref="ArgumentException">The text holds no usable certificate or key, or they do not belong together.</exception>
    public static RtcCertificate FromPem(string certificatePem, string? privateKeyPem = null)
    {
        ArgumentNullException.ThrowIfNull(certificatePem);
        X509Certificate? certificate = null;
        AsymmetricKeyParameter? privateKey = null;
        foreach (var text in privateKeyPem is null ? [certificatePem] : new[] { certificatePem, privateKeyPem })
        {
            try
            {
                using var reader = new StringReader(text);
                var pem = new OpenSslPemReader(reader);
                object? item;
                while ((item = pem.ReadObject()) is not null)
                {
                    switch (item)
                    {
                        case X509Certificate c:
                            certificate ??= c;
                            break;
                        case AsymmetricCipherKeyPair pair:
                            privateKey ??= pair.Private;
                            break;
                        case AsymmetricKeyParameter { IsPrivate: true } key:
                            privateKey ??= key;
                            break;
                    }
                }
            }
            catch (Exception ex)
            {
                throw new ArgumentException($"The PEM text could not be read: {ex.Message}", nameof(certificatePem), ex);
            }
        }
        if (certificate is null)
        {
            throw new ArgumentException("The PEM text holds no CERTIFICATE block.", nameof(certificatePem));
        }
        if (privateKey is null)
        {
            throw new ArgumentException(
                "The PEM text holds no unencrypted PRIVATE KEY or EC PRIVATE KEY block.", nameof(privateKeyPem));
        }
        return Create(certificate, privateKey);
    }

    /// <summary>Loads a DER X.509 certificate and its PKCS#8 DER private key.</summary>
    /// <exception cref="ArgumentException">The bytes are not a certificate or key, or they do not belong together.</exception>
    public static RtcCertificate FromDer(ReadOnlySpan<byte> certificateDer, ReadOnlySpan<byte> pkcs8PrivateKeyDer)
    {
        X509Certificate certificate;
        try
        {
            certificate = new X509Certificate(X509CertificateStructure.GetInstance(certificateDer.ToArray()));
        }
        catch (Exception ex)
        {
            throw new ArgumentException(
                $"The bytes are not a DER-encoded X.509 certificate: {ex.Message}", nameof(certificateDer), ex);
        }
        AsymmetricKeyParameter privateKey;
        try
        {
            privateKey = PrivateKeyFactory.CreateKey(pkcs8PrivateKeyDer.ToArray());
        }
        catch (Exception ex)
        {
            throw new ArgumentException(
                $"The bytes are not a DER-encoded PKCS#8 private key: {ex.Message}", nameof(pkcs8PrivateKeyDer), ex);
        }
        return Create(certificate, privateKey);
    }

    /// <summary>W3C <c>getFingerprints()</c>: the SHA-256 fingerprint of the certificate.</summary>
    public IReadOnlyList<DtlsFingerprint> GetFingerprints() => [Fingerprint];

    /// <summary>The fingerprint of the certificate with another hash function (sha-256, sha-384, sha-512).</summary>
    public DtlsFingerprint GetFingerprint(string algorithm) => DtlsFingerprint.Compute(_der, algorithm);

    /// <summary>A copy of the certificate's DER bytes (exactly what is sent in the handshake).</summary>
    public byte[] GetCertificateDer() => (byte[])_der.Clone();

    /// <summary>True when <paramref name="now"/> lies after <see cref="Expires"/>.</summary>
    public bool IsExpired(DateTimeOffset now) => now > Expires;

    /// <summary>The certificate as a PEM <c>CERTIFICATE</c> block.</summary>
    public string ExportCertificatePem() => ToPem(new PemObject("CERTIFICATE", _der));

    /// <summary>The private key as an unencrypted PKCS#8 PEM <c>PRIVATE KEY</c> block: keep it secret.</summary>
    public string ExportPrivateKeyPem() =>
        ToPem(new PemObject("PRIVATE KEY", PrivateKeyInfoFactory.CreatePrivateKeyInfo(PrivateKey).GetDerEncoded()));

    /// <inheritdoc />
    public override string ToString() => $"RtcCertificate {Fingerprint} expires {Expires:u}";

    private static RtcCertificate Create(X509Certificate certificate, AsymmetricKeyParameter privateKey)
    {
        var p256 = SecNamedCurves.GetByOid(SecObjectIdentifiers.SecP256r1);
        if (privateKey is not ECPrivateKeyParameters ecKey || !ecKey.Parameters.Curve.Equals(p256.Curve))
        {
            throw new ArgumentException("The private key is not an ECDSA P-256 key (RFC 8827 §6.5).", nameof(privateKey));
        }
        AsymmetricKeyParameter publicKey;
        try
        {
            publicKey = certificate.GetPublicKey();
        }
        catch (Exception ex)
        {
            throw new ArgumentException($"The certificate's public key cannot be read: {ex.Message}", nameof(certificate), ex);
        }
        if (publicKey is not ECPublicKeyParameters ecPublic || !ecPublic.Parameters.Curve.Equals(p256.Curve))
        {
            throw new ArgumentException("The certificate's key is not an ECDSA P-256 key (RFC 8827 §6.5).", nameof(certificate));
        }
        var derived = ecKey.Parameters.G.Multiply(ecKey.D).Normalize();
        if (!derived.Equals(ecPublic.Q.Normalize()))
        {
            throw new ArgumentException("The private key does not belong to the certificate.", nameof(privateKey));
        }
        return new RtcCertificate(certificate, ecKey);
    }

    private ECDsa CreateSigningKey()
    {
        var q = ((ECPublicKeyParameters)Certificate.GetPublicKey()).Q.Normalize();
        var parameters = new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            D = BigIntegers.AsUnsignedByteArray(32, PrivateKey.D),
            Q = new ECPoint
            {
                X = q.AffineXCoord.GetEncoded(),
                Y = q.AffineYCoord.GetEncoded(),
            },
        };
        try
        {
            return ECDsa.Create(parameters);
        }
        finally
        {
            Array.Clear(parameters.D);
        }
    }

    private static string ToPem(PemObject pemObject)
    {
        var builder = new StringBuilder();
        using (var writer = new StringWriter(builder))
        {
            var pem = new OpenSslPemWriter(writer);
            pem.WriteObject(pemObject);
        }
        return builder.ToString();
    }
}
