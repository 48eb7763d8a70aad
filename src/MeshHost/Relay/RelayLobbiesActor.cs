using Akka.Actor;
using MeshActors.Signaling;
using MeshHost.Signaling;

namespace MeshHost.Relay;

/// <summary>
/// Parent of the relay hosts: creates one per request (a JOIN naming <see cref="RelaySettings.LobbyName"/>), up to
/// <see cref="RelaySettings.MaxLobbies"/>. A failing relay host is stopped, which ends its lobby.
/// </summary>
internal sealed class RelayLobbiesActor : ReceiveActor
{
    /// <summary>4000 reason when <see cref="RelaySettings.MaxLobbies"/> relay lobbies are open.</summary>
    public const string TooManyRelayLobbies = "Too many relay lobbies open";

    public RelayLobbiesActor(Func<Uri> signalingUri, RelaySettings settings, RelayMetrics metrics)
    {
        Receive<Create>(create =>
        {
            if (Context.GetChildren().Count() >= settings.MaxLobbies)
            {
                create.Join.Connection.Tell(new SignalingConnectionActor.CloseConnection(SignalingCloseCodes.ProtocolError, TooManyRelayLobbies));
                return;
            }
            Context.ActorOf(RelayHostActor.Props(signalingUri, settings, metrics, Sender, create.Join));
        });
    }

    public static Props Props(Func<Uri> signalingUri, RelaySettings settings, RelayMetrics metrics) =>
        Akka.Actor.Props.Create(() => new RelayLobbiesActor(signalingUri, settings, metrics));

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    /// <summary>From the lobby manager: create a relay lobby and route <paramref name="Join"/> to it.</summary>
    public sealed record Create(LobbyManagerActor.JoinLobby Join);
}
