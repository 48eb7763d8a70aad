using Akka.Actor;
using Akka.Event;
using MeshActors.Cluster;
using MeshActors.Signaling;
using MeshHost.Cluster;

namespace MeshHost.Signaling;

/// <summary>
/// Owns the lobbies: creates one (a <see cref="LobbyActor"/> child named after it) for a JOIN with an empty name,
/// routes other JOINs by name, enforces the lobby limit, and forgets a lobby when it ends. A lobby that fails is
/// stopped, never restarted (its members would be lost); its members see it terminate and are closed.
/// Relay lobbies (<see cref="Relay.RelaySettings.Lobbies"/>) are created by MeshHost's relay host joining with a host
/// token (<see cref="Relay.RelayReservations"/>); clients asking for one meanwhile join right after it.
/// </summary>
/// <remarks>In a cluster lobbies are sharded entities instead of children (LobbyManagerActor.Cluster.cs).</remarks>
internal sealed partial class LobbyManagerActor : ReceiveActor
{
    private readonly SignalingSettings _settings;
    private readonly SignalingMetrics _metrics;
    private readonly Relay.RelayReservations? _relay;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, IActorRef> _lobbies = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, string> _names = [];

    public LobbyManagerActor(SignalingSettings settings, SignalingMetrics metrics, IActorRef? relays, Relay.RelaySettings? relay, LobbyRegion? cluster)
    {
        _settings = settings;
        _metrics = metrics;
        _relay = relays is not null && relay is { Enabled: true } ? new Relay.RelayReservations(relay, relays) : null;
        _cluster = cluster;
        if (cluster is not null)
        {
            InCluster();
            return;
        }
        Receive<JoinLobby>(Join);
        Receive<Relay.RelayLobbiesActor.HostFailed>(failed => _relay?.Fail(failed.Token, failed.Reason));
        Receive<LobbyEnded>(ended =>
        {
            if (_lobbies.TryGetValue(ended.Name, out var lobby) && lobby.Equals(Sender))
            {
                Forget(ended.Name, lobby);
                // After the joins already queued at the lobby (which it refuses): a PoisonPill keeps mailbox order.
                lobby.Tell(PoisonPill.Instance);
            }
        });
        Receive<Terminated>(t =>
        {
            if (_names.TryGetValue(t.ActorRef, out var name))
            {
                _log.Warning("Lobby {0} stopped unexpectedly", name);
                Forget(name, t.ActorRef);
            }
        });
        Receive<GetStatus>(_ => Sender.Tell(new Status(_lobbies.Count)));
    }

    /// <param name="settings">Limits and timers.</param>
    /// <param name="metrics">Instruments.</param>
    /// <param name="relays">Creates relay lobbies (<see cref="Relay.RelayLobbiesActor"/>), or null when relaying is off.</param>
    /// <param name="relay">Which lobbies are relay lobbies, or null when relaying is off.</param>
    /// <param name="cluster">The lobby shard region when this node is part of a cluster; null on a single node.</param>
    public static Props Props(SignalingSettings settings, SignalingMetrics metrics, IActorRef? relays = null, Relay.RelaySettings? relay = null, LobbyRegion? cluster = null) =>
        Akka.Actor.Props.Create(() => new LobbyManagerActor(settings, metrics, relays, relay, cluster));

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    private void Join(JoinLobby join)
    {
        if (_relay is not null && _relay.TryTakeHost(join.Name, out var relayName, out var waiting))
        {
            // MeshHost's relay host: it becomes the host (id 1) of the reserved lobby, then the clients waiting join.
            var relayLobby = Create(relayName, mesh: false, join);
            foreach (var joiner in waiting)
            {
                relayLobby.Tell(joiner with { Name = relayName });
            }
            return;
        }
        var generated = _relay is not null && _relay.Settings.CreatesGeneratedName(join.Name);
        var relayNamed = !generated && _relay is not null && _relay.Settings.IsRelayName(join.Name);
        if (join.Name.Length == 0 || generated || (relayNamed && !_lobbies.ContainsKey(join.Name)))
        {
            if (relayNamed && !_relay!.Settings.IsValidRelayName(join.Name))
            {
                Refuse(join, SignalingCloseCodes.ProtocolError, SignalingCloseCodes.InvalidLobbyName);
                return;
            }
            if (relayNamed && _relay!.IsReserved(join.Name))
            {
                _relay.Add(join.Name, join, Self);
                return;
            }
            if (_lobbies.Count + (_relay?.Count ?? 0) >= _settings.MaxLobbies)
            {
                Refuse(join, SignalingCloseCodes.ProtocolError, SignalingCloseCodes.TooManyLobbies);
                return;
            }
            if (generated || relayNamed)
            {
                // MeshHost creates the lobby as its host; this join waits for it.
                _relay!.Add(relayNamed ? join.Name : NewName(_relay.Settings.GenerateName, relay: true), join, Self);
                return;
            }
            Create(NewName(LobbyNames.Generate), join.Mesh, join);
            return;
        }
        if (!relayNamed && !LobbyNames.IsValid(join.Name))
        {
            Refuse(join, SignalingCloseCodes.ProtocolError, SignalingCloseCodes.InvalidLobbyName);
            return;
        }
        if (!_lobbies.TryGetValue(join.Name, out var existing))
        {
            Refuse(join, SignalingCloseCodes.ProtocolError, SignalingCloseCodes.LobbyDoesNotExist);
            return;
        }
        existing.Tell(join);
    }

    private IActorRef Create(string name, bool mesh, JoinLobby creator)
    {
        var lobby = Context.ActorOf(LobbyActor.Props(name, mesh, _settings, _metrics), "lobby-" + name);
        Context.Watch(lobby);
        _lobbies.Add(name, lobby);
        _names.Add(lobby, name);
        _log.Debug("Lobby {0} created ({1})", name, mesh ? "mesh" : "client/server");
        lobby.Tell(creator);
        return lobby;
    }

    /// <summary>A generated name in use nowhere; an ordinary lobby's never looks like a relay name.</summary>
    private string NewName(Func<string> generate, bool relay = false)
    {
        string name;
        do
        {
            name = generate();
        }
        while (_lobbies.ContainsKey(name) || (_relay is not null && (_relay.IsReserved(name) || (!relay && _relay.Settings.IsRelayName(name)))));
        return name;
    }

    private void Forget(string name, IActorRef lobby)
    {
        _lobbies.Remove(name);
        _names.Remove(lobby);
        Context.Unwatch(lobby);
    }

    private static void Refuse(JoinLobby join, int code, string reason) =>
        join.Connection.Tell(new SignalingConnectionActor.CloseConnection(code, reason));

    /// <summary>From a connection: JOIN <paramref name="Name"/> ("" creates a lobby; <paramref name="Mesh"/> applies then).</summary>
    public sealed record JoinLobby(string Name, bool Mesh, IActorRef Connection) : ISignalingClusterMessage;

    /// <summary>From a lobby: its host left; forget it and stop it.</summary>
    public sealed record LobbyEnded(string Name) : ISignalingClusterMessage;

    /// <summary>Ask for a <see cref="Status"/>.</summary>
    public sealed class GetStatus
    {
        public static readonly GetStatus Instance = new();

        private GetStatus()
        {
        }

        public override string ToString() => "GetStatus";
    }

    /// <summary>The number of open lobbies.</summary>
    public sealed record Status(int Lobbies);
}
