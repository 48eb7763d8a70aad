namespace MeshActors.WebRtc.Dtls;

/// <summary>
/// One DTLS handshake behind a small, non-blocking surface, so that the implementation (BouncyCastle's blocking
/// protocol on a shared thread today) can be replaced without touching <see cref="DtlsConnection"/>.
/// Every method is called on the connection's executor, and every <see cref="IDtlsHandshakeOwner"/> callback is
/// delivered there.
/// </summary>
internal interface IDtlsHandshake
{
    /// <summary>Begins the handshake; returns at once.</summary>
    void Start();

    /// <summary>A datagram from the path below, while the handshake runs. The span is valid only during the call.</summary>
    void OnDatagram(ReadOnlySpan<byte> datagram);

    /// <summary>Supplies (or replaces) the fingerprints the remote certificate must match.</summary>
    void SetRemoteFingerprints(IReadOnlyList<DtlsFingerprint> fingerprints);

    /// <summary>Stops the handshake; no callback follows.</summary>
    void Cancel();

    /// <summary>
    /// After completion: the datagrams that arrived but were not consumed by the handshake (for instance
    /// application data that overtook the peer's Finished), in arrival order, for the record layer.
    /// </summary>
    IReadOnlyList<byte[]> TakeUnconsumedDatagrams();
}

/// <summary>What a handshake reports to its connection, on the connection's executor.</summary>
internal interface IDtlsHandshakeOwner
{
    /// <summary>A handshake datagram to send on the path below.</summary>
    void SendHandshakeDatagram(byte[] datagram);

    /// <summary>The handshake finished and the peer's certificate matched.</summary>
    void OnHandshakeCompleted(DtlsHandshakeResult result);

    /// <summary>The handshake failed.</summary>
    void OnHandshakeFailed(DtlsException error);
}

/// <summary>What a finished handshake hands to the record layer.</summary>
internal sealed class DtlsHandshakeResult(
    IDtlsRecordProtection protection,
    ulong nextWriteSequence,
    IReadOnlyList<byte[]> finalFlight,
    DtlsCipherSuite cipherSuite,
    bool extendedMasterSecret,
    bool secureRenegotiation,
    int namedGroup,
    byte[] remoteCertificateDer,
    DtlsFingerprint matchedFingerprint)
{
    public IDtlsRecordProtection Protection { get; } = protection;

    /// <summary>The first epoch-1 sequence number not used by the handshake's own records.</summary>
    public ulong NextWriteSequence { get; } = nextWriteSequence;

    /// <summary>The datagrams of this side's last flight, resent when the peer retransmits its last flight.</summary>
    public IReadOnlyList<byte[]> FinalFlight { get; } = finalFlight;

    public DtlsCipherSuite CipherSuite { get; } = cipherSuite;

    public bool ExtendedMasterSecret { get; } = extendedMasterSecret;

    public bool SecureRenegotiation { get; } = secureRenegotiation;

    /// <summary>IANA NamedGroup of the ECDHE exchange (29 = x25519, 23 = secp256r1).</summary>
    public int NamedGroup { get; } = namedGroup;

    public byte[] RemoteCertificateDer { get; } = remoteCertificateDer;

    public DtlsFingerprint MatchedFingerprint { get; } = matchedFingerprint;
}
