namespace MeshActors.WebRtc.Dtls;

/// <summary>Why a <see cref="DtlsConnection"/> failed; carried by <see cref="DtlsException"/>.</summary>
public enum DtlsFailureReason
{
    /// <summary>The handshake did not complete within <see cref="DtlsOptions.HandshakeTimeout"/>.</summary>
    HandshakeTimeout,

    /// <summary>The remote certificate's fingerprint differs from every fingerprint of the remote description.</summary>
    FingerprintMismatch,

    /// <summary>No remote fingerprint was supplied before the remote certificate had to be checked.</summary>
    NoRemoteFingerprint,

    /// <summary>The remote certificate is missing or cannot be parsed.</summary>
    BadCertificate,

    /// <summary>The remote certificate's validity ended before now.</summary>
    CertificateExpired,

    /// <summary>The local certificate's validity ended before the handshake started.</summary>
    LocalCertificateExpired,

    /// <summary>The peer sent a fatal alert (<see cref="DtlsException.Alert"/>).</summary>
    AlertReceived,

    /// <summary>This side aborted the handshake with a fatal alert (<see cref="DtlsException.Alert"/>): a protocol error.</summary>
    AlertSent,

    /// <summary>An unexpected local error; the inner exception has the details.</summary>
    InternalError,
}
