using MeshActors.WebRtc.Net;
using MeshActors.WebRtc.Sctp;

namespace MeshActors.WebRtc.DataChannels;

/// <summary>
/// A WebRTC data channel (RFC 8831), shaped like the W3C <c>RTCDataChannel</c>: a bidirectional
/// message pipe on one SCTP stream of a <see cref="SctpDataChannelTransport"/>.
/// </summary>
/// <remarks>
/// <para>Threading: <see cref="Send(ReadOnlySpan{byte})"/>, <see cref="TrySend(ReadOnlySpan{byte})"/>,
/// <see cref="Close"/> and every property may be used from any thread. Every event is raised on the
/// connection's <see cref="SerialExecutor"/>, one at a time; an exception thrown by a handler is
/// reported through <see cref="SctpDataChannelTransport.HandlerException"/> and does not harm the
/// connection. A channel created off the executor may open (and receive) before the creating thread
/// subscribes; subscribe and then look at <see cref="ReadyState"/>, or create it on the executor.</para>
/// <para>Back-pressure: <see cref="BufferedAmount"/> counts bytes accepted by Send and not yet handed
/// to the network. Send refuses a message that would take it above <see cref="MaxBufferedAmount"/>
/// (default 16 MiB, Chrome's per-channel queue, from
/// <see cref="SctpAssociationOptions.MaxBufferedAmountPerStream"/>), so a game that floods a channel
/// gets <see cref="RtcDataChannelSendResult.BufferFull"/> (or an exception from Send) instead of
/// unbounded memory; <see cref="BufferedAmountLow"/> says when to send again.</para>
/// </remarks>
public sealed partial class RtcDataChannel
{
    private readonly SctpDataChannelTransport _transport;
    private readonly ChannelSendQueue _pending = new();
    private readonly FlushWorkItem _flushItem;
    private int _state; // RtcDataChannelState; changed with Interlocked so Close and the executor agree
    private int _id; // -1 until a stream id is assigned
    private long _bufferedAmount; // bytes reserved by Send: in _pending plus in the association's stream queue
    private long _bufferedAmountLowThreshold;
    private int _flushScheduled;

    internal RtcDataChannel(SctpDataChannelTransport transport, string label, RtcDataChannelInit init, int? id, bool remote)
    {
        _transport = transport;
        _flushItem = new FlushWorkItem(this);
        Label = label;
        Protocol = init.Protocol;
        Ordered = init.Ordered;
        MaxPacketLifeTime = init.MaxPacketLifeTime;
        MaxRetransmits = init.MaxRetransmits;
        Negotiated = init.Negotiated;
        Priority = init.Priority;
        IsRemote = remote;
        _id = id ?? -1;
        MaxBufferedAmount = transport.MaxBufferedAmountPerChannel;
        SendOptions = new SctpSendOptions
        {
            Unordered = !init.Ordered,
            MaxRetransmits = init.MaxRetransmits,
            MaxLifetime = init.MaxPacketLifeTime is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
        };
        // RFC 8832 §6: the opener sends ordered until it sees the ACK (or any message) on the stream,
        // so user data can never overtake the DATA_CHANNEL_OPEN.
        AwaitingAck = !remote && !init.Negotiated;
    }

    /// <summary>The label given at creation or received in DATA_CHANNEL_OPEN.</summary>
    public string Label { get; }

    /// <summary>The sub-protocol name (empty when none).</summary>
    public string Protocol { get; }

    /// <summary>
    /// The SCTP stream id; <c>null</c> for an in-band channel created before the DTLS role was known
    /// (it gets one, even for the DTLS client and odd for the server, when the transport starts).
    /// </summary>
    public ushort? Id
    {
        get
        {
            var id = Volatile.Read(ref _id);
            return id < 0 ? null : (ushort)id;
        }
    }

    /// <summary>True when messages are delivered in order.</summary>
    public bool Ordered { get; }

    /// <summary>Lifetime limit in milliseconds of a partially reliable channel; <c>null</c> otherwise.</summary>
    public ushort? MaxPacketLifeTime { get; }

    /// <summary>Retransmission limit of a partially reliable channel; <c>null</c> otherwise.</summary>
    public ushort? MaxRetransmits { get; }

    /// <summary>True when the channel was negotiated by the application (no DCEP).</summary>
    public bool Negotiated { get; }

    /// <summary>DCEP priority (see <see cref="DataChannelPriority"/>).</summary>
    public ushort Priority { get; }

    /// <summary>Where the channel is in its life.</summary>
    public RtcDataChannelState ReadyState => (RtcDataChannelState)Volatile.Read(ref _state);

    /// <summary>User messages handed to SCTP on this channel (W3C webrtc-stats <c>messagesSent</c>).</summary>
    public long MessagesSent => Volatile.Read(ref _messagesSent);

    /// <summary>User message bytes handed to SCTP on this channel (W3C webrtc-stats <c>bytesSent</c>).</summary>
    public long BytesSent => Volatile.Read(ref _bytesSent);

    /// <summary>User messages delivered on this channel (W3C webrtc-stats <c>messagesReceived</c>).</summary>
    public long MessagesReceived => Volatile.Read(ref _messagesReceived);

    /// <summary>User message bytes delivered on this channel (W3C webrtc-stats <c>bytesReceived</c>).</summary>
    public long BytesReceived => Volatile.Read(ref _bytesReceived);

    /// <summary>
    /// Bytes accepted by Send and not yet handed to the network (an empty message counts its one
    /// wire byte). Falls as the SCTP association cuts queued messages into packets.
    /// </summary>
    public long BufferedAmount => Volatile.Read(ref _bufferedAmount);

