using Akka.Actor;
using MeshActors.WebRtc.Ice;

namespace MeshHost.Relay;

/// <summary>
/// Parent of the relay hosts: creates one per relay lobby the lobby manager reserves, up to
/// <see cref="RelaySettings.MaxLobbies"/>. A host that ends before joining its lobby (it could not connect, or failed)
/// is reported to the manager, which refuses the clients waiting for that lobby; a failing host is stopped, which
/// ends its lobby. In single-port mode it owns the shared UDP socket (<see cref="IceUdpMux"/>) and closes it when it stops.
/// </summary>
internal sealed class RelayLobbiesActor : ReceiveActor
{
    /// <summary>4000 reason when <see cref="RelaySettings.MaxLobbies"/> relay lobbies are open.</summary>
    public const string TooManyRelayLobbies = "Too many relay lobbies open";

    /// <summary>4000 reason when a relay lobby cannot be created.</summary>
    public const string RelayUnavailable = "Relay unavailable";

    private readonly Dictionary<IActorRef, (string Token, IActorRef Manager)> _hosts = [];
    private readonly IceUdpMux? _port;

    public RelayLobbiesActor(Func<Uri> signalingUri, RelaySettings settings, RelayMetrics metrics, IceUdpMux? port)
    {
        _port = port;
        Receive<CreateHost>(create =>
        {
            if (_hosts.Count >= settings.MaxLobbies)
            {
                Sender.Tell(new HostFailed(create.Token, TooManyRelayLobbies));
                return;
            }
            var host = Context.ActorOf(RelayHostActor.Props(signalingUri, settings, metrics, create.Name, create.Token, port));
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

    /// <param name="signalingUri">Where relay hosts join (this server, over loopback).</param>
    /// <param name="settings">Relay settings.</param>
    /// <param name="metrics">Instruments.</param>
    /// <param name="port">The shared UDP socket in single-port mode (owned from now on), or null.</param>
    public static Props Props(Func<Uri> signalingUri, RelaySettings settings, RelayMetrics metrics, IceUdpMux? port = null) =>
        Akka.Actor.Props.Create(() => new RelayLobbiesActor(signalingUri, settings, metrics, port));

    protected override void PostStop() => _port?.Dispose();

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
