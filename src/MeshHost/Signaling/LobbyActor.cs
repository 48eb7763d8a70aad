using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using MeshActors.Signaling;
using MeshHost.Cluster;

namespace MeshHost.Signaling;

/// <summary>
/// One lobby of the webrtc_signaling protocol. Its first member (the creator) is the host with id 1; others get
/// random ids in 2..2^31−1. Mesh lobbies introduce every member to every other; client/server lobbies introduce
/// members to the host only (so Godot's <c>add_peer</c> in client mode never sees a non-host id). OFFER, ANSWER and
/// CANDIDATE are relayed with the sender's id; destination 1 is the host. SEAL (host only) refuses further joins
/// and closes every member after the seal-close timeout. When the host leaves, every member is closed with 4000 and
/// the lobby ends. Members are watched: a stopped connection actor has left.
/// </summary>
/// <remarks>
/// <para>On a single node the lobby is a child of <see cref="LobbyManagerActor"/>, open from the start.</para>
/// <para>In a cluster it is a sharded entity named after the lobby (<see cref="EntityProps"/>) and starts
/// <c>Unborn</c>: a <see cref="Create"/> from a lobby manager opens it; a <see cref="JoinRelay"/> makes it reserve a
/// relay host on its own node (<c>Reserving</c>) until the host's <see cref="Create"/> arrives; anything else finds no
/// lobby and the entity passivates. Members may be connected to any node; their connection actors are watched across
/// nodes like local ones. A <see cref="Create"/> for a name already open is answered with
/// <see cref="LobbyManagerActor.NameTaken"/>, which makes generated names unique cluster-wide. When its node leaves the
/// cluster the lobby gets <see cref="HandOff"/>: it closes its members with 1001 and stops (lobbies do not move: their
/// host is connected to this node, so the lobby could not outlive it anyway).</para>
/// </remarks>
internal sealed class LobbyActor : ReceiveActor, IWithTimers
{
    /// <summary>The host's id in every lobby.</summary>
    public const int HostId = 1;

    /// <summary>The sharding type name of lobby entities.</summary>
    public const string ShardTypeName = "lobby";

    /// <summary>How long a relay lobby waits for MeshHost's relay host to join before it gives up (normally milliseconds).</summary>
    private static readonly TimeSpan ReservationTimeout = TimeSpan.FromSeconds(15);

    private readonly string _name;
    private readonly SignalingSettings _settings;
    private readonly SignalingMetrics _metrics;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    // Sharded only: this node's lobby manager, which creates relay hosts.
    private readonly IActorRef? _localManager;
    private bool _mesh;
    // Told LobbyEnded: the parent on a single node; the manager that created the lobby in a cluster.
    private IActorRef _manager;
    private bool _opened;

    // Members in join order (the order PEER_CONNECT lists them), and by id and by connection.
    private readonly List<Member> _members = [];
    private readonly Dictionary<int, Member> _byId = [];
    private readonly Dictionary<IActorRef, Member> _byConnection = [];
    private bool _sealed;

    /// <summary>A lobby on a single node: a child of the lobby manager, open at once.</summary>
    public LobbyActor(string name, bool mesh, SignalingSettings settings, SignalingMetrics metrics)
    {
        _name = name;
        _mesh = mesh;
        _settings = settings;
        _metrics = metrics;
        _manager = Context.Parent;
        Open();
    }

