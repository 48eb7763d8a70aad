using System.Buffers;
using System.Security.Cryptography;

namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// One SCTP association (RFC 9260) as WebRTC data channels use it over DTLS (RFC 8261): a sans-I/O core.
/// Packets go in with <see cref="HandlePacket"/>, come out of <see cref="PollTransmit"/>; time is passed
/// in and <see cref="NextDeadline"/> says when <see cref="HandleTimeout"/> is due; events go to an
/// <see cref="ISctpAssociationHandler"/>. It never reads a clock, starts a thread or touches a socket,
/// and it is not thread-safe: one serial executor owns it.
/// </summary>
/// <remarks>
/// <para>Implemented: the four-way handshake from either side (and both at once), DATA fragmentation and
/// reassembly, ordered and unordered delivery, SACK with gap blocks and duplicates, RTO (RFC 6298),
/// T3-rtx, fast retransmit and fast recovery, slow start and congestion avoidance, delayed SACK, heartbeats,
/// partial reliability (RFC 3758 FORWARD-TSN), stream reset (RFC 6525), message interleaving (RFC 8260
/// I-DATA, when both ends offer it), SHUTDOWN and ABORT.</para>
/// <para>Driving it: after any call, call <see cref="PollTransmit"/> until it returns 0 and send each packet;
/// arm a timer for <see cref="NextDeadline"/> and call <see cref="HandleTimeout"/> when it fires.</para>
/// <para>Malformed input never throws: it is dropped and counted in <see cref="Counters"/>, or the association
/// aborts with a Protocol Violation cause.</para>
/// </remarks>
public sealed partial class SctpAssociation
{
    private readonly SctpAssociationOptions _options;
    private readonly ISctpAssociationHandler _handler;
    private readonly byte[] _cookieKey = new byte[32];
    private readonly int _mtu;
    private readonly Queue<PooledPacket> _controlPackets = new();

    /// <summary>Control packets (answers, handshake, errors) waiting for <see cref="PollTransmit"/> at most.</summary>
    private const int MaxQueuedControlPackets = 64;

    private SctpAssociationState _state;
    private bool _started;    // Connect was called or a handshake was answered
    private bool _terminated; // closed for good

    // Tags, initial TSNs and what was negotiated (RFC 9260 §5.1).
    private uint _myTag;
    private uint _peerTag;
    private uint _myInitialTsn;
    private uint _peerInitialTsn;
    private ushort _outboundStreams;
    private ushort _inboundStreams;
    private bool _forwardTsnEnabled;
    private bool _reconfigEnabled;
    private bool _interleaving;

    private SctpTimer _t1 = SctpTimer.Stopped;          // T1-init / T1-cookie
    private SctpTimer _t2 = SctpTimer.Stopped;          // T2-shutdown
    private SctpTimer _t3 = SctpTimer.Stopped;          // T3-rtx
    private SctpTimer _t5 = SctpTimer.Stopped;          // T5-shutdown-guard
    private SctpTimer _delayedAck = SctpTimer.Stopped;
    private SctpTimer _heartbeat = SctpTimer.Stopped;
    private SctpTimer _reconfigTimer = SctpTimer.Stopped;
    private int _associationErrors;                      // RFC 9260 §8.1 error counter

    /// <summary>Creates an association in state <see cref="SctpAssociationState.Closed"/>.</summary>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="handler">Receives the events.</param>
    public SctpAssociation(SctpAssociationOptions? options, ISctpAssociationHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _options = options ?? new SctpAssociationOptions();
        _options.Validate();
        _handler = handler;
        _mtu = _options.MaxPacketSize;
        RandomNumberGenerator.Fill(_cookieKey);
        _rto = new RetransmissionTimeout(_options.RtoInitial, _options.RtoMin, _options.RtoMax);
        RemoteMaxMessageSize = _options.MaxMessageSize;
        _cwnd = (long)_options.InitialCongestionWindowPackets * _mtu;
    }

    /// <summary>Our verification tag (tests craft packets with it).</summary>
    internal uint LocalVerificationTag => _myTag;

    /// <summary>The peer's verification tag.</summary>
    internal uint PeerVerificationTag => _peerTag;

    /// <summary>The TSN our next new chunk gets.</summary>
    internal uint NextTsn => _rtxQueue.NextTsn;

    /// <summary>The peer's data received in order up to this TSN.</summary>
    internal uint CumulativeTsnReceived => _received.CumulativeTsn;

    /// <summary>The settings.</summary>
    public SctpAssociationOptions Options => _options;

    /// <summary>Where the association is.</summary>
    public SctpAssociationState State => _state;

    /// <summary>Packet, chunk and message counts, including what was dropped.</summary>
    public SctpAssociationCounters Counters { get; } = new();

