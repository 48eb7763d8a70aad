using Akka.Actor;
using MeshHost.Signaling;

namespace MeshHost.Relay;

/// <summary>
/// The lobby manager's book of relay lobbies being created. A relay lobby is created by its host: MeshHost's relay host
/// joins over loopback signaling with a secret host token (a JOIN name only it knows) and the manager creates the
/// reserved lobby, under its real name, with that connection as host (id 1); clients that asked for the lobby meanwhile
/// wait here and join right after the host. A plain class used by <see cref="LobbyManagerActor"/> on its thread.
/// </summary>
internal sealed class RelayReservations(RelaySettings settings, IActorRef relays)
{
    private readonly Dictionary<string, Reservation> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Reservation> _byToken = new(StringComparer.Ordinal);

    /// <summary>The relay settings (which names are relay names).</summary>
    public RelaySettings Settings => settings;

    /// <summary>Relay lobbies reserved whose host has not joined yet (they count against the lobby limit).</summary>
    public int Count => _byName.Count;

    /// <summary>Whether <paramref name="name"/> is reserved for a relay lobby being created.</summary>
    public bool IsReserved(string name) => _byName.ContainsKey(name);

    /// <summary>
    /// Queues <paramref name="join"/> for relay lobby <paramref name="name"/>; the first join of a name reserves it and
    /// asks <see cref="RelayLobbiesActor"/> (replying to <paramref name="manager"/>) for a host.
    /// </summary>
    public void Add(string name, LobbyManagerActor.JoinLobby join, IActorRef manager)
    {
        if (_byName.TryGetValue(name, out var reservation))
        {
            reservation.Joiners.Add(join);
            return;
        }
        string token;
        do
        {
            token = LobbyNames.Generate();
        }
        while (_byToken.ContainsKey(token));
        reservation = new Reservation(name, token, [join]);
        _byName.Add(name, reservation);
        _byToken.Add(token, reservation);
        relays.Tell(new RelayLobbiesActor.CreateHost(name, token), manager);
    }

    /// <summary>
    /// When <paramref name="joinName"/> is a host token: ends the reservation and gives the lobby's name and the clients
    /// waiting for it (to join after the host).
    /// </summary>
    public bool TryTakeHost(string joinName, out string name, out List<LobbyManagerActor.JoinLobby> joiners)
    {
        if (_byToken.Remove(joinName, out var reservation))
        {
            _byName.Remove(reservation.Name);
            name = reservation.Name;
            joiners = reservation.Joiners;
            return true;
        }
        name = string.Empty;
        joiners = [];
        return false;
    }

    /// <summary>
    /// The host of a reservation could not be created or stopped before joining: ends the reservation and refuses its
    /// waiting clients with 4000 <paramref name="reason"/>. A token already used (the lobby exists) is ignored.
    /// </summary>
    public void Fail(string token, string reason)
    {
        if (!_byToken.Remove(token, out var reservation))
        {
            return;
        }
        _byName.Remove(reservation.Name);
        foreach (var join in reservation.Joiners)
        {
            join.Connection.Tell(new SignalingConnectionActor.CloseConnection(MeshActors.Signaling.SignalingCloseCodes.ProtocolError, reason));
        }
    }

    private sealed record Reservation(string Name, string Token, List<LobbyManagerActor.JoinLobby> Joiners);
}
