using Akka.Actor;
using Akka.Event;
using MeshActors.Multiplayer;
using MeshActors.Peers;
using MeshActors.Relay;

namespace MeshActors.Mesh;

/// <summary>
/// One mesh: mode (server, client, mesh), unique id, the peer table in insertion order, routing by
/// target, refuse-new-connections, disconnect (forced and graceful), close. Each peer is a child
/// <see cref="PeerConnectionActor"/>; a failing child is stopped and reported disconnected, never
/// restarted with a lost connection. In the SceneMultiplayer profile a server exchanges peers
/// (ADD_PEER / DEL_PEER) as they are admitted and removed, and its <see cref="SceneRelay"/> relays.
/// </summary>
/// <remarks>
/// Behaviours: <see cref="Unconfigured"/> (mode None: never created, or closed) and
/// <see cref="Configured"/>. Events go to the observer (the facade's queue, no mailbox) and to
/// subscribers. Partial files: Peers (table commands), Supervision (children), Relay (peer exchange),
/// Routing (sending by target).
/// </remarks>
internal sealed partial class MeshActor : ReceiveActor
{
    private readonly PeerTable<MeshPeer> _peers = new();
    private readonly Dictionary<IActorRef, MeshPeer> _byActor = [];
    private readonly HashSet<IActorRef> _subscribers = [];
    private readonly IMeshObserver? _observer;
    private readonly SceneRelay? _relay;
    private readonly PeerSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private bool _refuseNewConnections;

    public MeshActor(PeerSettings settings, IMeshObserver? observer, SceneRelay? relay)
    {
        _settings = settings;
        _observer = observer;
        _relay = relay;
        Unconfigured();
    }

    /// <summary>Current mode (read by tests through a TestActorRef).</summary>
    public NetworkMode Mode { get; private set; }

    /// <summary>Current unique id, 0 when unconfigured.</summary>
    public int UniqueId { get; private set; }

    /// <summary>
    /// Props of a mesh. <paramref name="relay"/> is given in the SceneMultiplayer profile (the same
    /// instance the facade's inboxes use); <paramref name="observer"/> receives events without a mailbox.
    /// </summary>
    public static Props Props(PeerSettings settings, IMeshObserver? observer = null, SceneRelay? relay = null) =>
        Akka.Actor.Props.Create(() => new MeshActor(settings, observer, relay));

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(StopFailingPeer);

    private void Unconfigured()
    {
        Mode = NetworkMode.None;
        UniqueId = 0;
        Receive<ConfigureMesh>(Configure);
        Receive<AddMeshPeer>(add =>
        {
            DisposeQuietly(add.Link); // never adopted: the caller handed it over
            Sender.Tell(new AddPeerResult(add.PeerId, add.Incarnation, MultiplayerError.Unconfigured));
        });
        Receive<SendToPeers>(_ => Sender.Tell(new SendResult(MultiplayerError.Unconfigured)));
        CommonCommands();
    }

    private void Configured()
    {
        Receive<ConfigureMesh>(Configure);
        Receive<AddMeshPeer>(AddPeer);
        Receive<SendToPeers>(Route);
        CommonCommands();
    }

    private void CommonCommands()
    {
        Receive<SetRefuseNewConnections>(set => _refuseNewConnections = set.Refuse);
        Receive<RemoveMeshPeer>(remove => RemovePeer(remove.PeerId, remove.Incarnation, PeerLostReason.Removed));
        Receive<DisconnectMeshPeer>(DisconnectPeer);
        Receive<CloseMesh>(_ => Close());
        Receive<GetMeshPeers>(_ => Sender.Tell(Snapshot(all: true, 0)));
        Receive<GetMeshPeer>(get => Sender.Tell(Snapshot(all: false, get.PeerId)));
        Receive<SubscribeMesh>(subscribe =>
        {
            if (_subscribers.Add(subscribe.Subscriber))
            {
                Context.Watch(subscribe.Subscriber);
            }
        });
        Receive<UnsubscribeMesh>(unsubscribe =>
        {
            if (_subscribers.Remove(unsubscribe.Subscriber))
            {
                Context.Unwatch(unsubscribe.Subscriber);
            }
        });
        Receive<PeerBecameConnected>(OnPeerConnected);
        Receive<PeerLost>(OnPeerLost);
        Receive<Terminated>(OnTerminated);
    }

    private void Configure(ConfigureMesh configure)
    {
        // Re-creating keeps the peers (reference/godot.md §1.2); only Close clears them.
        Mode = configure.Mode;
        UniqueId = configure.UniqueId;
        _relay?.Configure(configure.Mode);
        if (configure.Mode == NetworkMode.None)
        {
            Become(Unconfigured);
        }
        else
        {
            Become(Configured);
        }
    }

    private void Close()
    {
        // No events: Godot's close() clears the table silently (§1.11).
        for (var node = _peers.First; node is not null; node = node.Next)
        {
            StopPeer(node.Value);
        }
        _peers.Clear();
        _relay?.Clear();
        _relay?.Configure(NetworkMode.None);
        Become(Unconfigured);
    }

    private MeshPeerList Snapshot(bool all, int peerId)
    {
        var list = new List<MeshPeerInfo>();
        for (var node = _peers.First; node is not null; node = node.Next)
        {
            var peer = node.Value;
            if (all || peer.PeerId == peerId)
            {
                list.Add(new MeshPeerInfo(peer.PeerId, peer.Incarnation, peer.Connected, peer.Actor, peer.Link));
            }
        }
        return new MeshPeerList(Mode, UniqueId, _refuseNewConnections, list);
    }

    private void Publish(IMeshEvent meshEvent)
    {
        _observer?.OnMeshEvent(meshEvent);
        foreach (var subscriber in _subscribers)
        {
            subscriber.Tell(meshEvent);
        }
    }

    private void DisposeQuietly(IPeerLink link)
    {
        try
        {
            link.Dispose();
        }
        catch (Exception e)
        {
            _log.Warning(e, "Disposing a peer link failed");
        }
    }

    /// <summary>One row of the table.</summary>
    private sealed class MeshPeer(int peerId, long incarnation, IPeerLink link, IActorRef actor)
    {
        public int PeerId { get; } = peerId;

        public long Incarnation { get; } = incarnation;

        public IPeerLink Link { get; } = link;

        public IActorRef Actor { get; } = actor;

        public bool Connected { get; set; }
    }
}
