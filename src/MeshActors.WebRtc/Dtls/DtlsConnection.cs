using MeshActors.WebRtc.Net;

namespace MeshActors.WebRtc.Dtls;

/// <summary>
/// A DTLS 1.2 connection (RFC 6347) over ICE's datagram path, offering the same datagram interface to SCTP above
/// it (RFC 8261): <see cref="Send"/> protects one record, received application records go to the receiver.
/// </summary>
/// <remarks>
/// <para>
/// The handshake runs BouncyCastle's blocking protocol on a shared <see cref="DtlsHandshakeScheduler"/>; nothing
/// here ever blocks the connection's <see cref="SerialExecutor"/>. After the handshake, records are protected and
/// unprotected inline on the executor with .NET's AES-GCM (or ChaCha20-Poly1305) and the handshake's keys,
/// allocation-free per record.
/// </para>
/// <para>
/// Threading: <see cref="Send"/>, <see cref="SetReceiver"/> and the properties belong to the executor, like every
/// <see cref="IDatagramTransport"/>. <see cref="Start"/>, <see cref="Close"/> and <see cref="SetRemoteFingerprints"/>
/// may be called from any thread (they post to the executor). <see cref="StateChanged"/> and the receiver are called
/// on the executor.
/// </para>
/// </remarks>
public sealed class DtlsConnection : IDatagramTransport, IDisposable, IDtlsHandshakeOwner
{
    /// <summary>How often this side answers a peer that keeps retransmitting its last flight (bounds amplification).</summary>
    public const int MaxFinalFlightRetransmissions = 10;

    /// <summary>Datagrams kept when they arrive before <see cref="Start"/> (a ClientHello that overtook the answer).</summary>
    private const int MaxEarlyDatagrams = 16;

    /// <summary>
    /// Records of one retransmitted peer flight arrive together; answers closer than this belong to the same burst.
    /// </summary>
    private const long FinalFlightBurstMillis = 50;

    /// <summary>Watchdog slack after the handshake deadline, in case the handshake never got a thread.</summary>
    private static readonly TimeSpan WatchdogGrace = TimeSpan.FromSeconds(1);

    private readonly IDatagramTransport _transport;
    private readonly SerialExecutor _executor;
    private readonly DtlsOptions _options;
    private readonly LowerReceiver _lowerReceiver;
    private byte[] _sendBuffer;
    private byte[] _plaintext = new byte[2048];
    private IDatagramReceiver? _receiver;
    private IReadOnlyList<DtlsFingerprint>? _remoteFingerprints;
    private List<byte[]>? _earlyDatagrams;
    private BcDtlsHandshake? _handshake;
    private Timer? _watchdog;
    private DtlsRecordLayer? _records;
    private IReadOnlyList<byte[]>? _finalFlight;
    private DtlsHandshakeResult? _result;
    private long _lastFinalFlightSend;

    /// <summary>Creates a connection on <paramref name="transport"/>, which it takes over as its receiver.</summary>
    /// <param name="transport">ICE's datagram path to the peer (all its calls happen on <paramref name="executor"/>).</param>
    /// <param name="executor">The connection's serial executor.</param>
    /// <param name="role">Client or server (SDP <c>a=setup</c>: active = client).</param>
    /// <param name="options">Settings; null for the defaults. Not copied: do not change them afterwards.</param>
    public DtlsConnection(IDatagramTransport transport, SerialExecutor executor, DtlsRole role, DtlsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(executor);
        options ??= new DtlsOptions();
        options.Validate();
        _transport = transport;
        _executor = executor;
        _options = options;
        Role = role;
        LocalCertificate = options.Certificate ?? RtcCertificate.Generate(timeProvider: options.TimeProvider);
        _remoteFingerprints = options.RemoteFingerprints;
        _sendBuffer = new byte[Math.Max(transport.MaxDatagramSize, 256) + 64];
        _lowerReceiver = new LowerReceiver(this);
        if (executor.IsCurrent)
        {
            transport.SetReceiver(_lowerReceiver);
        }
        else
        {
            executor.Post(() => transport.SetReceiver(_lowerReceiver));
        }
    }

    /// <summary>Raised on the executor whenever <see cref="State"/> changes.</summary>
    public event Action<DtlsConnectionState>? StateChanged;