    /// <summary>Streams we may send on (negotiated: min of our OS and the peer's MIS); 0 before the handshake.</summary>
    public int OutboundStreams => _outboundStreams;

    /// <summary>Streams the peer may send on (min of our MIS and the peer's OS); 0 before the handshake.</summary>
    public int InboundStreams => _inboundStreams;

    /// <summary>True when both ends support partial reliability (FORWARD-TSN).</summary>
    public bool PartialReliabilityEnabled => _forwardTsnEnabled;

    /// <summary>True when the peer supports stream reset (RE-CONFIG).</summary>
    public bool StreamResetEnabled => _reconfigEnabled;

    /// <summary>True when I-DATA is used (both ends offered message interleaving).</summary>
    public bool MessageInterleavingEnabled => _interleaving;

    /// <summary>
    /// The peer's a=max-message-size (RFC 8841; 0 = no limit). The data-channel layer sets it from SDP;
    /// it defaults to <see cref="SctpAssociationOptions.MaxMessageSize"/>.
    /// </summary>
    public long RemoteMaxMessageSize { get; set; }

    /// <summary>Largest message <see cref="Send"/> accepts: the smaller of ours and the peer's limit.</summary>
    public long MaxSendMessageSize => RemoteMaxMessageSize <= 0 ? _options.MaxMessageSize : Math.Min(RemoteMaxMessageSize, _options.MaxMessageSize);

    /// <summary>Bytes queued on all streams and not yet sent.</summary>
    public long BufferedAmount => _sendQueue.BufferedAmount;

    /// <summary>Current retransmission timeout.</summary>
    public TimeSpan RetransmissionTimeoutValue => _rto.Value;

    /// <summary>Smoothed round-trip time (zero until measured).</summary>
    public TimeSpan SmoothedRoundTripTime => _rto.SmoothedRtt;

    /// <summary>Congestion window in bytes.</summary>
    public long CongestionWindow => _cwnd;

    /// <summary>Slow-start threshold in bytes.</summary>
    public long SlowStartThreshold => _ssthresh;

    /// <summary>Bytes sent and not yet acknowledged (chunk headers included).</summary>
    public long FlightSize => _flightSize;

    /// <summary>The sender's view of the peer's free receive window.</summary>
    public long PeerReceiveWindow => _peerRwnd;

    /// <summary>
    /// When <see cref="HandleTimeout"/> must next be called; null when no timer runs. Packets may be waiting
    /// regardless: call <see cref="PollTransmit"/> after every call into the association.
    /// </summary>
    public TimeSpan? NextDeadline
    {
        get
        {
            var next = TimeSpan.MaxValue;
            Earliest(ref next, _t1);
            Earliest(ref next, _t2);
            Earliest(ref next, _t3);
            Earliest(ref next, _t5);
            Earliest(ref next, _delayedAck);
            Earliest(ref next, _heartbeat);
            Earliest(ref next, _reconfigTimer);
            return next == TimeSpan.MaxValue ? null : next;

            static void Earliest(ref TimeSpan next, in SctpTimer timer)
            {
                if (timer.Deadline < next)
                {
                    next = timer.Deadline;
                }
            }
        }
    }

    /// <summary>
    /// Starts the handshake by sending INIT (the other side may do the same: both INITs cross and one
    /// association results, RFC 9260 §5.2). Without calling it the association still answers an INIT.
    /// </summary>
    /// <exception cref="InvalidOperationException">When the association was already started.</exception>
    public void Connect(TimeSpan now)
    {
        if (_started || _terminated)
        {
            throw new InvalidOperationException("The association was already started.");
        }
        _started = true;
        _myTag = NewVerificationTag();
        _myInitialTsn = _options.InitialTsn ?? NewVerificationTag();
        _state = SctpAssociationState.CookieWait;
        QueueInit();
        _t1.Start(now, _options.InitTimeout);
    }

    /// <summary>
    /// Queues a message on a stream. The bytes are copied. Messages of one stream leave in the order
    /// given; ordered ones are delivered in that order. Returns why it was refused, if it was.
    /// </summary>
    public SctpSendStatus Send(ushort streamId, uint payloadProtocolId, ReadOnlySpan<byte> message, in SctpSendOptions options, TimeSpan now)
    {
        var status = CheckSend(streamId, message.Length, out var stream);
        if (status != SctpSendStatus.Ok)
        {
            return status;
        }
        var buffer = BufferPools.RentMessage(message.Length);
        message.CopyTo(buffer);
        Enqueue(stream, payloadProtocolId, buffer, message.Length, options, now);
        return SctpSendStatus.Ok;
    }

