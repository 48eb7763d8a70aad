using Akka.Actor;
using Akka.Event;
using MeshActors.Signaling;

namespace MeshHost.Signaling;

/// <summary>
/// One lobby of the webrtc_signaling protocol. Its first member (the creator) is the host with id 1; others get
/// random ids in 2..2^31−1. Mesh lobbies introduce every member to every other; client/server lobbies introduce
/// members to the host only (so Godot's <c>add_peer</c> in client mode never sees a non-host id). OFFER, ANSWER and
/// CANDIDATE are relayed with the sender's id; destination 1 is the host. SEAL (host only) refuses further joins
/// and closes every member after the seal-close timeout. When the host leaves, every member is closed with 4000 and
/// the lobby ends. Members are watched: a stopped connection actor has left.
/// </summary>
internal sealed class LobbyActor : ReceiveActor, IWithTimers
{
    /// <summary>The host's id in every lobby.</summary>
    public const int HostId = 1;

    private readonly string _name;
    private readonly bool _mesh;
    private readonly SignalingSettings _settings;
    private readonly SignalingMetrics _metrics;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    // Members in join order (the order PEER_CONNECT lists them), and by id and by connection.
    private readonly List<Member> _members = [];
    private readonly Dictionary<int, Member> _byId = [];
    private readonly Dictionary<IActorRef, Member> _byConnection = [];
    private bool _sealed;

    public LobbyActor(string name, bool mesh, SignalingSettings settings, SignalingMetrics metrics)
    {
        _name = name;
        _mesh = mesh;
        _settings = settings;
        _metrics = metrics;
        Open();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string name, bool mesh, SignalingSettings settings, SignalingMetrics metrics) =>
        Akka.Actor.Props.Create(() => new LobbyActor(name, mesh, settings, metrics));

    protected override void PreStart() => _metrics.LobbyOpened();

    protected override void PostStop() => _metrics.LobbyClosed();

    private void Open()
    {
        Receive<LobbyManagerActor.JoinLobby>(Join);
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
        ReceiveAny(_ => { });
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
            Timers.CancelAll();
            Context.Parent.Tell(new LobbyManagerActor.LobbyEnded(_name));
            Become(Closing);
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
    public sealed record Relay(int From, SignalingMessage Message);

    /// <summary>From a member's connection: seal the lobby.</summary>
    public sealed record Seal(int From);

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