    /// <summary>Client or server.</summary>
    public DtlsRole Role { get; }

    /// <summary>The current state.</summary>
    public DtlsConnectionState State { get; private set; }

    /// <summary>Why the connection failed, once <see cref="State"/> is <see cref="DtlsConnectionState.Failed"/>.</summary>
    public DtlsException? Error { get; private set; }

    /// <summary>This side's certificate (put its <see cref="RtcCertificate.Fingerprint"/> into the local description).</summary>
    public RtcCertificate LocalCertificate { get; }

    /// <summary>The fingerprint the remote certificate matched, once connected.</summary>
    public DtlsFingerprint? RemoteFingerprint => _result?.MatchedFingerprint;

    /// <summary>The negotiated cipher suite, once connected.</summary>
    public DtlsCipherSuite? CipherSuite => _result?.CipherSuite;

    /// <summary>True when the extended master secret (RFC 7627) was negotiated.</summary>
    public bool ExtendedMasterSecret => _result?.ExtendedMasterSecret ?? false;

    /// <summary>True when both sides signalled secure renegotiation (RFC 5746); renegotiation itself is never done.</summary>
    public bool SecureRenegotiation => _result?.SecureRenegotiation ?? false;

    /// <summary>IANA NamedGroup of the key exchange (29 = x25519, 23 = secp256r1), once connected.</summary>
    public int NamedGroup => _result?.NamedGroup ?? 0;

    /// <summary>Application records sent.</summary>
    public long RecordsSent { get; private set; }

    /// <summary>Application records received and delivered.</summary>
    public long RecordsReceived { get; private set; }

    /// <summary>Application bytes (plaintext) sent.</summary>
    public long BytesSent { get; private set; }

    /// <summary>Application bytes (plaintext) received.</summary>
    public long BytesReceived { get; private set; }

    /// <summary>Records dropped after the handshake because they were malformed or did not authenticate.</summary>
    public long MalformedRecordsDropped { get; private set; }

    /// <summary>Records dropped as replays (RFC 6347 §4.1.2.6).</summary>
    public long ReplayedRecordsDropped { get; private set; }

    /// <summary>Times this side resent its last flight because the peer retransmitted its own (RFC 6347 §4.2.4).</summary>
    public int FinalFlightRetransmissions { get; private set; }

    /// <summary>Handshake datagrams dropped because the handshake's queue was full.</summary>
    public int HandshakeDatagramsDropped => _handshake?.DroppedDatagrams ?? 0;

    /// <summary>
    /// Largest plaintext <see cref="Send"/> accepts: the path's datagram size minus the record's header and
    /// expansion. Exact for the negotiated suite once connected; before that, the bound of the worst offered suite.
    /// </summary>
    public int MaxDatagramSize
    {
        get
        {
            var lower = _transport.MaxDatagramSize;
            if (_records is not null)
            {
                return _records.GetPlaintextLimit(lower);
            }
            return lower - DtlsRecordHeader.HeaderLength - WorstCaseExpansion(_options.CipherSuites);
        }
    }

    /// <summary>
    /// Supplies the fingerprints of the remote description (SDP <c>a=fingerprint</c>, sha-256/384/512); the remote
    /// certificate must match one of them. May be called before or during the handshake, from any thread.
    /// </summary>
    public void SetRemoteFingerprints(IEnumerable<DtlsFingerprint> fingerprints)
    {
        ArgumentNullException.ThrowIfNull(fingerprints);
        var list = fingerprints.ToArray();
        if (list.Length == 0)
        {
            throw new ArgumentException("At least one fingerprint is required.", nameof(fingerprints));
        }
        if (!_executor.IsCurrent)
        {
            _executor.Post(() => SetRemoteFingerprintsOnExecutor(list));
            return;
        }
        SetRemoteFingerprintsOnExecutor(list);
    }

