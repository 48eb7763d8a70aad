namespace MeshActors.WebRtc.Dtls;

/// <summary>
/// Why a DTLS connection failed: a reason, the alert involved (if any) with its wire code, and whether the peer
/// sent it. The message is written for a person reading a log.
/// </summary>
public sealed class DtlsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DtlsException(DtlsFailureReason reason, string message, DtlsAlertDescription? alert = null,
        bool alertFromPeer = false, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
        Alert = alert;
        AlertFromPeer = alertFromPeer;
    }

    /// <summary>The kind of failure.</summary>
    public DtlsFailureReason Reason { get; }

    /// <summary>The fatal alert sent or received, when one was; its numeric value is the wire code.</summary>
    public DtlsAlertDescription? Alert { get; }

    /// <summary>True when <see cref="Alert"/> came from the peer; false when this side raised it.</summary>
    public bool AlertFromPeer { get; }

    /// <summary>Formats an alert as its RFC name and code, e.g. <c>bad_certificate(42)</c>.</summary>
    public static string FormatAlert(DtlsAlertDescription alert) => FormatAlert((byte)alert);

    internal static string FormatAlert(byte code)
    {
        var name = (DtlsAlertDescription)code switch
        {
            DtlsAlertDescription.CloseNotify => "close_notify",
            DtlsAlertDescription.UnexpectedMessage => "unexpected_message",
            DtlsAlertDescription.BadRecordMac => "bad_record_mac",
            DtlsAlertDescription.RecordOverflow => "record_overflow",
            DtlsAlertDescription.HandshakeFailure => "handshake_failure",
            DtlsAlertDescription.BadCertificate => "bad_certificate",
            DtlsAlertDescription.UnsupportedCertificate => "unsupported_certificate",
            DtlsAlertDescription.CertificateRevoked => "certificate_revoked",
            DtlsAlertDescription.CertificateExpired => "certificate_expired",
            DtlsAlertDescription.CertificateUnknown => "certificate_unknown",
            DtlsAlertDescription.IllegalParameter => "illegal_parameter",
            DtlsAlertDescription.UnknownCa => "unknown_ca",
            DtlsAlertDescription.AccessDenied => "access_denied",
            DtlsAlertDescription.DecodeError => "decode_error",
            DtlsAlertDescription.DecryptError => "decrypt_error",
            DtlsAlertDescription.ProtocolVersion => "protocol_version",
            DtlsAlertDescription.InsufficientSecurity => "insufficient_security",
            DtlsAlertDescription.InternalError => "internal_error",
            DtlsAlertDescription.InappropriateFallback => "inappropriate_fallback",
            DtlsAlertDescription.UserCanceled => "user_canceled",
            DtlsAlertDescription.NoRenegotiation => "no_renegotiation",
            DtlsAlertDescription.MissingExtension => "missing_extension",
            DtlsAlertDescription.UnsupportedExtension => "unsupported_extension",
            DtlsAlertDescription.UnrecognizedName => "unrecognized_name",
            DtlsAlertDescription.CertificateRequired => "certificate_required",
            DtlsAlertDescription.NoApplicationProtocol => "no_application_protocol",
            _ => "alert",
        };
        return $"{name}({code})";
    }
}
