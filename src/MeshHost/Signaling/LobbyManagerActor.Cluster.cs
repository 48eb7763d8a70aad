using Akka.Actor;
using Akka.Event;
using MeshActors.Cluster;
using MeshActors.Signaling;
using MeshHost.Cluster;
using MeshHost.Relay;

namespace MeshHost.Signaling;

/// <summary>
/// The lobby manager of a cluster node. Lobbies are <see cref="LobbyActor"/> entities of the lobby shard region
/// (<see cref="LobbyRegion"/>): this manager names the lobbies created through its node so they live on it (home-node
/// names), routes every JOIN of a local connection to the lobby's entity wherever it lives, and counts the lobbies that
/// live here against <see cref="SignalingSettings.MaxLobbies"/>. Relay lobbies are decided by their entity: a client's
/// JOIN goes to the entity, which asks the manager of its own node to reserve the name and start MeshHost's relay host
/// there (<see cref="ReserveRelay"/>); the host's JOIN then creates the lobby as on a single node.
/// </summary>
internal sealed partial class LobbyManagerActor
{
    private readonly LobbyRegion? _cluster;
    // Lobbies living here whose entity has not confirmed yet (they count against the limit).
    private readonly HashSet<string> _creating = new(StringComparer.Ordinal);

    private int LiveLobbies => _lobbies.Count + _creating.Count + (_relay?.Count ?? 0);

    private void InCluster()
    {
        Receive<JoinLobby>(JoinInCluster);
        Receive<ReserveRelay>(ReserveRelayHere);
        Receive<RelayLobbiesActor.HostFailed>(failed => _relay?.Fail(failed.Token, failed.Reason));
        Receive<LobbyCreated>(created =>
        {
            _creating.Remove(created.Name);
            if (_lobbies.TryAdd(created.Name, Sender))
            {
                _names[Sender] = created.Name;
                Context.Watch(Sender);
            }
        });
        Receive<NameTaken>(taken =>
        {
            // A generated name already in use somewhere (as good as impossible): draw again.
            _log.Warning("Lobby name {0} is taken; generating another", taken.Name);
            _creating.Remove(taken.Name);
            JoinInCluster(taken.Join);
        });
        Receive<LobbyEnded>(ended =>
        {
            // The entity passivates itself; the shard stops it.
            if (_lobbies.TryGetValue(ended.Name, out var lobby) && lobby.Equals(Sender))
            {
                Forget(ended.Name, lobby);
            }
        });
        Receive<Terminated>(t =>
        {
            if (_names.TryGetValue(t.ActorRef, out var name))
            {
                // Handed off (this node is leaving) or failed: its members were closed or see it end.
                _log.Debug("Lobby {0} stopped", name);
                Forget(name, t.ActorRef);
            }
        });
        Receive<GetStatus>(_ => Sender.Tell(new Status(_lobbies.Count)));
    }

    private void JoinInCluster(JoinLobby join)
    {
        var cluster = _cluster!;
        if (_relay is not null && _relay.TryTakeHost(join.Name, out var relayName, out var waiting))
        {
            // MeshHost's relay host, started here for a relay lobby living here: it creates the lobby as host (id 1),
            // then the clients that waited join (after it: same path, same order).
            _creating.Add(relayName);
            cluster.Tell(relayName, new LobbyActor.Create(join), Self);
            foreach (var joiner in waiting)
            {
                cluster.Tell(relayName, joiner with { Name = relayName }, Self);
            }
            return;
        }
        if (_relay is not null && _relay.Settings.CreatesGeneratedName(join.Name))
        {
            // "All" mode: a home-node name, so the lobby and its relay host live here. Prefix mode: the prefix and random
            // characters, a hash bucket decides. Either way the entity reserves the relay on its own node.
            var name = _relay.Settings.Lobbies == RelayLobbyMode.All ? NewHomeName() : _relay.Settings.GenerateName();
            cluster.Tell(name, new LobbyActor.JoinRelay(join, Generated: true), Self);
            return;
        }
        if (_relay is not null && _relay.Settings.IsRelayName(join.Name))
        {
            // A home-node-shaped name with no live node's token would allocate a shard of its own: refuse it.
            if (!_relay.Settings.IsValidRelayName(join.Name) || (HomeNode.TryGetToken(join.Name, out _) && !cluster.IsHomeKnown(join.Name)))
            {
                Refuse(join, SignalingCloseCodes.ProtocolError, SignalingCloseCodes.InvalidLobbyName);
                return;
            }
            cluster.Tell(join.Name, new LobbyActor.JoinRelay(join, Generated: false), Self);
            return;
        }
        if (join.Name.Length == 0)
        {
            if (LiveLobbies >= _settings.MaxLobbies)
            {
                Refuse(join, SignalingCloseCodes.ProtocolError, SignalingCloseCodes.TooManyLobbies);
                return;
            }
            var name = NewHomeName();
            _creating.Add(name);
            cluster.Tell(name, new LobbyActor.Create(join), Self);
            return;
        }
        if (!LobbyNames.IsValid(join.Name))
        {
            Refuse(join, SignalingCloseCodes.ProtocolError, SignalingCloseCodes.InvalidLobbyName);
            return;
        }
        // Every lobby that is not a relay lobby has a home-node name; anything else cannot exist.
        if (!cluster.IsHomeKnown(join.Name))
        {
            Refuse(join, SignalingCloseCodes.ProtocolError, SignalingCloseCodes.LobbyDoesNotExist);
            return;
        }
        cluster.Tell(join.Name, join, Self);
    }

    /// <summary>From a relay lobby entity living here: start (or wait for) MeshHost's relay host for it.</summary>
    private void ReserveRelayHere(ReserveRelay reserve)
    {
        var join = reserve.Join;
        if (_relay is null)
        {
            // Nodes disagree about relaying: this one has it off.
            Refuse(join, SignalingCloseCodes.ProtocolError, RelayLobbiesActor.RelayUnavailable);
            return;
        }
        if (_relay.IsReserved(reserve.Name))
        {
            _relay.Add(reserve.Name, join, Self);
            return;
        }
        if (_lobbies.ContainsKey(reserve.Name) || _creating.Contains(reserve.Name))
        {
            // The host joined meanwhile: the lobby is (being) created; join it after the host.
            _cluster!.Tell(reserve.Name, join with { Name = reserve.Name }, Self);
            return;
        }
        if (LiveLobbies >= _settings.MaxLobbies)
        {
            Refuse(join, SignalingCloseCodes.ProtocolError, SignalingCloseCodes.TooManyLobbies);
            return;
        }
        _relay.Add(reserve.Name, join, Self);
    }

    private string NewHomeName()
    {
        string name;
        do
        {
            name = _cluster!.NewLobbyName();
        }
        while (_lobbies.ContainsKey(name) || _creating.Contains(name));
        return name;
    }

    /// <summary>From a lobby entity: it opened (the sender is the entity); it now counts against the limit here.</summary>
    public sealed record LobbyCreated(string Name) : ISignalingClusterMessage;

    /// <summary>From a lobby entity: a lobby named <paramref name="Name"/> already exists; create <paramref name="Join"/>'s lobby under another name.</summary>
    public sealed record NameTaken(string Name, JoinLobby Join) : ISignalingClusterMessage;

    /// <summary>From a relay lobby entity living on this node: reserve relay lobby <paramref name="Name"/> for <paramref name="Join"/>.</summary>
    public sealed record ReserveRelay(string Name, JoinLobby Join) : ISignalingClusterMessage;
}