    /// <summary>Starts the handshake (any thread). A second call does nothing.</summary>
    public void Start()
    {
        if (!_executor.IsCurrent)
        {
            _executor.Post(Start);
            return;
        }
        if (State != DtlsConnectionState.New)
        {
            return;
        }
        var now = _options.TimeProvider.GetUtcNow();
        if (LocalCertificate.IsExpired(now))
        {
            Fail(new DtlsException(DtlsFailureReason.LocalCertificateExpired,
                $"The local certificate {LocalCertificate.Fingerprint} expired at {LocalCertificate.Expires:u} " +
                $"(now {now:u}); generate or configure a new one."));
            return;
        }
        _handshake = new BcDtlsHandshake(Role, LocalCertificate, _options, _transport.MaxDatagramSize, _executor, this);
        if (_remoteFingerprints is { Count: > 0 } fingerprints)
        {
            _handshake.SetRemoteFingerprints(fingerprints);
        }
        SetState(DtlsConnectionState.Connecting);
        if (State != DtlsConnectionState.Connecting)
        {
            return; // a StateChanged handler closed us
        }
        _watchdog = new Timer(static state => ((DtlsConnection)state!).OnWatchdog(), this,
            _options.HandshakeTimeout + WatchdogGrace, Timeout.InfiniteTimeSpan);
        if (_earlyDatagrams is { } early)
        {
            // Queued before the handshake thread starts, so it finds the ClientHello at once rather than first
            // spending its wait on work-ahead.
            _earlyDatagrams = null;
            foreach (var datagram in early)
            {
                _handshake.OnDatagram(datagram);
            }
        }
        _handshake.Start();
    }

    /// <summary>
    /// Closes the connection (any thread): sends close_notify when connected (RFC 5246 §7.2.1), stops a running
    /// handshake, and moves to <see cref="DtlsConnectionState.Closed"/>.
    /// </summary>
    public void Close()
    {
        if (!_executor.IsCurrent)
        {
            _executor.Post(Close);
            return;
        }
        switch (State)
        {
            case DtlsConnectionState.New:
                SetState(DtlsConnectionState.Closed);
                break;
            case DtlsConnectionState.Connecting:
                StopHandshake();
                SetState(DtlsConnectionState.Closed);
                break;
            case DtlsConnectionState.Connected:
                SendAlert(new DtlsAlert(DtlsAlert.LevelWarning, DtlsAlertDescription.CloseNotify));
                ReleaseRecords();
                SetState(DtlsConnectionState.Closed);
                break;
        }
    }

    /// <summary>Same as <see cref="Close"/>.</summary>
    public void Dispose() => Close();

    /// <summary>
    /// Protects <paramref name="datagram"/> as one application_data record and sends it. Returns false when not
    /// connected or when the path below cannot send now (a loss). Executor only.
    /// </summary>
    /// <exception cref="ArgumentException">The plaintext is larger than <see cref="MaxDatagramSize"/>.</exception>
    public bool Send(ReadOnlySpan<byte> datagram)
    {
        var records = _records;
        if (State != DtlsConnectionState.Connected || records is null)
        {
            return false;
        }
        var limit = records.GetPlaintextLimit(_transport.MaxDatagramSize);
        if (datagram.Length > limit)
        {
            throw new ArgumentException(
                $"A {datagram.Length}-byte datagram does not fit one record on this path (at most {limit} bytes).",
                nameof(datagram));
        }
        var length = records.Seal(DtlsContentType.ApplicationData, datagram, _sendBuffer);
        if (length < 0)
        {
            Fail(new DtlsException(DtlsFailureReason.InternalError,
                "The 48-bit record sequence space is exhausted (RFC 6347 §4.1); the connection must be re-established."));
            return false;
        }
        RecordsSent++;
        BytesSent += datagram.Length;
        return _transport.Send(_sendBuffer.AsSpan(0, length));
    }