    /// <summary>A lobby entity in a cluster: unborn until created (see the remarks).</summary>
    public LobbyActor(string name, SignalingSettings settings, SignalingMetrics metrics, IActorRef localManager)
    {
        _name = name;
        _settings = settings;
        _metrics = metrics;
        _localManager = localManager;
        _manager = ActorRefs.Nobody;
        Unborn();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private bool Sharded => _localManager is not null;

    public static Props Props(string name, bool mesh, SignalingSettings settings, SignalingMetrics metrics) =>
        Akka.Actor.Props.Create(() => new LobbyActor(name, mesh, settings, metrics));

    /// <summary>Props of the sharded entity for lobby <paramref name="name"/> on the node of <paramref name="localManager"/>.</summary>
    public static Props EntityProps(string name, SignalingSettings settings, SignalingMetrics metrics, IActorRef localManager) =>
        Akka.Actor.Props.Create(() => new LobbyActor(name, settings, metrics, localManager));

    protected override void PreStart()
    {
        if (!Sharded)
        {
            MarkOpened();
        }
    }

    protected override void PostStop()
    {
        if (_opened)
        {
            _metrics.LobbyClosed();
        }
    }

    /// <summary>A lobby that failed lost its members' state: stop (members see it end) instead of running empty.</summary>
    protected override void PostRestart(Exception reason) => Context.Stop(Self);

    private void MarkOpened()
    {
        _opened = true;
        _metrics.LobbyOpened();
    }

    /// <summary>Sharded, before any lobby exists under this name.</summary>
    private void Unborn()
    {
        Receive<Create>(OpenFrom);
        Receive<JoinRelay>(r => Reserve(r.Join));
        Receive<LobbyManagerActor.JoinLobby>(j =>
        {
            Refuse(j.Connection, SignalingCloseCodes.ProtocolError, SignalingCloseCodes.LobbyDoesNotExist);
            End();
        });
        Receive<HandOff>(_ => Context.Stop(Self));
        ReceiveAny(_ => End());
    }

    /// <summary>Sharded relay lobby: this node's lobby manager is creating MeshHost's relay host for it.</summary>
    private void Reserving()
    {
        Receive<Create>(OpenFrom);
        Receive<JoinRelay>(r =>
        {
            if (r.Generated)
            {
                Sender.Tell(new LobbyManagerActor.NameTaken(_name, r.Join));
                return;
            }
            // Waits with the reservation, then joins right after the host.
            _localManager!.Tell(new LobbyManagerActor.ReserveRelay(_name, r.Join));
        });
        Receive<LobbyManagerActor.JoinLobby>(j => Refuse(j.Connection, SignalingCloseCodes.ProtocolError, SignalingCloseCodes.LobbyDoesNotExist));
        Receive<ReservationTimeoutElapsed>(_ =>
        {
            _log.Warning("Relay lobby {0}: no relay host joined within {1}", _name, ReservationTimeout);
            End();
        });
        Receive<HandOff>(_ => Context.Stop(Self));
    }

    private void Reserve(LobbyManagerActor.JoinLobby join)
    {
        _localManager!.Tell(new LobbyManagerActor.ReserveRelay(_name, join));
        Timers.StartSingleTimer(ReservationTimeoutElapsed.Instance, ReservationTimeoutElapsed.Instance, ReservationTimeout);
        Become(Reserving);
    }

    private void OpenFrom(Create create)
    {
        Timers.Cancel(ReservationTimeoutElapsed.Instance);
        _mesh = create.Join.Mesh;
        _manager = Sender;
        MarkOpened();
        Sender.Tell(new LobbyManagerActor.LobbyCreated(_name));
        _log.Debug("Lobby {0} created ({1})", _name, _mesh ? "mesh" : "client/server");
        Become(Open);
        Join(create.Join);
    }

    private void Open()
    {
        Receive<LobbyManagerActor.JoinLobby>(Join);
        Receive<JoinRelay>(r =>
        {
            if (r.Generated)
            {
                Sender.Tell(new LobbyManagerActor.NameTaken(_name, r.Join));
                return;
            }
            Join(r.Join);
        });
        Receive<Create>(c => Sender.Tell(new LobbyManagerActor.NameTaken(_name, c.Join)));
        Receive<HandOff>(_ =>
        {
            _log.Debug("Lobby {0}: its node is leaving the cluster, closing {1} members", _name, _members.Count);
            foreach (var member in _members)
            {
                member.Connection.Tell(new SignalingConnectionActor.CloseConnection(SignalingCloseCodes.GoingAway, SignalingCloseCodes.ServerShuttingDown));
            }
            Context.Stop(Self);
        });
        Receive<Relay>(Forward);
        Receive<Seal>(SealLobby);
        Receive<SealCloseTimeout>(_ =>
        {
            _log.Debug("Lobby {0}: seal complete, closing {1} members", _name, _members.Count);
            foreach (var member in _members)
            {
                member.Connection.Tell(new SignalingConnectionActor.CloseConnection(SignalingCloseCodes.Normal, SignalingCloseCodes.SealComplete));
            }
        });
        Receive<Terminated>(t => Leave(t.ActorRef));
    }

    /// <summary>After the host left: the manager no longer routes joins here; refuse those already on the way.</summary>
    private void Closing()
    {
        Receive<LobbyManagerActor.JoinLobby>(j =>
            j.Connection.Tell(new SignalingConnectionActor.CloseConnection(SignalingCloseCodes.ProtocolError, SignalingCloseCodes.LobbyDoesNotExist)));
        Receive<JoinRelay>(r =>
        {
            if (r.Generated)
            {
                Sender.Tell(new LobbyManagerActor.NameTaken(_name, r.Join));
                return;
            }
            Refuse(r.Join.Connection, SignalingCloseCodes.ProtocolError, SignalingCloseCodes.LobbyDoesNotExist);
        });
        Receive<Create>(c => Sender.Tell(new LobbyManagerActor.NameTaken(_name, c.Join)));
        Receive<HandOff>(_ => Context.Stop(Self));
        ReceiveAny(_ => { });
    }

    /// <summary>
    /// The lobby is over: a single node's manager stops it after the joins already queued; a sharded entity passivates
    /// (the shard buffers what arrives meanwhile and hands it to a new, unborn incarnation).
    /// </summary>
    private void End()
    {
        Timers.CancelAll();
        Become(Closing);
        if (Sharded)
        {
            Context.Parent.Tell(new Passivate(PoisonPill.Instance));
        }
    }

    private void Join(LobbyManagerActor.JoinLobby join)
    {
        if (_sealed)
        {
            Refuse(join.Connection, SignalingCloseCodes.ProtocolError, SignalingCloseCodes.LobbyIsSealed);
            return;
        }
        if (_members.Count >= _settings.MaxPeersPerLobby)
        {
            Refuse(join.Connection, SignalingCloseCodes.LobbyFull, SignalingCloseCodes.LobbyIsFull);
            return;
        }
        if (_byConnection.ContainsKey(join.Connection))
        {
            Refuse(join.Connection, SignalingCloseCodes.ProtocolError, SignalingCloseCodes.AlreadyInLobby);
            return;
        }
        var id = _members.Count == 0 ? HostId : NewPeerId();
        var joiner = new Member(id, join.Connection);
        Context.Watch(join.Connection);
        join.Connection.Tell(new SignalingConnectionActor.Joined(Self, id, _name));
        Send(joiner, SignalingMessageType.Id, id, _mesh ? "true" : string.Empty);
        foreach (var member in _members)
        {
            if (Introduced(member, joiner))
            {
                Send(member, SignalingMessageType.PeerConnect, id, string.Empty);
                Send(joiner, SignalingMessageType.PeerConnect, member.Id, string.Empty);
            }
        }
        _members.Add(joiner);
        _byId.Add(id, joiner);
        _byConnection.Add(join.Connection, joiner);
        Send(joiner, SignalingMessageType.Join, 0, _name);
    }

    private void Forward(Relay relay)
    {
        if (!_byId.TryGetValue(relay.From, out var sender))
        {
            // The sender left (or was refused) after sending: nothing to relay for it.
            return;
        }
        // In a client/server lobby clients know only the host: any other destination is a protocol error.
        if (!_byId.TryGetValue(relay.Message.Id, out var destination) || !Introduced(sender, destination))
        {
            sender.Connection.Tell(new SignalingConnectionActor.CloseConnection(SignalingCloseCodes.ProtocolError, SignalingCloseCodes.InvalidDestination));
            return;
        }
        Send(destination, relay.Message.Type, sender.Id, relay.Message.Data);
        _metrics.MessageRelayed();
    }

    private void SealLobby(Seal seal)
    {
        if (!_byId.TryGetValue(seal.From, out var sender))
        {
            return;
        }
        if (sender.Id != HostId)
        {
            sender.Connection.Tell(new SignalingConnectionActor.CloseConnection(SignalingCloseCodes.ProtocolError, SignalingCloseCodes.OnlyHostCanSeal));
            return;
        }
        if (_sealed)
        {
            return;
        }
        _sealed = true;
        _log.Debug("Lobby {0} sealed with {1} members", _name, _members.Count);
        foreach (var member in _members)
        {
            Send(member, SignalingMessageType.Seal, 0, string.Empty);
        }
        Timers.StartSingleTimer(SealCloseTimeout.Instance, SealCloseTimeout.Instance, _settings.SealCloseTimeout);
    }

    private void Leave(IActorRef connection)
    {
        if (!_byConnection.Remove(connection, out var leaver))
        {
            return;
        }
        _members.Remove(leaver);
        _byId.Remove(leaver.Id);
        if (leaver.Id == HostId)
        {
            _log.Debug("Lobby {0}: host left, closing {1} members", _name, _members.Count);
            foreach (var member in _members)
            {
                member.Connection.Tell(new SignalingConnectionActor.CloseConnection(SignalingCloseCodes.ProtocolError, SignalingCloseCodes.HostDisconnected));
            }
            _manager.Tell(new LobbyManagerActor.LobbyEnded(_name));
            End();
            return;
        }
        foreach (var member in _members)
        {
            if (Introduced(member, leaver))
            {
                Send(member, SignalingMessageType.PeerDisconnect, leaver.Id, string.Empty);
            }
        }
    }

    private void Refuse(IActorRef connection, int code, string reason) =>
        connection.Tell(new SignalingConnectionActor.CloseConnection(code, reason));

    /// <summary>Whether two members know each other: always in a mesh, only through the host otherwise.</summary>
    private bool Introduced(Member a, Member b) => _mesh || a.Id == HostId || b.Id == HostId;

    private int NewPeerId()
    {
        while (true)
        {
            // 2..2^31−1: never 0 (broadcast) or 1 (the host), always a valid Godot peer id.
            var id = (int)Random.Shared.NextInt64(2, (long)int.MaxValue + 1);
            if (!_byId.ContainsKey(id))
            {
                return id;
            }
        }
    }

    private static void Send(Member member, SignalingMessageType type, int id, string data) =>
        member.Connection.Tell(new SignalingConnectionActor.Deliver(new SignalingMessage(type, id, data)));

    private sealed record Member(int Id, IActorRef Connection);

    /// <summary>From a member's connection: relay OFFER/ANSWER/CANDIDATE <paramref name="Message"/> (id = destination).</summary>
    public sealed record Relay(int From, SignalingMessage Message) : ISignalingClusterMessage;

    /// <summary>From a member's connection: seal the lobby.</summary>
    public sealed record Seal(int From) : ISignalingClusterMessage;

    /// <summary>Sharded, from a lobby manager: open the lobby with <paramref name="Join"/>'s connection as host (mesh flag from the join).</summary>
    public sealed record Create(LobbyManagerActor.JoinLobby Join) : ISignalingClusterMessage;

    /// <summary>
    /// Sharded, from a lobby manager: <paramref name="Join"/> asks for this relay lobby, creating it when it does not exist.
    /// <paramref name="Generated"/>: the manager made the name up, so an existing lobby means "name taken", not "join it".
    /// </summary>
    public sealed record JoinRelay(LobbyManagerActor.JoinLobby Join, bool Generated) : ISignalingClusterMessage;

    /// <summary>Sharded: the hand-off stop message, received when this node leaves the cluster; the lobby closes its members and stops.</summary>
    public sealed class HandOff : ISignalingClusterMessage
    {
        public static readonly HandOff Instance = new();

        private HandOff()
        {
        }

        public override string ToString() => "HandOff";
    }

    /// <summary>Timer key and message: no relay host joined in time.</summary>
    private sealed class ReservationTimeoutElapsed
    {
        public static readonly ReservationTimeoutElapsed Instance = new();

        private ReservationTimeoutElapsed()
        {
        }

        public override string ToString() => "ReservationTimeout";
    }

    /// <summary>Timer key and message: time to close the members of a sealed lobby.</summary>
    public sealed class SealCloseTimeout
    {
        public static readonly SealCloseTimeout Instance = new();

        private SealCloseTimeout()
        {
        }

        public override string ToString() => "SealCloseTimeout";
    }
}
