using System.Security.Cryptography;
using Org.BouncyCastle.Tls.Crypto;

namespace MeshActors.WebRtc.Dtls;

/// <summary>The secp256r1 (P-256) ECDHE group backed by the platform's ECDH (<see cref="DotNetP256Agreement"/>).</summary>
/// <param name="crypto">Makes the TLS secrets.</param>
/// <param name="takePrepared">Hands over a key pair made ahead for this handshake, if there is one (null: none).</param>
internal sealed class DotNetP256Domain(TlsCrypto crypto, Func<ECDiffieHellman?>? takePrepared = null) : TlsECDomain
{
    public TlsAgreement CreateECDH() => new DotNetP256Agreement(crypto, takePrepared?.Invoke());
}