    /// <summary>
    /// Queues a message that already sits in a buffer rented with <see cref="BufferPools.RentMessage"/> (its first
    /// <paramref name="length"/> bytes), without copying it. On <see cref="SctpSendStatus.Ok"/> the association owns
    /// the buffer and returns it to the pool once the message is acknowledged or abandoned; the caller must not touch
    /// it again. On any other status the buffer stays the caller's.
    /// </summary>
    internal SctpSendStatus SendPooled(ushort streamId, uint payloadProtocolId, byte[] buffer, int length, in SctpSendOptions options, TimeSpan now)
    {
        var status = CheckSend(streamId, length, out var stream);
        if (status == SctpSendStatus.Ok)
        {
            Enqueue(stream, payloadProtocolId, buffer, length, options, now);
        }
        return status;
    }

    private SctpSendStatus CheckSend(ushort streamId, int length, out OutgoingStream stream)
    {
        stream = null!;
        switch (_state)
        {
            case SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed or SctpAssociationState.Established:
                break;
            default:
                return SctpSendStatus.NotConnected;
        }
        if (length == 0)
        {
            return SctpSendStatus.EmptyMessage;
        }
        if (length > MaxSendMessageSize)
        {
            return SctpSendStatus.MessageTooLarge;
        }
        var streamLimit = _state == SctpAssociationState.Established ? _outboundStreams : _options.OutboundStreams;
        if (streamId >= streamLimit)
        {
            return SctpSendStatus.InvalidStream;
        }
        stream = _sendQueue.GetOrCreate(streamId);
        if (stream.ResetState != OutgoingResetState.None)
        {
            return SctpSendStatus.StreamResetting;
        }
        if (stream.BufferedAmount + length > _options.MaxBufferedAmountPerStream)
        {
            return SctpSendStatus.BufferFull;
        }
        return SctpSendStatus.Ok;
    }

    private void Enqueue(OutgoingStream stream, uint payloadProtocolId, byte[] buffer, int length, in SctpSendOptions options, TimeSpan now)
    {
        var outgoing = _sendQueue.RentMessage();
        outgoing.Initialize(stream, payloadProtocolId, buffer, length, options, now);
        _sendQueue.Enqueue(stream, outgoing);
        Counters.MessagesSent++;
    }

    /// <summary>Bytes queued on <paramref name="streamId"/> and not yet sent (W3C bufferedAmount).</summary>
    public long GetBufferedAmount(ushort streamId) => _sendQueue.TryGet(streamId, out var stream) ? stream.BufferedAmount : 0;

    /// <summary>
    /// Sets the level at or below which <see cref="ISctpAssociationHandler.OnBufferedAmountLow"/> fires
    /// when the stream's buffered amount falls to it (W3C bufferedAmountLowThreshold; default 0).
    /// </summary>
    public void SetBufferedAmountLowThreshold(ushort streamId, long threshold)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threshold);
        if (streamId < (_state == SctpAssociationState.Established ? _outboundStreams : _options.OutboundStreams))
        {
            _sendQueue.GetOrCreate(streamId).BufferedAmountLowThreshold = threshold;
        }
    }

    /// <summary>Random non-zero 32-bit value: verification tags and initial TSNs (RFC 9260 §5.3.1 asks for good randomness).</summary>
    private static uint NewVerificationTag()
    {
        Span<byte> bytes = stackalloc byte[4];
        uint value;
        do
        {
            RandomNumberGenerator.Fill(bytes);
            value = BitConverter.ToUInt32(bytes);
        }
        while (value == 0);
        return value;
    }

    /// <summary>A finished packet waiting in <see cref="_controlPackets"/>, in a rented buffer.</summary>
    private readonly record struct PooledPacket(byte[] Buffer, int Length);

    /// <summary>Builds a packet holding one chunk and queues it ahead of everything else.</summary>
    private void QueueControlChunk<T>(uint verificationTag, scoped in T chunk) where T : ISctpWritable, allows ref struct
    {
        if (_controlPackets.Count >= MaxQueuedControlPackets)
        {
            Counters.IgnoredChunks++; // a flood of INITs or HEARTBEATs must not grow the queue without bound
            return;
        }
        var size = SctpCommonHeader.Size + chunk.GetLength();
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(size, 64));
        var writer = new SctpPacketWriter(buffer.AsSpan(0, size), _options.LocalPort, _options.RemotePort, verificationTag);
        writer.TryAppend(chunk);
        _controlPackets.Enqueue(new PooledPacket(buffer, writer.Finish()));
    }

    private void ClearControlPackets()
    {
        while (_controlPackets.Count > 0)
        {
            ArrayPool<byte>.Shared.Return(_controlPackets.Dequeue().Buffer);
        }
    }
}
