using MeshActors.Multiplayer;
using MeshActors.WebRtc;
using MeshActors.WebRtc.DataChannels;

namespace MeshActors.Peers;

/// <summary>
/// The real <see cref="IPeerLink"/>: one <see cref="RtcPeerConnection"/> and Godot's negotiated data channels on it.
/// </summary>
/// <remarks>
/// Channels are created with <c>negotiated</c> = true and the SCTP stream ids of reference/godot.md §1.3, and with
/// the partial reliability Godot asks for but never gets (its option key is misspelt): reliability is a sender
/// setting for negotiated channels, so both behaviours interoperate. Messages received before the mesh starts the
/// link (possible only in theory: the connection is new when it is added) are kept and handed over at start, in order.
/// Events arrive on the connection's executor.
/// </remarks>
internal sealed class RtcPeerLink : IPeerLink
{
    private readonly RtcPeerConnection _connection;
    private readonly object _gate = new();
    private readonly List<(int Channel, byte[] Data)> _early = [];
    private RtcDataChannel[] _channels = [];
    private Subscription[] _subscriptions = [];
    private volatile IPeerLinkObserver? _observer;
    private int _disposed;

    public RtcPeerLink(RtcPeerConnection connection) => _connection = connection;

    public LinkConnectionState ConnectionState => (LinkConnectionState)(int)_connection.ConnectionState;

    public int ChannelCount => _channels.Length;

    public object Connection => _connection;

    public IReadOnlyList<object> Channels => _channels;

    /// <summary>The channels, typed.</summary>
    public IReadOnlyList<RtcDataChannel> DataChannels => _channels;

    public LinkChannelState GetChannelState(int channel) => (LinkChannelState)(int)_channels[channel].ReadyState;

    public bool TryCreateChannels(IReadOnlyList<ChannelSpec> channels)
    {
        var created = new RtcDataChannel[channels.Count];
        var count = 0;
        try
        {
            foreach (var spec in channels)
            {
                created[count] = _connection.CreateDataChannel(spec.Label, new RtcDataChannelInit
                {
                    Negotiated = true,
                    Id = spec.Id,
                    Ordered = spec.Ordered,
                    MaxPacketLifeTime = spec.MaxPacketLifeTime is { } lifetime ? (ushort)Math.Min(lifetime, ushort.MaxValue) : null,
                });
                count++;
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            for (var i = 0; i < count; i++)
            {
                created[i].Close(); // Godot drops the channels made so far; the connection stays the caller's
            }
            return false;
        }
        _channels = created;
        _subscriptions = new Subscription[created.Length];
        for (var i = 0; i < created.Length; i++)
        {
            _subscriptions[i] = new Subscription(this, created[i], i);
        }
        _connection.ConnectionStateChanged += OnConnectionStateChanged;
        return true;
    }

    public void Start(IPeerLinkObserver observer)
    {
        lock (_gate)
        {
            foreach (var (channel, data) in _early)
            {
                observer.OnMessage(channel, data);
            }
            _early.Clear();
            _observer = observer; // set last: a message arriving meanwhile waits for the lock, then goes after these
        }
    }

    public MultiplayerError Send(int channel, ReadOnlySpan<byte> message)
    {
        if ((uint)channel >= (uint)_channels.Length)
        {
            return MultiplayerError.InvalidParameter;
        }
        return _channels[channel].TrySend(message) switch
        {
            RtcDataChannelSendResult.Queued => MultiplayerError.Ok,
            RtcDataChannelSendResult.NotOpen => MultiplayerError.Unconfigured,
            RtcDataChannelSendResult.MessageTooLarge => MultiplayerError.InvalidParameter,
            _ => MultiplayerError.Unavailable, // BufferFull: the caller may retry later
        };
    }

    public void Close() => CloseConnection();

    public async Task<LinkStatistics> GetStatisticsAsync()
    {
        var report = await _connection.GetStatsAsync().ConfigureAwait(false);
        var sctp = report.Sctp;
        return new LinkStatistics(
            sctp?.SmoothedRoundTripTime is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            sctp?.RetransmittedPacketsSent ?? 0,
            report.PeerConnection.BytesSent,
            report.PeerConnection.BytesReceived,
            report.PeerConnection.MessagesSent,
            report.PeerConnection.MessagesReceived);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        _observer = null;
        _connection.ConnectionStateChanged -= OnConnectionStateChanged;
        foreach (var subscription in _subscriptions)
        {
            subscription.Detach();
        }
        foreach (var channel in _channels)
        {
            channel.Close();
        }
        CloseConnection();
    }

    /// <summary>
    /// Closes the connection without blocking the calling (actor) thread: <see cref="RtcPeerConnection.Close"/> waits for
    /// the connection's executor, and a thousand peers closing at once from pool threads would each wait for a pool
    /// thread that those very waits keep busy. Runs inline when the executor is free (the usual case, so the state is
    /// closed on return), otherwise queues the close behind the executor's work and reports the state change then.
    /// </summary>
    private void CloseConnection()
    {
        var executor = _connection.Executor;
        if (executor.IsCurrent)
        {
            _connection.Close();
        }
        else if (executor.TryEnter())
        {
            try
            {
                _connection.Close();
            }
            finally
            {
                executor.Exit();
            }
        }
        else
        {
            executor.Post(() =>
            {
                _connection.Close();
                // close() raises no state event (W3C); a caller that returned before the state changed still hears of it.
                _observer?.OnConnectionStateChanged(LinkConnectionState.Closed);
            });
        }
    }

    private void OnConnectionStateChanged(RtcPeerConnectionState state) =>
        _observer?.OnConnectionStateChanged((LinkConnectionState)(int)state);

    private void OnMessage(int channel, ReadOnlySpan<byte> data)
    {
        var observer = _observer;
        if (observer is not null)
        {
            observer.OnMessage(channel, data);
            return;
        }
        lock (_gate)
        {
            if (_observer is { } started)
            {
                started.OnMessage(channel, data);
            }
            else if (Volatile.Read(ref _disposed) == 0)
            {
                _early.Add((channel, data.ToArray()));
            }
        }
    }

    /// <summary>The handlers of one channel, kept so they can be removed.</summary>
    private sealed class Subscription
    {
        private readonly RtcPeerLink _link;
        private readonly RtcDataChannel _channel;
        private readonly int _index;

        public Subscription(RtcPeerLink link, RtcDataChannel channel, int index)
        {
            _link = link;
            _channel = channel;
            _index = index;
            channel.MessageReceived += OnMessage;
            channel.Opened += OnOpened;
            channel.Closing += OnClosing;
            channel.Closed += OnClosed;
        }

        public void Detach()
        {
            _channel.MessageReceived -= OnMessage;
            _channel.Opened -= OnOpened;
            _channel.Closing -= OnClosing;
            _channel.Closed -= OnClosed;
        }

        private void OnMessage(RtcDataChannel channel, ReadOnlySpan<byte> data, bool isText) => _link.OnMessage(_index, data);

        private void OnOpened() => _link._observer?.OnChannelStateChanged(_index, LinkChannelState.Open);

        private void OnClosing() => _link._observer?.OnChannelStateChanged(_index, LinkChannelState.Closing);

        private void OnClosed() => _link._observer?.OnChannelStateChanged(_index, LinkChannelState.Closed);
    }
}
