using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;

namespace MeshActors.WebRtc.Dtls;

/// <summary>
/// BouncyCastle's signer for our certificate's key (ServerKeyExchange and CertificateVerify, RFC 5246 §7.4.3 and
/// §7.4.8), backed by the platform's ECDSA through <see cref="RtcCertificate.SignHash"/>. It signs the hash
/// BouncyCastle computes (it offers no stream signer, so BouncyCastle hashes the signed data itself with the hash of
/// the negotiated signature algorithm) and returns the DER-encoded ECDSA-Sig-Value TLS sends (RFC 8422 §5.4).
/// </summary>
internal sealed class DotNetEcdsaSigner(RtcCertificate certificate) : TlsSigner
{
    public byte[] GenerateRawSignature(SignatureAndHashAlgorithm algorithm, byte[] hash)
    {
        // Our key is ECDSA P-256; BouncyCastle only asks for what CreateSigner announced (ecdsa_secp256r1_sha256).
        if (algorithm is null || algorithm.Signature != SignatureAlgorithm.ecdsa)
        {
            throw new TlsFatalAlert(AlertDescription.internal_error, $"An ECDSA key cannot sign with {algorithm}.");
        }
        return certificate.SignHash(hash);
    }

    public TlsStreamSigner? GetStreamSigner(SignatureAndHashAlgorithm algorithm) => null;
}
