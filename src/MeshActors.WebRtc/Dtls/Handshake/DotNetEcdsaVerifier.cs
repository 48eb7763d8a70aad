using System.Security.Cryptography;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;

namespace MeshActors.WebRtc.Dtls;

/// <summary>
/// BouncyCastle's verifier of the peer's ECDSA P-256 signatures (ServerKeyExchange, CertificateVerify), backed by the
/// platform's ECDSA. BouncyCastle hashes the signed data with the hash the signature names and hands the hash here;
/// the signature is the DER-encoded ECDSA-Sig-Value of RFC 8422 §5.4. A malformed signature verifies as false,
/// which BouncyCastle answers with decrypt_error.
/// </summary>
internal sealed class DotNetEcdsaVerifier(ECDsa publicKey) : TlsVerifier
{
    /// <summary>
    /// The verifier for a P-256 public key given as an uncompressed point (SEC 1 §2.3.3: 0x04 ‖ X ‖ Y), or null when
    /// the bytes are not one; the platform checks that the point lies on the curve.
    /// </summary>
    public static DotNetEcdsaVerifier? TryCreate(ReadOnlySpan<byte> uncompressedPoint)
    {
        if (uncompressedPoint.Length != 65 || uncompressedPoint[0] != 0x04)
        {
            return null;
        }
        var parameters = new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = uncompressedPoint[1..33].ToArray(), Y = uncompressedPoint[33..].ToArray() },
        };
        try
        {
            return new DotNetEcdsaVerifier(ECDsa.Create(parameters));
        }
        catch (CryptographicException)
        {
            return null; // not a point of P-256
        }
    }

    public TlsStreamVerifier? GetStreamVerifier(DigitallySigned digitallySigned) => null;

    public bool VerifyRawSignature(DigitallySigned digitallySigned, byte[] hash)
    {
        // DTLS 1.2 always names the algorithm (RFC 5246 §4.7); an ECDSA key verifies only ECDSA signatures.
        if (digitallySigned.Algorithm is not { } algorithm || algorithm.Signature != SignatureAlgorithm.ecdsa)
        {
            return false;
        }
        try
        {
            return publicKey.VerifyHash(hash, digitallySigned.Signature, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
