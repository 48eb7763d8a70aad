using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace MeshActors.WebRtc.Dtls;

/// <summary>
/// What BouncyCastle's client and server peers of one handshake share: the WebRTC profile (suites, groups,
/// signature schemes), the local credentials, the check of the remote certificate against the remote description's
/// fingerprints, and a record of alerts and results so that failures can be reported clearly.
/// Used only on the handshake thread.
/// </summary>
internal sealed class BcHandshakeContext
{
    /// <summary>
    /// P-256 first, then x25519 (RFC 8422 §5.1.1 names; browsers offer both, and P-256 is mandatory for WebRTC,
    /// RFC 8827 §6.5). P-256 runs on the platform's native ECDH (<see cref="DotNetP256Agreement"/>); x25519 on
    /// BouncyCastle's managed code, which costs a few hundred µs more per handshake while the process is young.
    /// </summary>
    public static readonly int[] SupportedGroups = [NamedGroup.secp256r1, NamedGroup.x25519];

    /// <summary>
    /// Signature schemes accepted from the peer, ecdsa_secp256r1_sha256 first (what our P-256 key signs with and
    /// what browsers use); the others let peers with other certificates in.
    /// </summary>
    public static readonly IList<SignatureAndHashAlgorithm> SignatureAlgorithms =
    [
        new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa),
        new SignatureAndHashAlgorithm(HashAlgorithm.sha384, SignatureAlgorithm.ecdsa),
        new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.rsa),
    ];

    /// <summary>
    /// certificate_types of our CertificateRequest (RFC 5246 §7.4.4): ecdsa_sign first, which Chrome 124+ requires,
    /// and rsa_sign for peers with RSA certificates.
    /// </summary>
    public static readonly short[] ClientCertificateTypes = [ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign];

    private readonly RtcCertificate _certificate;
    private readonly DtlsOptions _options;
    private readonly RemoteFingerprintSlot _fingerprints;

    public BcHandshakeContext(DtlsTlsCrypto crypto, RtcCertificate certificate, DtlsOptions options,
        RemoteFingerprintSlot fingerprints, long deadlineTickCount64)
    {
        Crypto = crypto;
        _certificate = certificate;
        _options = options;
        _fingerprints = fingerprints;
        DeadlineTickCount64 = deadlineTickCount64;
        var suites = new int[options.CipherSuites.Count];
        for (var i = 0; i < suites.Length; i++)
        {
            suites[i] = (int)options.CipherSuites[i];
        }
        CipherSuites = suites;
    }

    public DtlsTlsCrypto Crypto { get; }

    public int[] CipherSuites { get; }

    public long DeadlineTickCount64 { get; }

    public bool UseExtendedMasterSecret => _options.UseExtendedMasterSecret;

    public bool RequireExtendedMasterSecret => _options.RequireExtendedMasterSecret;

    public int InitialResendMillis => (int)Math.Clamp(_options.InitialRetransmissionTimeout.TotalMilliseconds, 1, 60_000);

    /// <summary>The first failure this side diagnosed itself (fingerprint, certificate): it explains the alert it sends.</summary>
    public DtlsException? Failure { get; private set; }

    /// <summary>The fatal alert the peer sent, if any.</summary>
    public short? ReceivedFatalAlert { get; private set; }

    /// <summary>The fatal alert this side raised and BouncyCastle's reason for it.</summary>
    public (short Alert, string? Message)? RaisedFatalAlert { get; private set; }

    public byte[]? RemoteCertificateDer { get; private set; }

    public DtlsFingerprint? MatchedFingerprint { get; private set; }

    public bool Completed { get; private set; }

    public int NegotiatedCipherSuite { get; private set; }

    public bool ExtendedMasterSecret { get; private set; }

    public bool SecureRenegotiation { get; private set; }

    public int NegotiatedGroup { get; private set; }

    /// <summary>Milliseconds left until the overall handshake deadline (at least 1).</summary>
    public int RemainingMillis() => (int)Math.Clamp(DeadlineTickCount64 - Environment.TickCount64, 1, int.MaxValue);

    /// <summary>Our certificate and key, signing with ecdsa_secp256r1_sha256 (the only scheme a P-256 key matches here).</summary>
    public TlsCredentialedSigner CreateSigner(TlsContext context)
    {
        var chain = new Certificate([new RawDerTlsCertificate(Crypto, _certificate.Der)]);
        return new DefaultTlsCredentialedSigner(new TlsCryptoParameters(context), new DotNetEcdsaSigner(_certificate), chain,
            new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    /// <summary>
    /// RFC 8827 §6.5: the peer's certificate is accepted only when it matches a fingerprint of the remote description.
    /// Throws <see cref="TlsFatalAlert"/> (which BouncyCastle sends to the peer) after recording a clear reason.
    /// </summary>
    public void VerifyRemoteCertificate(Certificate? chain)
    {
        if (chain is null || chain.IsEmpty)
        {
            throw Fail(DtlsFailureReason.BadCertificate, DtlsAlertDescription.HandshakeFailure,
                "The remote peer sent no certificate; WebRTC requires both sides to present one (RFC 8827 §6.5).");
        }
        var leaf = chain.GetCertificateAt(0);
        var der = leaf is RawDerTlsCertificate raw ? raw.RawEncoding : leaf.GetEncoded();
        RemoteCertificateDer = der;

        var expected = _fingerprints.Wait(DeadlineTickCount64);
        if (expected is null)
        {
            throw Fail(DtlsFailureReason.NoRemoteFingerprint, DtlsAlertDescription.BadCertificate,
                $"The remote certificate ({DtlsFingerprint.Compute(der)}) cannot be checked: no fingerprint from the " +
                "remote description arrived before the handshake deadline.");
        }
        foreach (var fingerprint in expected)
        {
            if (fingerprint.Matches(der))
            {
                MatchedFingerprint = fingerprint;
                break;
            }
        }
        if (MatchedFingerprint is null)
        {
            var actual = DtlsFingerprint.Compute(der, expected[0].Algorithm);
            throw Fail(DtlsFailureReason.FingerprintMismatch, DtlsAlertDescription.BadCertificate,
                $"The remote certificate's fingerprint {actual} does not match the fingerprint from the remote " +
                $"description {string.Join(", ", expected)}.");
        }

        if (_options.RejectExpiredRemoteCertificate && leaf is BcTlsCertificate bc)
        {
            var notAfter = new DateTimeOffset(DateTime.SpecifyKind(bc.X509CertificateStructure.EndDate.ToDateTime(),
                DateTimeKind.Utc));
            var now = _options.TimeProvider.GetUtcNow();
            if (now > notAfter)
            {
                throw Fail(DtlsFailureReason.CertificateExpired, DtlsAlertDescription.CertificateExpired,
                    $"The remote certificate {MatchedFingerprint} expired at {notAfter:u} (now {now:u}).");
            }
        }
    }

    public void OnAlertRaised(short level, short description, string? message, Exception? cause)
    {
        if (level == AlertLevel.fatal && RaisedFatalAlert is null)
        {
            RaisedFatalAlert = (description, message ?? cause?.Message);
        }
    }

    public void OnAlertReceived(short level, short description)
    {
        if (level == AlertLevel.fatal && ReceivedFatalAlert is null)
        {
            ReceivedFatalAlert = description;
        }
    }

    public void OnHandshakeComplete(SecurityParameters parameters)
    {
        Completed = true;
        NegotiatedCipherSuite = parameters.CipherSuite;
        ExtendedMasterSecret = parameters.IsExtendedMasterSecret;
        SecureRenegotiation = parameters.IsSecureRenegotiation;
        NegotiatedGroup = parameters.NegotiatedGroup >= 0 ? parameters.NegotiatedGroup : Crypto.KeyExchangeGroup;
    }

    /// <summary>Turns what BouncyCastle threw into the error the connection reports.</summary>
    public DtlsException DescribeFailure(Exception exception, BcDatagramAdapter adapter, DtlsRole role, TimeSpan timeout)
    {
        if (Failure is not null)
        {
            return Failure;
        }
        if (Crypto.CertificateParseError is { } parseError)
        {
            return new DtlsException(DtlsFailureReason.BadCertificate,
                $"The remote certificate is not a valid DER X.509 certificate: {parseError.Message}",
                DtlsAlertDescription.BadCertificate, alertFromPeer: false, parseError);
        }
        if (ReceivedFatalAlert is { } received || exception is TlsFatalAlertReceived)
        {
            var code = (byte)(ReceivedFatalAlert ?? ((TlsFatalAlertReceived)exception).AlertDescription);
            return new DtlsException(DtlsFailureReason.AlertReceived,
                $"The peer aborted the DTLS handshake with the fatal alert {DtlsException.FormatAlert(code)}.",
                (DtlsAlertDescription)code, alertFromPeer: true, exception);
        }
        if (exception is TlsTimeoutException)
        {
            return new DtlsException(DtlsFailureReason.HandshakeTimeout,
                $"The DTLS handshake ({(role == DtlsRole.Client ? "client" : "server")}) did not complete within " +
                $"{timeout.TotalSeconds:0.###} s: {adapter.Sent} datagrams sent, {adapter.Received} received from the peer.",
                innerException: exception);
        }
        if (exception is TlsFatalAlert fatal)
        {
            var code = (byte)fatal.AlertDescription;
            var detail = RaisedFatalAlert?.Message ?? fatal.InnerException?.Message ?? fatal.Message;
            return new DtlsException(DtlsFailureReason.AlertSent,
                $"The DTLS handshake failed; this side sent the fatal alert {DtlsException.FormatAlert(code)}: {detail}",
                (DtlsAlertDescription)code, alertFromPeer: false, exception);
        }
        return new DtlsException(DtlsFailureReason.InternalError,
            $"The DTLS handshake failed unexpectedly: {exception.Message}", innerException: exception);
    }

    private TlsFatalAlert Fail(DtlsFailureReason reason, DtlsAlertDescription alert, string message)
    {
        Failure ??= new DtlsException(reason, message, alert, alertFromPeer: false);
        return new TlsFatalAlert((short)alert, message);
    }
}