    /// <summary>Sets the receiver of decrypted application records (SCTP). Executor only.</summary>
    public void SetReceiver(IDatagramReceiver receiver)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        _receiver = receiver;
    }

    /// <inheritdoc />
    public override string ToString() => $"DtlsConnection {Role} {State}";

    void IDtlsHandshakeOwner.SendHandshakeDatagram(byte[] datagram)
    {
        if (State == DtlsConnectionState.Connecting)
        {
            _transport.Send(datagram);
        }
    }

    void IDtlsHandshakeOwner.OnHandshakeCompleted(DtlsHandshakeResult result)
    {
        if (State != DtlsConnectionState.Connecting || _handshake is null)
        {
            result.Protection.Dispose();
            return;
        }
        DisposeWatchdog();
        _result = result;
        _records = new DtlsRecordLayer(result.Protection, result.NextWriteSequence);
        var needed = _transport.MaxDatagramSize + 64;
        if (_sendBuffer.Length < needed)
        {
            _sendBuffer = new byte[needed];
        }
        // Only the side that sent the handshake's last flight (the server, in a full handshake) must answer a
        // retransmission of the peer's last flight with its own (RFC 6347 §4.2.4).
        _finalFlight = Role == DtlsRole.Server ? result.FinalFlight : null;
        _lastFinalFlightSend = Environment.TickCount64;
        var unconsumed = _handshake.TakeUnconsumedDatagrams();
        SetState(DtlsConnectionState.Connected);
        foreach (var datagram in unconsumed)
        {
            if (State != DtlsConnectionState.Connected)
            {
                break;
            }
            ProcessRecords(datagram);
        }
    }

    void IDtlsHandshakeOwner.OnHandshakeFailed(DtlsException error)
    {
        if (State == DtlsConnectionState.Connecting)
        {
            Fail(error);
        }
    }

    private static int WorstCaseExpansion(IReadOnlyList<DtlsCipherSuite> suites)
    {
        var worst = 0;
        foreach (var suite in suites)
        {
            var expansion = suite switch
            {
                DtlsCipherSuite.EcdheEcdsaWithAes128GcmSha256 => 8 + 16, // explicit nonce + tag (RFC 5288 §3)
                DtlsCipherSuite.EcdheEcdsaWithChaCha20Poly1305Sha256 => 16, // tag (RFC 7905 §2)
                _ => 16 + 20 + 16, // explicit IV + HMAC-SHA1 + padding (RFC 5246 §6.2.3.2)
            };
            worst = Math.Max(worst, expansion);
        }
        return worst;
    }

    private void SetRemoteFingerprintsOnExecutor(IReadOnlyList<DtlsFingerprint> fingerprints)
    {
        _remoteFingerprints = fingerprints;
        _handshake?.SetRemoteFingerprints(fingerprints);
    }

    private void OnLowerDatagram(ReadOnlySpan<byte> datagram)
    {
        switch (State)
        {
            case DtlsConnectionState.New:
                _earlyDatagrams ??= [];
                if (_earlyDatagrams.Count < MaxEarlyDatagrams)
                {
                    _earlyDatagrams.Add(datagram.ToArray());
                }
                break;
            case DtlsConnectionState.Connecting:
                _handshake?.OnDatagram(datagram);
                break;
            case DtlsConnectionState.Connected:
                ProcessRecords(datagram);
                break;
        }
    }

    /// <summary>Unprotects every record of a datagram (RFC 6347 §4.1.1 allows several per datagram).</summary>
    private void ProcessRecords(ReadOnlySpan<byte> datagram)
    {
        while (datagram.Length > 0 && State == DtlsConnectionState.Connected && _records is { } records)
        {
            if (DtlsRecordHeader.TryRead(datagram, out var header) != DtlsRecordReadStatus.Ok)
            {
                MalformedRecordsDropped++; // without a valid header the rest of the datagram cannot be delimited
                return;
            }
            var record = datagram[..header.RecordLength];
            datagram = datagram[header.RecordLength..];
            if (header.Epoch != DtlsRecordLayer.Epoch)
            {
                // Epoch 0 after the handshake: the peer retransmits its last flight because ours was lost. Any of
                // its records may be the one that survived, so each can trigger the (rate-limited) answer.
                if (header.Epoch == 0 && header.ContentType is (DtlsContentType.Handshake or DtlsContentType.ChangeCipherSpec))
                {
                    OnPeerRetransmittedLastFlight();
                }
                else
                {
                    MalformedRecordsDropped++;
                }
                continue;
            }
            if (_plaintext.Length < header.Length)
            {
                _plaintext = new byte[header.Length];
            }
            switch (records.Open(header, record, _plaintext, out var length))
            {
                case DtlsOpenStatus.Replayed:
                    ReplayedRecordsDropped++;
                    continue;
                case DtlsOpenStatus.Ok:
                    break;
                default:
                    MalformedRecordsDropped++;
                    continue;
            }
            switch (header.ContentType)
            {
                case DtlsContentType.ApplicationData:
                    // Authenticated data in the new epoch proves the peer has our last flight (RFC 6347 §4.2.4).
                    _finalFlight = null;
                    RecordsReceived++;
                    BytesReceived += length;
                    _receiver?.OnDatagram(_plaintext.AsSpan(0, length));
                    break;
                case DtlsContentType.Alert:
                    OnAlert(_plaintext.AsSpan(0, length));
                    break;
                case DtlsContentType.Handshake:
                    // Only a Finished can belong to a retransmitted last flight. Anything else in the new epoch
                    // (HelloRequest, ClientHello) asks for renegotiation, which WebRTC never does: ignored.
                    if (length > 0 && _plaintext[0] == DtlsHandshakeHeader.Finished)
                    {
                        OnPeerRetransmittedLastFlight();
                    }
                    break;
            }
        }
    }

    private void OnAlert(ReadOnlySpan<byte> plaintext)
    {
        if (!DtlsAlert.TryRead(plaintext, out var alert))
        {
            MalformedRecordsDropped++;
            return;
        }
        if (alert.Description == DtlsAlertDescription.CloseNotify)
        {
            // RFC 5246 §7.2.1: answer with our own close_notify and close at once.
            SendAlert(new DtlsAlert(DtlsAlert.LevelWarning, DtlsAlertDescription.CloseNotify));
            ReleaseRecords();
            SetState(DtlsConnectionState.Closed);
            return;
        }
        if (alert.IsFatal)
        {
            Fail(new DtlsException(DtlsFailureReason.AlertReceived,
                $"The peer ended the DTLS connection with the fatal alert {DtlsException.FormatAlert(alert.Description)}.",
                alert.Description, alertFromPeer: true));
        }
        // Other warnings (e.g. no_renegotiation) need no action.
    }

    private void OnPeerRetransmittedLastFlight()
    {
        if (_finalFlight is not { } flight || FinalFlightRetransmissions >= MaxFinalFlightRetransmissions)
        {
            return;
        }
        var now = Environment.TickCount64;
        if (now - _lastFinalFlightSend < FinalFlightBurstMillis)
        {
            return; // one answer per retransmitted flight, not one per record of it
        }
        _lastFinalFlightSend = now;
        FinalFlightRetransmissions++;
        foreach (var datagram in flight)
        {
            _transport.Send(datagram);
        }
    }

    private void SendAlert(DtlsAlert alert)
    {
        if (_records is not { } records)
        {
            return;
        }
        Span<byte> body = stackalloc byte[DtlsAlert.AlertLength];
        alert.Write(body);
        var length = records.Seal(DtlsContentType.Alert, body, _sendBuffer);
        if (length > 0)
        {
            _transport.Send(_sendBuffer.AsSpan(0, length));
        }
    }

    private void Fail(DtlsException error)
    {
        if (State is DtlsConnectionState.Closed or DtlsConnectionState.Failed)
        {
            return;
        }
        StopHandshake();
        ReleaseRecords();
        Error = error;
        SetState(DtlsConnectionState.Failed);
    }

    private void OnWatchdog() => _executor.Post(() =>
    {
        if (State == DtlsConnectionState.Connecting)
        {
            Fail(new DtlsException(DtlsFailureReason.HandshakeTimeout,
                $"The DTLS handshake did not complete within {_options.HandshakeTimeout.TotalSeconds:0.###} s."));
        }
    });

    private void StopHandshake()
    {
        DisposeWatchdog();
        _handshake?.Cancel();
    }

    private void DisposeWatchdog()
    {
        _watchdog?.Dispose();
        _watchdog = null;
    }

    private void ReleaseRecords()
    {
        _finalFlight = null;
        _records?.Dispose();
        _records = null;
    }

    private void SetState(DtlsConnectionState state)
    {
        if (State == state)
        {
            return;
        }
        State = state;
        StateChanged?.Invoke(state);
    }

    private sealed class LowerReceiver(DtlsConnection connection) : IDatagramReceiver
    {
        public void OnDatagram(ReadOnlySpan<byte> datagram) => connection.OnLowerDatagram(datagram);
    }
}
