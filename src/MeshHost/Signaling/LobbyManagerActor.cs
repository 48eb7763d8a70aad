using Akka.Actor;
using Akka.Event;
using MeshActors.Signaling;

namespace MeshHost.Signaling;

/// <summary>
/// Owns the lobbies: creates one (a <see cref="LobbyActor"/> child named after it) for a JOIN with an empty name,
/// routes other JOINs by name, enforces the lobby limit, and forgets a lobby when it ends. A lobby that fails is
/// stopped, never restarted (its members would be lost); its members see it terminate and are closed.
/// </summary>
internal sealed class LobbyManagerActor : ReceiveActor
{
    private readonly SignalingSettings _settings;
    private readonly SignalingMetrics _metrics;
    private readonly IActorRef? _relays;
    private readonly string? _relayLobbyName;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, IActorRef> _lobbies = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, string> _names = [];

    public LobbyManagerActor(SignalingSettings settings, SignalingMetrics metrics, IActorRef? relays, string? relayLobbyName)
    {
        _settings = settings;
        _metrics = metrics;
        _relays = relays;
        _relayLobbyName = relayLobbyName;
        Receive<JoinLobby>(Join);
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
    /// <param name="relayLobbyName">The lobby name that asks for a relay lobby, or null.</param>
    public static Props Props(SignalingSettings settings, SignalingMetrics metrics, IActorRef? relays = null, string? relayLobbyName = null) =>
        Akka.Actor.Props.Create(() => new LobbyManagerActor(settings, metrics, relays, relayLobbyName));

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    private void Join(JoinLobby join)
    {
        if (join.Name.Length == 0)
        {
            if (_lobbies.Count >= _settings.MaxLobbies)
            {
                Refuse(join, SignalingCloseCodes.ProtocolError, SignalingCloseCodes.TooManyLobbies);
                return;
            }
            string name;
            do
            {
                name = LobbyNames.Generate();
            }
            while (_lobbies.ContainsKey(name));
            var lobby = Context.ActorOf(LobbyActor.Props(name, join.Mesh, _settings, _metrics), "lobby-" + name);
            Context.Watch(lobby);
            _lobbies.Add(name, lobby);
            _names.Add(lobby, name);
            _log.Debug("Lobby {0} created ({1})", name, join.Mesh ? "mesh" : "client/server");
            lobby.Tell(join);
            return;
        }
        if (_relays is not null && string.Equals(join.Name, _relayLobbyName, StringComparison.Ordinal))
        {
            // MeshHost creates the lobby as its host; the join comes back here with the new lobby's name.
            _relays.Tell(new Relay.RelayLobbiesActor.Create(join));
            return;
        }
        if (!LobbyNames.IsValid(join.Name))
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

    private void Forget(string name, IActorRef lobby)
    {
        _lobbies.Remove(name);
        _names.Remove(lobby);
        Context.Unwatch(lobby);
    }

    private static void Refuse(JoinLobby join, int code, string reason) =>
        join.Connection.Tell(new SignalingConnectionActor.CloseConnection(code, reason));

    /// <summary>From a connection: JOIN <paramref name="Name"/> ("" creates a lobby; <paramref name="Mesh"/> applies then).</summary>
    public sealed record JoinLobby(string Name, bool Mesh, IActorRef Connection);

    /// <summary>From a lobby: its host left; forget it and stop it.</summary>
    public sealed record LobbyEnded(string Name);

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
