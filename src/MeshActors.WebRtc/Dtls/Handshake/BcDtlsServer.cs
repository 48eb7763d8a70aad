using Org.BouncyCastle.Tls;

namespace MeshActors.WebRtc.Dtls;

/// <summary>
/// BouncyCastle's DTLS 1.2 server configured for WebRTC (RFC 8827 §6.5): negotiates 1.2 whatever the client offers
/// (including DTLS 1.3 in supported_versions), picks its own suite preference, requests a client certificate with
/// ecdsa_sign listed (Chrome 124+ aborts otherwise), answers renegotiation_info only when the client offered it
/// (BouncyCastle follows RFC 5746 §3.6 there), accepts clients with or without the extended master secret, and picks
/// P-256 for ECDHE whenever the client offers it.
/// </summary>
internal sealed class BcDtlsServer(BcHandshakeContext context) : DefaultTlsServer(context.Crypto)
{
    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => context.CipherSuites;

    // Our preference (AES-128-GCM first) rather than the client's order.
    protected override bool PreferLocalCipherSuites() => true;

    public override int[] GetSupportedGroups() => BcHandshakeContext.SupportedGroups;

    // Our preference rather than the client's (browsers list x25519 first): P-256 whenever the client offers it, as it
    // runs on the platform's native ECDH; otherwise BouncyCastle's choice from the client's list.
    protected override int SelectECDH(int minimumCurveBits)
    {
        var offered = m_context.SecurityParameters.ClientSupportedGroups;
        if (offered is not null && minimumCurveBits <= 256 && Array.IndexOf(offered, NamedGroup.secp256r1) >= 0)
        {
            return NamedGroup.secp256r1;
        }
        return base.SelectECDH(minimumCurveBits);
    }

    protected override TlsCredentialedSigner GetECDsaSignerCredentials() => context.CreateSigner(m_context);

    public override CertificateRequest GetCertificateRequest() =>
        new(BcHandshakeContext.ClientCertificateTypes, BcHandshakeContext.SignatureAlgorithms, null);

    public override void NotifyClientCertificate(Certificate clientCertificate) =>
        context.VerifyRemoteCertificate(clientCertificate);

    public override bool ShouldCheckSigAlgOfPeerCerts() => false;

    public override bool ShouldUseExtendedMasterSecret() => context.UseExtendedMasterSecret;

    public override bool RequiresExtendedMasterSecret() => context.RequireExtendedMasterSecret;

    // A client without RFC 5746 support is tolerated: we never renegotiate.
    public override void NotifySecureRenegotiation(bool secureRenegotiation)
    {
    }

    public override int GetHandshakeTimeoutMillis() => context.RemainingMillis();

    public override int GetHandshakeResendTimeMillis() => context.InitialResendMillis;

    public override void NotifyAlertRaised(short alertLevel, short alertDescription, string message, Exception cause) =>
        context.OnAlertRaised(alertLevel, alertDescription, message, cause);

    public override void NotifyAlertReceived(short alertLevel, short alertDescription) =>
        context.OnAlertReceived(alertLevel, alertDescription);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        context.OnHandshakeComplete(m_context.SecurityParameters);
    }
}
