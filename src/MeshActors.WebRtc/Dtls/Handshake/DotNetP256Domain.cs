using Org.BouncyCastle.Tls.Crypto;

namespace MeshActors.WebRtc.Dtls;

/// <summary>The secp256r1 (P-256) ECDHE group backed by the platform's ECDH (<see cref="DotNetP256Agreement"/>).</summary>
internal sealed class DotNetP256Domain(TlsCrypto crypto) : TlsECDomain
{
    public TlsAgreement CreateECDH() => new DotNetP256Agreement(crypto);
}
