using System.Net;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using MeshActors.WebRtc.Dtls;
using MeshActors.WebRtc.Ice;
using MeshActors.WebRtc.Net;
using MeshActors.WebRtc.Sdp;

namespace MeshActors.WebRtc;

/// <summary>
/// A WebRTC peer connection for data channels, shaped like W3C WebRTC's <c>RTCPeerConnection</c>: offer/answer
/// signaling with trickle ICE, an ICE transport, DTLS 1.2 on the selected pair, and SCTP data channels above it.
/// </summary>
/// <remarks>
/// <para><b>Threading.</b> Every connection has one <see cref="SerialExecutor"/> (<see cref="Executor"/>): all of
/// its state, and the state of its transports and channels, changes there. Methods may be called from any thread;
/// they run on the executor (inline when it is idle or already current, so they usually complete synchronously).
/// Every event of the connection and of its channels is raised on the executor, one at a time, in order. A
/// handler may call back into the connection; it should not block. An exception thrown by a handler does not
/// disturb the connection: it is re-raised on the executor's <see cref="SerialExecutor.UnhandledException"/>.</para>
/// <para><b>Errors.</b> A call in the wrong state throws <see cref="InvalidOperationException"/> (W3C
/// InvalidStateError); an unusable description or candidate throws <see cref="ArgumentException"/> (W3C
/// SyntaxError/OperationError/InvalidAccessError) with the reason; ICE restarts and a changed remote
/// certificate throw <see cref="NotSupportedException"/>. Task-returning methods report them through the task,
/// which completes at once. Nothing waits for the network: a connection that cannot be made ends in
/// <see cref="RtcPeerConnectionState.Failed"/>.</para>
/// <para><b>Layers.</b> ICE starts at the first description that fixes its role; gathering starts with
/// <see cref="SetLocalDescriptionAsync(RtcSessionDescription)"/>. DTLS starts when ICE connects, in the role of
/// the negotiated <c>a=setup</c> (the offerer says actpass, the answerer active unless the offer forces otherwise;
/// active is the DTLS client), and checks the remote certificate against the remote <c>a=fingerprint</c>.
/// SCTP and the data channels start when DTLS connects.</para>
/// </remarks>
public sealed partial class RtcPeerConnection : IAsyncDisposable
{
    /// <summary>The SCTP port this side announces (<c>a=sctp-port</c>, RFC 8841 §5), like every browser.</summary>
    public const int SctpPort = MediaDescription.DefaultSctpPort;

    /// <summary>The <c>a=mid</c> of the data-channel section of the offers this side creates.</summary>
    private const string OfferMid = "0";

    private readonly RtcConfiguration _configuration;
    private readonly IDatagramNetwork _network;
    private readonly IReadOnlyList<IPEndPoint> _stunServers;
    private readonly IceParameters _localIce;
    private readonly SdpFingerprint _localFingerprint;
    private readonly ulong _sessionId;
    private readonly List<string> _localCandidates = [];
    private ulong _sessionVersion = 1;
    private bool _localGatheringComplete;
    private long _handlerErrors;

