using System.Runtime.ExceptionServices;
using MeshActors.WebRtc.Net;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;

namespace MeshActors.WebRtc.Dtls;

/// <summary>
/// A DTLS 1.2 handshake run by BouncyCastle's blocking <see cref="DtlsClientProtocol"/> /
/// <see cref="DtlsServerProtocol"/> on a <see cref="DtlsHandshakeScheduler"/> thread. The executor only queues
/// datagrams and receives results; BouncyCastle's sends are run on the executor (inline when it is idle).
/// </summary>
internal sealed class BcDtlsHandshake : IDtlsHandshake
{
    /// <summary>Application-data datagrams kept aside while the handshake runs (they belong to the record layer).</summary>
    private const int MaxEarlyApplicationData = 32;

    private readonly DtlsRole _role;
    private readonly RtcCertificate _certificate;
    private readonly DtlsOptions _options;
    private readonly SerialExecutor _executor;
    private readonly IDtlsHandshakeOwner _owner;
    private readonly BcDatagramAdapter _adapter;
    private readonly RemoteFingerprintSlot _fingerprints;
    private readonly List<byte[]> _earlyApplicationData = [];
    private long _deadline;
    private volatile bool _canceled;

    public BcDtlsHandshake(DtlsRole role, RtcCertificate certificate, DtlsOptions options, int sendLimit,
        SerialExecutor executor, IDtlsHandshakeOwner owner)
    {
        _role = role;
        _certificate = certificate;
        _options = options;
        _executor = executor;
        _owner = owner;
        _fingerprints = new RemoteFingerprintSlot(options.RemoteFingerprints);
        _adapter = new BcDatagramAdapter(sendLimit, Forward, server: role == DtlsRole.Server);
    }

    /// <summary>Datagrams of the handshake dropped because its queue was full or they were oversized.</summary>
    public int DroppedDatagrams => _adapter.Dropped;

    public void Start()
    {
        _deadline = Environment.TickCount64 + (long)_options.HandshakeTimeout.TotalMilliseconds;
        (_options.HandshakeScheduler ?? DtlsHandshakeScheduler.Shared).Schedule(Run);
    }

    public void OnDatagram(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length > 0 && datagram[0] == (byte)DtlsContentType.ApplicationData)
        {
            // The peer finished first and already sends epoch-1 data; BouncyCastle would discard it mid-handshake.
            if (_earlyApplicationData.Count < MaxEarlyApplicationData)
            {
                _earlyApplicationData.Add(datagram.ToArray());
            }
            return;
        }
        _adapter.Enqueue(datagram);
    }

    public void SetRemoteFingerprints(IReadOnlyList<DtlsFingerprint> fingerprints) => _fingerprints.Set(fingerprints);

    public void Cancel()
    {
        _canceled = true;
        _adapter.Cancel();
        _fingerprints.Cancel();
    }

    public IReadOnlyList<byte[]> TakeUnconsumedDatagrams()
    {
        var unread = _adapter.TakeUnread();
        unread.AddRange(_earlyApplicationData);
        _earlyApplicationData.Clear();
        return unread;
    }

    private void Run()
    {
        if (_canceled)
        {
            return;
        }
        if (Environment.TickCount64 >= _deadline)
        {
            Report(new DtlsException(DtlsFailureReason.HandshakeTimeout,
                $"The DTLS handshake did not start within {_options.HandshakeTimeout.TotalSeconds:0.###} s: every " +
                "handshake thread was busy."));
            return;
        }
        var crypto = new DtlsTlsCrypto(new SecureRandom());
        var context = new BcHandshakeContext(crypto, _certificate, _options, _fingerprints, _deadline);
        _adapter.PendingEpochReady = () => crypto.KeyMaterial is not null;
        _adapter.IdleWork = crypto.PrepareEphemeralKey;
        try
        {
            if (_role == DtlsRole.Client)
            {
                new DtlsClientProtocol().Connect(new BcDtlsClient(context), _adapter);
            }
            else
            {
                // No HelloVerifyRequest: ICE connectivity checks already proved the address (RFC 8445 §7.2.5).
                new DtlsServerProtocol { VerifyRequests = false }.Accept(new BcDtlsServer(context), _adapter);
            }
            var keys = crypto.KeyMaterial;
            if (!context.Completed || keys is null || context.RemoteCertificateDer is null
                || context.MatchedFingerprint is null)
            {
                throw new InvalidOperationException("The handshake returned without keys or a verified certificate.");
            }
            var result = new DtlsHandshakeResult(keys.CreateProtection(), _adapter.NextEpoch1Sequence,
                _adapter.LastFlight.ToArray(), (DtlsCipherSuite)context.NegotiatedCipherSuite,
                context.ExtendedMasterSecret, context.SecureRenegotiation, context.NegotiatedGroup,
                context.RemoteCertificateDer, context.MatchedFingerprint);
            OnExecutor(() =>
            {
                if (_canceled)
                {
                    result.Protection.Dispose();
                    return;
                }
                _owner.OnHandshakeCompleted(result);
            });
        }
        catch (Exception ex)
        {
            if (!_canceled)
            {
                Report(context.DescribeFailure(ex, _adapter, _role, _options.HandshakeTimeout));
            }
        }
        finally
        {
            crypto.DiscardPreparedKey();
        }
    }

    private void Report(DtlsException error) => OnExecutor(() =>
    {
        if (!_canceled)
        {
            _owner.OnHandshakeFailed(error);
        }
    });

    /// <summary>
    /// Runs the outcome on the executor: inline on this thread when the executor is idle (the connection's next step,
    /// SCTP's INIT, then leaves at once instead of after a thread hand-off), posted otherwise.
    /// </summary>
    private void OnExecutor(Action action)
    {
        if (_executor.TryEnter())
        {
            try
            {
                action();
            }
            catch (Exception ex)
            {
                // A state-change handler threw: report it where a posted item's exception would go.
                _executor.Post(ExceptionDispatchInfo.Capture(ex).Throw);
            }
            finally
            {
                _executor.Exit();
            }
            return;
        }
        _executor.Post(action);
    }

    private void Forward(byte[] datagram)
    {
        if (_executor.TryEnter())
        {
            try
            {
                _owner.SendHandshakeDatagram(datagram);
            }
            finally
            {
                _executor.Exit();
            }
            return;
        }
        _executor.Post(new SendItem(_owner, datagram));
    }

    private sealed class SendItem(IDtlsHandshakeOwner owner, byte[] datagram) : IWorkItem
    {
        public void Execute() => owner.SendHandshakeDatagram(datagram);
    }
}
