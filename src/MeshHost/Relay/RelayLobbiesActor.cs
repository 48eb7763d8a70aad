using Akka.Actor;

namespace MeshHost.Relay;

/// <summary>
/// Parent of the relay hosts: creates one per relay lobby the lobby manager reserves, up to
/// <see cref="RelaySettings.MaxLobbies"/>. A host that ends before joining its lobby (it could not connect, or failed)
/// is reported to the manager, which refuses the clients waiting for that lobby; a failing host is stopped, which
/// ends its lobby.
/// </summary>
internal sealed class RelayLobbiesActor : ReceiveActor
{
    /// <summary>4000 reason when <see cref="RelaySettings.MaxLobbies"/> relay lobbies are open.</summary>
    public const string TooManyRelayLobbies = "Too many relay lobbies open";

    /// <summary>4000 reason when a relay lobby cannot be created.</summary>
    public const string RelayUnavailable = "Relay unavailable";

    private readonly Dictionary<IActorRef, (string Token, IActorRef Manager)> _hosts = [];

    public RelayLobbiesActor(Func<Uri> signalingUri, RelaySettings settings, RelayMetrics metrics)
    {
        Receive<CreateHost>(create =>
        {
            if (_hosts.Count >= settings.MaxLobbies)
            {
                Sender.Tell(new HostFailed(create.Token, TooManyRelayLobbies));
                return;
            }
            var host = Context.ActorOf(RelayHostActor.Props(signalingUri, settings, metrics, create.Name, create.Token));
            Context.Watch(host);
            _hosts.Add(host, (create.Token, Sender));
        });
        Receive<Terminated>(t =>
        {
            // The manager ignores the token when the host had joined (its lobby then ends as the host leaves).
            if (_hosts.Remove(t.ActorRef, out var host))
            {
                host.Manager.Tell(new HostFailed(host.Token, RelayUnavailable));
            }
        });
    }

    public static Props Props(Func<Uri> signalingUri, RelaySettings settings, RelayMetrics metrics) =>
        Akka.Actor.Props.Create(() => new RelayLobbiesActor(signalingUri, settings, metrics));

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    /// <summary>From the lobby manager: create a host for relay lobby <paramref name="Name"/>, joining with <paramref name="Token"/>.</summary>
    public sealed record CreateHost(string Name, string Token)
    {
        // The token lets its bearer host the lobby: keep it out of logs.
        public override string ToString() => $"CreateHost({Name})";
    }

    /// <summary>To the lobby manager: the host of the reservation <paramref name="Token"/> ended or was refused (4000 <paramref name="Reason"/>).</summary>
    public sealed record HostFailed(string Token, string Reason)
    {
        public override string ToString() => $"HostFailed({Reason})";
    }
}
