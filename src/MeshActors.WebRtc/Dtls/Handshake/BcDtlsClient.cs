using Org.BouncyCastle.Tls;

namespace MeshActors.WebRtc.Dtls;

/// <summary>
/// BouncyCastle's DTLS 1.2 client configured for WebRTC (RFC 8827 §6.5): ECDHE-ECDSA suites, P-256 / x25519,
/// ecdsa_secp256r1_sha256, extended master secret offered, no OCSP, a client certificate always sent, and the
/// remote certificate checked against the remote description's fingerprints instead of a CA.
/// </summary>
internal sealed class BcDtlsClient(BcHandshakeContext context) : DefaultTlsClient(context.Crypto)
{
    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => context.CipherSuites;

    protected override IList<int> GetSupportedGroups(IList<int> namedGroupRoles) => BcHandshakeContext.SupportedGroups;

    protected override IList<SignatureAndHashAlgorithm> GetSupportedSignatureAlgorithms() =>
        BcHandshakeContext.SignatureAlgorithms;

    // OCSP stapling means nothing for self-signed WebRTC certificates.
    protected override CertificateStatusRequest? GetCertificateStatusRequest() => null;

    // Peers are authenticated by fingerprint, not by the signature on their self-signed certificate.
    public override bool ShouldCheckSigAlgOfPeerCerts() => false;

    public override bool ShouldUseExtendedMasterSecret() => context.UseExtendedMasterSecret;

    public override bool RequiresExtendedMasterSecret() => context.RequireExtendedMasterSecret;

    // RFC 5746: we offer secure renegotiation but never renegotiate, so a server without it is acceptable
    // (BouncyCastle's default aborts; pion/dtls #274, #720).
    public override void NotifySecureRenegotiation(bool secureRenegotiation)
    {
    }

    public override int GetHandshakeTimeoutMillis() => context.RemainingMillis();

    public override int GetHandshakeResendTimeMillis() => context.InitialResendMillis;

    public override TlsAuthentication GetAuthentication() => new Authentication(this);

    public override void NotifyAlertRaised(short alertLevel, short alertDescription, string message, Exception cause) =>
        context.OnAlertRaised(alertLevel, alertDescription, message, cause);

    public override void NotifyAlertReceived(short alertLevel, short alertDescription) =>
        context.OnAlertReceived(alertLevel, alertDescription);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        context.OnHandshakeComplete(m_context.SecurityParameters);
    }

    private sealed class Authentication(BcDtlsClient client) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate) =>
            context.VerifyRemoteCertificate(serverCertificate.Certificate);

        public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest) =>
            context.CreateSigner(client.m_context);

        private BcHandshakeContext context => client.Context;
    }

    private BcHandshakeContext Context => context;
}
