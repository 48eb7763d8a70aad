using MeshActors.WebRtc.Net;
using MeshActors.WebRtc.Sctp;

namespace MeshActors.WebRtc.DataChannels;

/// <summary>
/// The data-channel layer of one peer connection (RFC 8831, RFC 8832), shaped like the W3C
/// <c>RTCSctpTransport</c>: it owns the SCTP association that runs over the DTLS transport, opens
/// channels in band (DCEP) or negotiated, allocates stream ids by DTLS role, enforces the message size
/// limit and closes channels with stream resets. Everything runs on the connection's
/// <see cref="SerialExecutor"/>; the public methods may be called from any thread.
/// </summary>
/// <remarks>
/// <para>Use: create it with the connection's executor (channels may be created at once, as with W3C
/// <c>createDataChannel</c> before the offer); when DTLS is connected call
/// <see cref="Start(IDatagramTransport, bool, long, ushort?)"/> with the DTLS transport, the DTLS role and the
/// peer's a=max-message-size. Remote in-band channels arrive through <see cref="DataChannel"/>.</para>
/// <para>Close semantics (RFC 8831 §6.7): closing a channel resets its outgoing stream; when the peer
/// resets a stream we reset ours; the channel is closed on both sides once both directions are reset.
/// When the association ends every channel closes.</para>
/// </remarks>
public sealed partial class SctpDataChannelTransport : IDisposable
{
    /// <summary>The peer's max message size when its SDP has no a=max-message-size (RFC 8841 §6.1: 64 KiB).</summary>
    public const long DefaultRemoteMaxMessageSize = 64 * 1024;

    private readonly SerialExecutor _executor;
    private readonly TimeProvider _time;
    private readonly long _startTimestamp;
    private readonly SctpAssociationOptions _sctpOptions;

    // Guarded by _gate: stream-id allocation, which CreateDataChannel does on the caller's thread.
    private readonly object _gate = new();
    private readonly StreamIdAllocator _ids = new();
    private bool? _isDtlsClient;
    private bool _closedForCreation;
    private readonly List<RtcDataChannel> _awaitingId = [];

    // Executor-owned.
    private readonly Dictionary<ushort, RtcDataChannel> _channels = [];
    private readonly List<RtcDataChannel> _unregisteredWithoutId = [];
    private readonly HashSet<ushort> _refusedStreams = []; // streams reset after a refused OPEN: their ids stay taken until done
    private SctpAssociation? _association;
    private IDatagramTransport? _transport;
    private int _state; // SctpDataChannelTransportState
    private long _maxMessageSize;
    private int _maxChannels = -1;

    /// <summary>
    /// Creates the transport; nothing goes on the wire before <see cref="Start(IDatagramTransport, bool, long, ushort?)"/>.
    /// </summary>
    /// <param name="executor">The connection's serial executor: every event is raised on it.</param>
    /// <param name="sctpOptions">
    /// SCTP settings (null for the defaults): ports, packet size, <see cref="SctpAssociationOptions.MaxMessageSize"/>
    /// (our a=max-message-size, default 256 KiB) and <see cref="SctpAssociationOptions.MaxBufferedAmountPerStream"/>,
    /// which is also each channel's <see cref="RtcDataChannel.MaxBufferedAmount"/> (default 16 MiB).
    /// </param>
    /// <param name="timeProvider">Clock and timers (null for the system's; a <see cref="VirtualClock"/> in tests).</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting of <paramref name="sctpOptions"/> cannot work (e.g. a receive window under twice the message size).</exception>
    public SctpDataChannelTransport(SerialExecutor executor, SctpAssociationOptions? sctpOptions = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(executor);
        _executor = executor;
        _sctpOptions = sctpOptions ?? new SctpAssociationOptions();
        _sctpOptions.Validate(); // here, where a bad setting is the caller's mistake, not later on the executor
        _time = timeProvider ?? TimeProvider.System;
        _startTimestamp = _time.GetTimestamp();
        _maxMessageSize = _sctpOptions.MaxMessageSize;
        _timeoutItem = new TimeoutWorkItem(this);
        _transmitItem = new TransmitWorkItem(this);
        _packetBuffer = new byte[_sctpOptions.MaxPacketSize];
    }

    /// <summary>A channel opened by the peer (DATA_CHANNEL_OPEN) is ready: subscribe to its events here. Its <see cref="RtcDataChannel.Opened"/> follows.</summary>
    public event Action<RtcDataChannel>? DataChannel;

    /// <summary>The SCTP association is established; channels open.</summary>
    public event Action? Connected;

    /// <summary>The SCTP association ended (every channel is closed by then).</summary>
    public event Action<SctpCloseInfo>? Closed;