    /// <summary>Creates a connection. Nothing is bound and no packet is sent until a description is set.</summary>
    /// <param name="configuration">Settings; null for the defaults (real UDP, all interfaces, no STUN server).</param>
    /// <param name="executor">
    /// The executor of this connection; null for a new thread-pool executor. Pass
    /// <see cref="VirtualNetwork.CreateExecutor"/> to run in virtual time.
    /// </param>
    /// <exception cref="ArgumentException">The configuration is invalid; the message names the setting.</exception>
    public RtcPeerConnection(RtcConfiguration? configuration = null, SerialExecutor? executor = null)
    {
        _configuration = configuration ?? new RtcConfiguration();
        _configuration.Validate();
        _network = _configuration.Network ?? UdpNetwork.Instance;
        Executor = executor ?? new SerialExecutor();
        _stunServers = ResolveStunServers(_configuration);
        var now = _network.Time.GetUtcNow();
        Certificate = PickCertificate(_configuration, now);
        var fingerprint = Certificate.Fingerprint;
        _localFingerprint = SdpFingerprint.FromDigest(fingerprint.Algorithm, fingerprint.Value);
        _localIce = IceParameters.Generate();
        // RFC 8829 §5.2.1: a 64-bit session id with the top bit clear.
        _sessionId = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)) & 0x7FFF_FFFF_FFFF_FFFFUL;
    }

    /// <summary>A local ICE candidate to send to the peer (W3C <c>icecandidate</c>); the last one is the end of candidates.</summary>
    public event Action<RtcIceCandidate>? IceCandidate;

    /// <summary><see cref="SignalingState"/> changed (W3C <c>signalingstatechange</c>).</summary>
    public event Action<RtcSignalingState>? SignalingStateChanged;

    /// <summary><see cref="ConnectionState"/> changed (W3C <c>connectionstatechange</c>).</summary>
    public event Action<RtcPeerConnectionState>? ConnectionStateChanged;

    /// <summary><see cref="IceConnectionState"/> changed (W3C <c>iceconnectionstatechange</c>).</summary>
    public event Action<RtcIceConnectionState>? IceConnectionStateChanged;

    /// <summary><see cref="IceGatheringState"/> changed (W3C <c>icegatheringstatechange</c>).</summary>
    public event Action<RtcIceGatheringState>? IceGatheringStateChanged;

    /// <summary>The executor every state change and event of this connection happens on.</summary>
    public SerialExecutor Executor { get; }

    /// <summary>The settings this connection was created with.</summary>
    public RtcConfiguration Configuration => _configuration;

    /// <summary>The DTLS certificate of this side; its fingerprint is in every local description.</summary>
    public RtcCertificate Certificate { get; }

    /// <summary>Where the offer/answer exchange stands.</summary>
    public RtcSignalingState SignalingState { get; private set; }

    /// <summary>The aggregate state of ICE and DTLS (W3C rules, see <see cref="RtcPeerConnectionState"/>).</summary>
    public RtcPeerConnectionState ConnectionState { get; private set; }

    /// <summary>The state of the ICE transport.</summary>
    public RtcIceConnectionState IceConnectionState { get; private set; }

    /// <summary>The state of local candidate gathering.</summary>
    public RtcIceGatheringState IceGatheringState { get; private set; }

    /// <summary>The state of the DTLS transport; <see cref="DtlsConnectionState.New"/> until it exists.</summary>
    public DtlsConnectionState DtlsState => _dtls?.State ?? DtlsConnectionState.New;

    /// <summary>Why DTLS failed, when <see cref="DtlsState"/> is <see cref="DtlsConnectionState.Failed"/>.</summary>
    public DtlsException? DtlsError => _dtls?.Error;

    /// <summary>The pending local description if there is one, else the current one (W3C <c>localDescription</c>), with the candidates gathered so far.</summary>
    public RtcSessionDescription? LocalDescription => WithLocalCandidates(PendingLocalDescription ?? CurrentLocalDescription);

    /// <summary>The pending remote description if there is one, else the current one (W3C <c>remoteDescription</c>).</summary>
    public RtcSessionDescription? RemoteDescription => PendingRemoteDescription ?? CurrentRemoteDescription;

    /// <summary>The local description of the last completed exchange.</summary>
    public RtcSessionDescription? CurrentLocalDescription { get; private set; }

    /// <summary>The local offer or provisional answer being negotiated.</summary>
    public RtcSessionDescription? PendingLocalDescription { get; private set; }

    /// <summary>The remote description of the last completed exchange.</summary>
    public RtcSessionDescription? CurrentRemoteDescription { get; private set; }

    /// <summary>The remote offer or provisional answer being negotiated.</summary>
    public RtcSessionDescription? PendingRemoteDescription { get; private set; }

    /// <summary>
    /// The largest message a channel may send, in bytes: the smaller of both sides' <c>a=max-message-size</c>, where
    /// the peer's 0 means it sets no limit and a remote description without the attribute means 65536 (RFC 8841 §6.1).
    /// Until a remote description is set, the local value.
    /// </summary>
    public long MaxMessageSize => _remote is null
        ? _configuration.MaxMessageSize
        : RemoteSessionParameters.SendLimit(_configuration.MaxMessageSize, _remote.MaxMessageSize);

    /// <summary>Exceptions thrown by event handlers (each is re-raised on the executor).</summary>
    public long HandlerErrors => Interlocked.Read(ref _handlerErrors);

    /// <inheritdoc/>
    public override string ToString() =>
        $"RtcPeerConnection {SignalingStateMachine.ToText(SignalingState)} ice={IceConnectionState} dtls={DtlsState} {ConnectionState}";

    /// <summary>
    /// Closes the connection (W3C <c>close()</c>): the data channels, the SCTP association (the peer is told with
    /// an ABORT, so its channels close at once), DTLS (close_notify) and the sockets. The connection's own states
    /// become closed without raising events, as in W3C; the channels raise their close events. Calling it again
    /// does nothing. The sockets are closed once the executor has sent the ABORT: await <see cref="DisposeAsync"/>
    /// to know that.
    /// </summary>
    public void Close() => RunSync(static pc =>
    {
        pc.CloseCore();
        return true;
    });

    /// <summary>Closes the connection (<see cref="Close"/>) and waits until the executor has run everything queued before.</summary>
    public async ValueTask DisposeAsync()
    {
        Close();
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Executor.Post(() => drained.SetResult());
        await drained.Task.ConfigureAwait(false);
    }

    private void CloseCore()
    {
        if (SignalingState == RtcSignalingState.Closed)
        {
            return;
        }
        SignalingState = RtcSignalingState.Closed;
        CloseDataChannels();
        // The abort above is queued on the executor: DTLS and the sockets close after it, so the ABORT leaves first.
        var dtls = _dtls;
        var ice = _ice;
        Executor.Post(() =>
        {
            dtls?.Close();
            ice?.Dispose();
        });
        IceConnectionState = RtcIceConnectionState.Closed;
        ConnectionState = RtcPeerConnectionState.Closed;
    }

    /// <summary>Runs <paramref name="work"/> on the executor and completes with its result or exception.</summary>
    private Task<T> Run<T>(Func<RtcPeerConnection, T> work)
    {
        if (Executor.IsCurrent)
        {
            return Invoke(work);
        }
        if (Executor.TryEnter())
        {
            try
            {
                return Invoke(work);
            }
            finally
            {
                Executor.Exit();
            }
        }
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Executor.Post(() =>
        {
            try
            {
                completion.SetResult(work(this));
            }
            catch (Exception ex)
            {
                completion.SetException(ex);
            }
        });
        return completion.Task;
    }

    private Task<T> Invoke<T>(Func<RtcPeerConnection, T> work)
    {
        try
        {
            return Task.FromResult(work(this));
        }
        catch (Exception ex)
        {
            return Task.FromException<T>(ex);
        }
    }

    /// <summary>Runs <paramref name="work"/> on the executor and waits for it (synchronous W3C methods).</summary>
    private T RunSync<T>(Func<RtcPeerConnection, T> work)
    {
        var task = Run(work);
        if (!task.IsCompleted)
        {
            ((IAsyncResult)task).AsyncWaitHandle.WaitOne();
        }
        return task.IsCompletedSuccessfully ? task.Result : throw Unwrap(task.Exception!);
    }

    private static Exception Unwrap(AggregateException aggregate)
    {
        var inner = aggregate.InnerExceptions.Count == 1 ? aggregate.InnerException! : aggregate;
        ExceptionDispatchInfo.Capture(inner).Throw();
        return inner;
    }

    /// <summary>Raises an event; a handler's exception is re-raised on the executor instead of unwinding our state change.</summary>
    private void Raise<T>(Action<T>? handler, T value)
    {
        if (handler is null)
        {
            return;
        }
        try
        {
            handler(value);
        }
        catch (Exception ex)
        {
            Interlocked.Increment(ref _handlerErrors);
            var captured = ExceptionDispatchInfo.Capture(ex);
            Executor.Post(captured.Throw);
        }
    }

    private static RtcCertificate PickCertificate(RtcConfiguration configuration, DateTimeOffset now)
    {
        foreach (var certificate in configuration.Certificates)
        {
            if (!certificate.IsExpired(now))
            {
                return certificate;
            }
        }
        if (configuration.Certificates.Count > 0)
        {
            throw new ArgumentException("Every configured certificate has expired; generate a new one with RtcCertificate.Generate().",
                nameof(configuration));
        }
        return RtcCertificate.Generate(timeProvider: configuration.Network?.Time);
    }

    /// <summary>The UDP STUN servers of the configuration; names are resolved once, here (unresolvable ones are skipped).</summary>
    private static IReadOnlyList<IPEndPoint> ResolveStunServers(RtcConfiguration configuration)
    {
        if (configuration.IceTransportPolicy == RtcIceTransportPolicy.Relay)
        {
            return [];
        }
        var servers = new List<IPEndPoint>();
        foreach (var server in configuration.IceServers)
        {
            foreach (var url in server.ParseUrls())
            {
                if (!url.IsStunUdp)
                {
                    continue;
                }
                if (IPAddress.TryParse(url.Host, out var address))
                {
                    servers.Add(new IPEndPoint(address, url.Port));
                    continue;
                }
                try
                {
                    var addresses = Dns.GetHostAddresses(url.Host);
                    if (addresses.Length > 0)
                    {
                        servers.Add(new IPEndPoint(addresses[0], url.Port));
                    }
                }
                catch (System.Net.Sockets.SocketException)
                {
                    // An unknown STUN server gives no server-reflexive candidate; host candidates still work.
                }
            }
        }
        return servers;
    }
}