    /// <summary>
    /// <see cref="BufferedAmountLow"/> is raised when <see cref="BufferedAmount"/> falls from above
    /// this value to it or below (default 0).
    /// </summary>
    public long BufferedAmountLowThreshold
    {
        get => Volatile.Read(ref _bufferedAmountLowThreshold);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            Volatile.Write(ref _bufferedAmountLowThreshold, value);
        }
    }

    /// <summary>Most bytes <see cref="BufferedAmount"/> may reach; Send refuses what would exceed it.</summary>
    public long MaxBufferedAmount { get; }

    /// <summary>The transport (SCTP association) the channel runs on.</summary>
    public SctpDataChannelTransport Transport => _transport;

    /// <summary>The channel became open: messages can be sent.</summary>
    public event Action? Opened;

    /// <summary>A message arrived (W3C "message"): a string or a byte array, allocated per message.</summary>
    public event Action<RtcDataChannelMessage>? Message;

    /// <summary>A message arrived; allocation-free: the span is valid only during the call.</summary>
    public event RtcDataChannelMessageHandler? MessageReceived;

    /// <summary><see cref="BufferedAmount"/> fell to or below <see cref="BufferedAmountLowThreshold"/>.</summary>
    public event Action? BufferedAmountLow;

    /// <summary>The channel failed (W3C "error"); <see cref="Closed"/> follows.</summary>
    public event Action<RtcDataChannelError>? Error;

    /// <summary>The peer started closing the channel (W3C "closing"; not raised for a local <see cref="Close"/>).</summary>
    public event Action? Closing;

    /// <summary>The channel is closed in both directions (W3C "close"). The last event raised.</summary>
    public event Action? Closed;

    /// <summary>
    /// Closes the channel (W3C <c>close()</c>): messages already accepted are still sent, then the
    /// outgoing stream is reset (RFC 8831 §6.7); the channel is <see cref="RtcDataChannelState.Closed"/>
    /// once the peer has reset its side too. Does nothing when already closing or closed.
    /// </summary>
    public void Close()
    {
        var state = Volatile.Read(ref _state);
        while (state is (int)RtcDataChannelState.Connecting or (int)RtcDataChannelState.Open)
        {
            var seen = Interlocked.CompareExchange(ref _state, (int)RtcDataChannelState.Closing, state);
            if (seen == state)
            {
                _transport.PostClose(this);
                return;
            }
            state = seen;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"RtcDataChannel '{Label}' id={(Id?.ToString() ?? "none")} {ReadyState}";

    // ---- executor-owned state, driven by SctpDataChannelTransport ----

    // Per-channel statistics, written on the executor.
    internal long _messagesSent;
    internal long _bytesSent;
    internal long _messagesReceived;
    internal long _bytesReceived;

    /// <summary>True for a channel opened by the peer (DATA_CHANNEL_OPEN received).</summary>
    internal bool IsRemote { get; }

    /// <summary>SCTP delivery of user messages once the channel is acknowledged.</summary>
    internal SctpSendOptions SendOptions { get; }

    /// <summary>In-band channel opened here, DATA_CHANNEL_ACK (or any message) not yet received.</summary>
    internal bool AwaitingAck;

    /// <summary>Bytes this channel's messages occupy in the association's stream queue (as last read).</summary>
    internal long SctpBuffered;

    /// <summary>True while the transport refreshes <see cref="SctpBuffered"/> after every pass.</summary>
    internal bool Tracked;

    /// <summary>Our outgoing stream reset was requested.</summary>
    internal bool OutgoingResetRequested;

    /// <summary>The peer performed our outgoing reset (or there was nothing to reset).</summary>
    internal bool OutgoingResetDone;

    /// <summary>The peer reset its outgoing stream (our incoming side).</summary>
    internal bool IncomingResetDone;

    /// <summary>True once the stream carries the channel (OPEN sent, negotiated channel opened, or remote channel): closing must reset it.</summary>
    internal bool OnWire;

    /// <summary>True once the channel sits in the transport's stream table.</summary>
    internal bool Registered;

    internal int RawState => Volatile.Read(ref _state);

    internal void AssignId(ushort id) => Volatile.Write(ref _id, id);

    /// <summary>Moves the state from <paramref name="from"/> to <paramref name="to"/>; false when it was elsewhere.</summary>
    internal bool TryTransition(RtcDataChannelState from, RtcDataChannelState to)
        => Interlocked.CompareExchange(ref _state, (int)to, (int)from) == (int)from;

    internal void SetState(RtcDataChannelState state) => Volatile.Write(ref _state, (int)state);

    internal void RaiseOpened() => _transport.Invoke(Opened);

    internal void RaiseClosing() => _transport.Invoke(Closing);

    internal void RaiseError(RtcDataChannelError error)
    {
        var handler = Error;
        if (handler is not null)
        {
            _transport.Invoke(handler, error);
        }
    }

    /// <summary>Raises <see cref="Closed"/> and drops every handler so a closed channel keeps no user objects alive.</summary>
    internal void RaiseClosedAndDetach()
    {
        var closed = Closed;
        Opened = null;
        Message = null;
        MessageReceived = null;
        BufferedAmountLow = null;
        Error = null;
        Closing = null;
        Closed = null;
        _transport.Invoke(closed);
    }

    internal void RaiseBufferedAmountLow() => _transport.Invoke(BufferedAmountLow);
}