    /// <summary>
    /// An application event handler threw. The exception is caught so that one faulty handler cannot
    /// break the connection; it is reported here (and counted in <see cref="DataChannelCounters.HandlerExceptions"/>).
    /// </summary>
    public event Action<Exception>? HandlerException;

    /// <summary>The connection's executor.</summary>
    public SerialExecutor Executor => _executor;

    /// <summary>Where the association is.</summary>
    public SctpDataChannelTransportState State => (SctpDataChannelTransportState)Volatile.Read(ref _state);

    /// <summary>
    /// Largest message Send accepts, in bytes (W3C <c>maxMessageSize</c>): the smaller of ours
    /// (<see cref="SctpAssociationOptions.MaxMessageSize"/>) and the peer's a=max-message-size (0 there = no limit).
    /// </summary>
    public long MaxMessageSize => Volatile.Read(ref _maxMessageSize);

    /// <summary>Channels (streams) both sides can use, known once connected (W3C <c>maxChannels</c>); null before.</summary>
    public int? MaxChannels
    {
        get
        {
            var value = Volatile.Read(ref _maxChannels);
            return value < 0 ? null : value;
        }
    }

    /// <summary>Each channel's <see cref="RtcDataChannel.MaxBufferedAmount"/>.</summary>
    public long MaxBufferedAmountPerChannel => _sctpOptions.MaxBufferedAmountPerStream;

    /// <summary>What was done and dropped.</summary>
    public DataChannelCounters Counters { get; } = new();

    /// <summary>The association (executor only; null before start). For diagnostics and tests.</summary>
    internal SctpAssociation? Association => _association;

    /// <summary>Number of channels in the stream table (executor only): open, opening or closing.</summary>
    internal int ChannelCount => _channels.Count;

    /// <summary>Stream ids taken (any thread).</summary>
    internal int UsedIdCount
    {
        get
        {
            lock (_gate)
            {
                return _ids.Count;
            }
        }
    }

    /// <summary>Monotonic time since creation: the "now" handed to the association.</summary>
    private TimeSpan Now => _time.GetElapsedTime(_startTimestamp);

    /// <summary>
    /// Creates a data channel (W3C <c>createDataChannel</c>). An in-band channel gets the lowest free
    /// stream id of our parity (even as DTLS client, odd as server) once the role is known, and is
    /// announced with DATA_CHANNEL_OPEN; a negotiated channel uses <see cref="RtcDataChannelInit.Id"/>
    /// and must be created by the peer with the same id. The channel opens when the association is
    /// established (at once if it already is).
    /// </summary>
    /// <exception cref="ArgumentException">The label or options break a W3C rule (see <see cref="RtcDataChannelInit.Validate"/>).</exception>
    /// <exception cref="InvalidOperationException">The transport is closed, the negotiated id is in use, or no stream id is free.</exception>
    public RtcDataChannel CreateDataChannel(string label, RtcDataChannelInit? init = null)
    {
        init ??= new RtcDataChannelInit();
        init.Validate(label);
        lock (_gate)
        {
            if (_closedForCreation)
            {
                throw new InvalidOperationException("The SCTP transport is closed: no channel can be created.");
            }
            int? id = null;
            if (init.Negotiated)
            {
                var wanted = init.Id!.Value;
                var limit = Volatile.Read(ref _maxChannels);
                if (limit >= 0 && wanted >= limit)
                {
                    throw new InvalidOperationException($"Stream id {wanted} is beyond the {limit} streams negotiated with the peer.");
                }
                if (!_ids.TryReserve(wanted))
                {
                    throw new InvalidOperationException($"Stream id {wanted} is already used by another data channel.");
                }
                id = wanted;
            }
            else if (_isDtlsClient is { } client)
            {
                id = AllocateId(client);
            }
            var channel = new RtcDataChannel(this, label, init, id, remote: false);
            if (id is null)
            {
                _awaitingId.Add(channel);
            }
            // Posted under the lock so registrations reach the executor in creation order, ahead of Start.
            _executor.Post(() => Register(channel));
            return channel;
        }
    }

