namespace MeshActors.WebRtc.Dtls;

/// <summary>Settings of one <see cref="DtlsConnection"/>. Defaults suit WebRTC peers (browsers, Pion, libdatachannel).</summary>
public sealed class DtlsOptions
{
    /// <summary>The default cipher suite preference: AES-128-GCM first, then ChaCha20-Poly1305, then AES-128-CBC-SHA.</summary>
    public static readonly IReadOnlyList<DtlsCipherSuite> DefaultCipherSuites =
    [
        DtlsCipherSuite.EcdheEcdsaWithAes128GcmSha256,
        DtlsCipherSuite.EcdheEcdsaWithChaCha20Poly1305Sha256,
        DtlsCipherSuite.EcdheEcdsaWithAes128CbcSha,
    ];

    /// <summary>This side's certificate; null generates a fresh one for the connection.</summary>
    public RtcCertificate? Certificate { get; set; }

    /// <summary>
    /// Fingerprints from the remote description (SDP <c>a=fingerprint</c>); the remote certificate must match one.
    /// May instead be given later with <see cref="DtlsConnection.SetRemoteFingerprints"/>: the handshake waits for
    /// them (within <see cref="HandshakeTimeout"/>) when the remote certificate arrives first.
    /// </summary>
    public IReadOnlyList<DtlsFingerprint>? RemoteFingerprints { get; set; }

    /// <summary>Longest time from <see cref="DtlsConnection.Start"/> to a finished handshake (default 30 s).</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// First handshake retransmission timeout; it doubles on every retransmission up to 60 s (RFC 6347 §4.2.4.1
    /// suggests 1 s; the default of 200 ms suits ICE-checked paths whose RTT is already known to be short).
    /// </summary>
    public TimeSpan InitialRetransmissionTimeout { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Cipher suites offered (client) or accepted (server), in preference order.</summary>
    public IReadOnlyList<DtlsCipherSuite> CipherSuites { get; set; } = DefaultCipherSuites;

    /// <summary>Offer and accept the extended master secret (RFC 7627); on by default.</summary>
    public bool UseExtendedMasterSecret { get; set; } = true;

    /// <summary>Refuse peers that do not negotiate the extended master secret; off by default for interop.</summary>
    public bool RequireExtendedMasterSecret { get; set; }

    /// <summary>Refuse a remote certificate whose validity has ended (default true).</summary>
    public bool RejectExpiredRemoteCertificate { get; set; } = true;

    /// <summary>The wall clock used for certificate validity (default: the system clock).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where the blocking handshake runs; null uses <see cref="DtlsHandshakeScheduler.Shared"/>.</summary>
    public DtlsHandshakeScheduler? HandshakeScheduler { get; set; }

    internal void Validate()
    {
        if (HandshakeTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(HandshakeTimeout), HandshakeTimeout, "Must be positive.");
        }
        if (InitialRetransmissionTimeout < TimeSpan.FromMilliseconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(InitialRetransmissionTimeout), InitialRetransmissionTimeout,
                "Must be at least 1 ms.");
        }
        ArgumentNullException.ThrowIfNull(CipherSuites, nameof(CipherSuites));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        if (CipherSuites.Count == 0)
        {
            throw new ArgumentException("At least one cipher suite is required.", nameof(CipherSuites));
        }
        foreach (var suite in CipherSuites)
        {
            if (!Enum.IsDefined(suite))
            {
                throw new ArgumentException($"Unsupported cipher suite 0x{(ushort)suite:X4}.", nameof(CipherSuites));
            }
        }
    }
}
