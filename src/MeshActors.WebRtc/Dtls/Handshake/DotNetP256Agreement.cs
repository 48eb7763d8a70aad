using System.Security.Cryptography;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;

namespace MeshActors.WebRtc.Dtls;

/// <summary>
/// ECDHE on secp256r1 (RFC 8422 §5.10) with the platform's ECDH, for BouncyCastle's key exchange: an ephemeral key
/// pair, the peer's uncompressed point (checked to lie on the curve; P-256 has cofactor 1, so that suffices), and the
/// shared secret as the 32-byte x-coordinate (leading zeros kept, RFC 8422 §5.10). The client receives the peer's
/// point before it generates its own; the server the other way round.
/// </summary>
/// <param name="crypto">Makes the TLS secret.</param>
/// <param name="prepared">
/// An ephemeral key pair made for this handshake while its thread had nothing else to do (it is used once, for this
/// agreement only), or null to make one in <see cref="GenerateEphemeral"/>.
/// </param>
internal sealed class DotNetP256Agreement(TlsCrypto crypto, ECDiffieHellman? prepared = null) : TlsAgreement
{
    /// <summary>Length of an uncompressed P-256 point: 0x04 ‖ X ‖ Y (SEC 1 §2.3.3).</summary>
    private const int PointLength = 65;

    private ECDiffieHellman? _prepared = prepared;
    private ECDiffieHellman? _local;
    private ECDiffieHellman? _peer;

    /// <summary>Makes a fresh ephemeral key pair.</summary>
    public static ECDiffieHellman CreateKeyPair() => ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);

    public byte[] GenerateEphemeral()
    {
        _local?.Dispose();
        _local = _prepared ?? CreateKeyPair();
        _prepared = null;
        var q = _local.ExportParameters(includePrivateParameters: false).Q;
        var point = new byte[PointLength];
        point[0] = 0x04;
        q.X.CopyTo(point.AsSpan(1 + 32 - q.X!.Length));
        q.Y.CopyTo(point.AsSpan(PointLength - q.Y!.Length));
        return point;
    }

    public void ReceivePeerValue(byte[] peerValue)
    {
        // Uncompressed is the only point format RFC 8422 §5.1.2 leaves.
        if (peerValue.Length != PointLength || peerValue[0] != 0x04)
        {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "The peer's P-256 key share is not an uncompressed point.");
        }
        var parameters = new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = peerValue.AsSpan(1, 32).ToArray(), Y = peerValue.AsSpan(33, 32).ToArray() },
        };
        try
        {
            _peer?.Dispose();
            _peer = ECDiffieHellman.Create(parameters);
        }
        catch (CryptographicException ex)
        {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "The peer's P-256 key share is not a point of the curve.", ex);
        }
    }

    public TlsSecret CalculateSecret()
    {
        if (_local is null || _peer is null)
        {
            throw new TlsFatalAlert(AlertDescription.internal_error, "ECDHE needs both key shares.");
        }
        try
        {
            var secret = _local.DeriveRawSecretAgreement(_peer.PublicKey);
            try
            {
                return crypto.CreateSecret(secret);
            }
            finally
            {
                Array.Clear(secret);
            }
        }
        finally
        {
            _local.Dispose();
            _peer.Dispose();
            _local = null;
            _peer = null;
        }
    }
}