    /// <summary>
    /// Starts SCTP over <paramref name="transport"/> (the DTLS connection) once DTLS is connected: gives
    /// in-band channels created so far their stream ids, sends INIT and opens every channel when the
    /// association is up.
    /// </summary>
    /// <param name="transport">The datagram path (DTLS); its receiver is set to this transport.</param>
    /// <param name="isDtlsClient">True when we are the DTLS client (a=setup:active): our in-band channels use even ids.</param>
    /// <param name="remoteMaxMessageSize">
    /// The peer's a=max-message-size (<see cref="DefaultRemoteMaxMessageSize"/> when its SDP has none; 0 = no limit).
    /// </param>
    /// <param name="remotePort">
    /// The peer's a=sctp-port (RFC 8841 §5) when it differs from <see cref="SctpAssociationOptions.RemotePort"/>; null keeps the option.
    /// </param>
    /// <exception cref="InvalidOperationException">Already started, or closed.</exception>
    public void Start(IDatagramTransport transport, bool isDtlsClient, long remoteMaxMessageSize = DefaultRemoteMaxMessageSize, ushort? remotePort = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentOutOfRangeException.ThrowIfNegative(remoteMaxMessageSize);
        lock (_gate)
        {
            if (_closedForCreation)
            {
                throw new InvalidOperationException("The SCTP transport is closed.");
            }
            if (_isDtlsClient is not null)
            {
                throw new InvalidOperationException("The SCTP transport was already started.");
            }
            _isDtlsClient = isDtlsClient;
            foreach (var channel in _awaitingId)
            {
                // W3C: ids are given in creation order once the role is known; a channel with none left fails at open.
                if (AllocateIdOrNull(isDtlsClient) is { } id)
                {
                    channel.AssignId(id);
                }
            }
            _awaitingId.Clear();
            var sendLimit = remoteMaxMessageSize <= 0 ? _sctpOptions.MaxMessageSize : Math.Min(remoteMaxMessageSize, _sctpOptions.MaxMessageSize);
            Volatile.Write(ref _maxMessageSize, sendLimit);
        }
        if (_executor.IsCurrent)
        {
            // Called by DTLS as it connects: the INIT leaves now, and records that arrived with the peer's last flight
            // reach the association that now exists.
            StartCore(transport, remoteMaxMessageSize, remotePort);
        }
        else
        {
            _executor.Post(() => StartCore(transport, remoteMaxMessageSize, remotePort));
        }
    }

    /// <summary>
    /// Ends the association gracefully (SCTP SHUTDOWN: queued data is delivered first); every channel
    /// closes. Does nothing once closed.
    /// </summary>
    public void Shutdown() => _executor.Post(ShutdownCore);

    /// <summary>Ends the association at once (SCTP ABORT with <paramref name="reason"/>); every channel closes with an error.</summary>
    public void Abort(string reason = "Peer connection closed")
    {
        ArgumentNullException.ThrowIfNull(reason);
        _executor.Post(() => AbortCore(reason));
    }

    /// <summary>Aborts the association if it is still up and releases the timer.</summary>
    public void Dispose() => Abort("Disposed");

    private ushort AllocateId(bool isDtlsClient)
        => AllocateIdOrNull(isDtlsClient) ?? throw new InvalidOperationException("No free SCTP stream id is left for a new data channel.");

    private ushort? AllocateIdOrNull(bool isDtlsClient)
    {
        var limit = Volatile.Read(ref _maxChannels);
        // RFC 8832 §6: the DTLS client picks even stream ids, the server odd ones.
        return _ids.TryAllocate(odd: !isDtlsClient, limit < 0 ? StreamIdAllocator.IdCount : limit, out var id) ? id : null;
    }

    private void ReleaseId(ushort id)
    {
        lock (_gate)
        {
            _ids.Release(id);
        }
    }

    // ---- application callbacks: caught and reported, never allowed to break the connection ----

    internal void Invoke(Action? handler)
    {
        if (handler is null)
        {
            return;
        }
        try
        {
            handler();
        }
        catch (Exception ex)
        {
            ReportHandlerException(ex);
        }
    }

    internal void Invoke<T>(Action<T> handler, T argument)
    {
        try
        {
            handler(argument);
        }
        catch (Exception ex)
        {
            ReportHandlerException(ex);
        }
    }

    internal void Invoke(RtcDataChannelMessageHandler handler, RtcDataChannel channel, ReadOnlySpan<byte> data, bool isText)
    {
        try
        {
            handler(channel, data, isText);
        }
        catch (Exception ex)
        {
            ReportHandlerException(ex);
        }
    }

    private void ReportHandlerException(Exception exception)
    {
        Interlocked.Increment(ref Counters._handlerExceptions);
        var report = HandlerException;
        if (report is null)
        {
            return;
        }
        try
        {
            report(exception);
        }
        catch (Exception)
        {
            // The reporting handler itself failed: nothing sensible is left to tell.
        }
    }

    internal void CountBufferFull() => Interlocked.Increment(ref Counters._bufferFull);

    internal void CountUnknownPpid() => Counters._unknownPpid++;

    internal void CountDroppedNotOpen() => Counters._droppedNotOpen++;

    internal void CountMessageReceived(int bytes)
    {
        Counters._messagesReceived++;
        Counters._bytesReceived += bytes;
    }
}
