using Akka.Actor;
using Akka.Event;

namespace MeshActors.Peers;

/// <summary>The behaviours of a <see cref="PeerConnectionActor"/>.</summary>
internal enum PeerActorState
{
    /// <summary>The connection has not started (no offer or answer applied yet).</summary>
    New,

    /// <summary>The connection is connecting, or connected with a channel still connecting.</summary>
    Connecting,

    /// <summary>Connection connected and every channel open; the parent was told.</summary>
    Connected,

    /// <summary>A graceful close was requested; waiting for the connection to close.</summary>
    Closing,

    /// <summary>The peer was reported lost; waiting for the parent to stop the actor.</summary>
    Closed,
}

/// <summary>
/// One remote peer: owns its link (the connection and its channels), turns transport events into
/// messages, decides "connected" and "lost" exactly as Godot's poll does (reference/godot.md §1.5,
/// §6.3) and tells its parent. A connect timeout (<c>meshactors.peer.connect-timeout</c>) fails a peer
/// that never connects. Received messages bypass the mailbox: the link hands them to the sink.
/// </summary>
/// <remarks>
/// States are behaviours: New → Connecting → Connected, any of them → Closing (graceful close) →
/// Closed, and any state → Closed when the peer is lost. In Closed the actor waits for its parent to
/// stop it, so the parent sees <see cref="PeerLost"/> before <see cref="Terminated"/>. Stopping the
/// actor (for any reason, a failure included) disposes the link.
/// </remarks>
internal sealed class PeerConnectionActor : ReceiveActor, IWithTimers
{
    private readonly IPeerLink _link;
    private readonly IPeerMessageSink _sink;
    private readonly int _peerId;
    private readonly long _incarnation;
    private readonly PeerSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private LinkObserver? _observer;

    public PeerConnectionActor(IPeerLink link, IPeerMessageSink sink, int peerId, long incarnation, PeerSettings settings)
    {
        _link = link;
        _sink = sink;
        _peerId = peerId;
        _incarnation = incarnation;
        _settings = settings;
        New();
    }

    /// <summary>Set by Akka before <see cref="PreStart"/>.</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The current behaviour (read by tests through a TestActorRef).</summary>
    public PeerActorState State { get; private set; }

    /// <summary>Props for one peer.</summary>
    public static Props Props(IPeerLink link, IPeerMessageSink sink, int peerId, long incarnation, PeerSettings settings) =>
        Akka.Actor.Props.Create(() => new PeerConnectionActor(link, sink, peerId, incarnation, settings));

    protected override void PreStart()
    {
        _observer = new LinkObserver(Self, _sink);
        _link.Start(_observer);
        Timers.StartSingleTimer(ConnectTimeout.Instance, ConnectTimeout.Instance, _settings.ConnectTimeout);
        // Godot reads the states on every poll; events alone could miss a change that raises none (a W3C
        // close() by the connection's owner), so the states are also read at this interval.
        Timers.StartPeriodicTimer(CheckLink.Instance, CheckLink.Instance, _settings.StateCheckInterval);
        Evaluate(); // the link may already be past "new" when the actor starts
    }

    protected override void PostStop()
    {
        _observer?.Detach();
        try
        {
            _link.Dispose();
        }
        catch (Exception e)
        {
            _log.Warning(e, "Peer {0}: disposing its link failed", _peerId);
        }
    }

    private void New()
    {
        State = PeerActorState.New;
        Receive<ILinkEvent>(_ => Evaluate());
        Receive<ConnectTimeout>(_ => TimedOut());
        Receive<ClosePeer>(_ => BeginClose());
    }

    private void Connecting()
    {
        State = PeerActorState.Connecting;
        Receive<ILinkEvent>(_ => Evaluate());
        Receive<ConnectTimeout>(_ => TimedOut());
        Receive<ClosePeer>(_ => BeginClose());
    }

    private void Connected()
    {
        State = PeerActorState.Connected;
        Receive<ILinkEvent>(_ => Evaluate());
        Receive<ClosePeer>(_ => BeginClose());
        Receive<ConnectTimeout>(_ => { }); // fired just before it was cancelled
    }

    private void Closing()
    {
        State = PeerActorState.Closing;
        Receive<ILinkEvent>(_ => CheckClosed());
        Receive<CloseTimeout>(_ => ReportLost(PeerLostReason.Disconnected));
        Receive<ConnectTimeout>(_ => { });
        Receive<ClosePeer>(_ => { });
    }

    private void Closed()
    {
        State = PeerActorState.Closed;
        // Late transport events, timers and close requests change nothing now.
        Receive<ILinkEvent>(_ => { });
        Receive<ConnectTimeout>(_ => { });
        Receive<CloseTimeout>(_ => { });
        Receive<ClosePeer>(_ => { });
    }

    private void Evaluate()
    {
        switch (PeerReadinessRule.Evaluate(_link, out var reason))
        {
            case PeerReadiness.Ready when State != PeerActorState.Connected:
                Timers.Cancel(ConnectTimeout.Instance);
                Become(Connected);
                _log.Debug("Peer {0}: connected", _peerId);
                Context.Parent.Tell(new PeerBecameConnected(_peerId, _incarnation));
                break;
            case PeerReadiness.Lost:
                ReportLost(reason);
                break;
            case PeerReadiness.Pending when State == PeerActorState.New && _link.ConnectionState != LinkConnectionState.New:
                Become(Connecting);
                break;
        }
    }

    private void TimedOut()
    {
        _log.Info("Peer {0}: not connected within {1}; failing it", _peerId, _settings.ConnectTimeout);
        _link.Close();
        ReportLost(PeerLostReason.ConnectTimeout);
    }

    private void BeginClose()
    {
        Timers.Cancel(ConnectTimeout.Instance);
        Become(Closing);
        Timers.StartSingleTimer(CloseTimeout.Instance, CloseTimeout.Instance, _settings.CloseTimeout);
        _link.Close();
        CheckClosed(); // closing is usually immediate
    }

    private void CheckClosed()
    {
        var state = _link.ConnectionState;
        if (state is not (LinkConnectionState.New or LinkConnectionState.Connecting or LinkConnectionState.Connected))
        {
            ReportLost(PeerLostReason.Disconnected);
        }
    }

    private void ReportLost(PeerLostReason reason)
    {
        Timers.CancelAll();
        Become(Closed);
        _log.Debug("Peer {0}: lost ({1})", _peerId, reason);
        Context.Parent.Tell(new PeerLost(_peerId, _incarnation, reason));
    }

    /// <summary>
    /// Runs on the connection's thread: state changes become messages, received data goes straight
    /// to the sink. Detached when the actor stops, so late events do not become dead letters.
    /// </summary>
    private sealed class LinkObserver(IActorRef self, IPeerMessageSink sink) : IPeerLinkObserver
    {
        private volatile bool _detached;

        public void Detach() => _detached = true;

        public void OnConnectionStateChanged(LinkConnectionState state)
        {
            if (!_detached)
            {
                self.Tell(new LinkConnectionStateChanged(state));
            }
        }

        public void OnChannelStateChanged(int channel, LinkChannelState state)
        {
            if (!_detached)
            {
                self.Tell(new LinkChannelStateChanged(channel, state));
            }
        }

        public void OnMessage(int channel, ReadOnlySpan<byte> message)
        {
            if (!_detached)
            {
                sink.OnMessage(channel, message);
            }
        }
    }
}
