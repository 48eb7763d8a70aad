using Akka.Actor;
using Akka.Event;
using MeshActors.Signaling;
using MeshHost.Cluster;

namespace MeshHost.Signaling;

/// <summary>
/// One WebSocket signaling connection. States: <c>Unjoined</c> (join timer running) → <c>Joining</c> (waiting for the
/// lobby; later messages are stashed so they are handled in order, as the demo server does) → <c>InLobby</c>.
/// It stops when its socket ends or when it closes the socket; its lobby watches it and treats that as leaving.
/// </summary>
internal sealed class SignalingConnectionActor : ReceiveActor, IWithTimers, IWithStash
{
    /// <summary>How long a JOIN may wait for its lobby's answer (normally milliseconds) before the server gives up.</summary>
    private static readonly TimeSpan JoinCompletionTimeout = TimeSpan.FromSeconds(10);

    private readonly SignalingSocket _socket;
    private readonly IActorRef _lobbies;
    private readonly SignalingSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private IActorRef? _lobby;
    private int _peerId;

    public SignalingConnectionActor(SignalingSocket socket, IActorRef lobbies, SignalingSettings settings)
    {
        _socket = socket;
        _lobbies = lobbies;
        _settings = settings;
        Unjoined();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public IStash Stash { get; set; } = null!;

    public static Props Props(SignalingSocket socket, IActorRef lobbies, SignalingSettings settings) =>
        Akka.Actor.Props.Create(() => new SignalingConnectionActor(socket, lobbies, settings));

    protected override void PreStart() =>
        Timers.StartSingleTimer(JoinTimeout.Instance, JoinTimeout.Instance, _settings.JoinTimeout);

    private void Unjoined()
    {
        Receive<Received>(r =>
        {
            if (r.Message.Type == SignalingMessageType.Join)
            {
                // id 0 asks for a mesh lobby, anything else for client/server (the demo client sends 1).
                _lobbies.Tell(new LobbyManagerActor.JoinLobby(r.Message.Data, Mesh: r.Message.Id == 0, Self));
                // The demo server counts a connection as joined once its JOIN is handled; here the lobby answers
                // asynchronously (a relay lobby is created first), so only a lobby that never answers is timed out.
                Timers.StartSingleTimer(JoinTimeout.Instance, JoinTimeout.Instance, JoinCompletionTimeout);
                Become(Joining);
                return;
            }
            CloseAndStop(SignalingCloseCodes.ProtocolError, SignalingCloseCodes.NeedLobby);
        });
        Receive<JoinTimeout>(_ => CloseAndStop(SignalingCloseCodes.ProtocolError, SignalingCloseCodes.NoLobby));
        Common();
    }

    private void Joining()
    {
        Receive<Joined>(j =>
        {
            Timers.Cancel(JoinTimeout.Instance);
            _lobby = j.Lobby;
            _peerId = j.PeerId;
            Context.Watch(j.Lobby);
            Become(InLobby);
            Stash.UnstashAll();
        });
        Receive<Received>(_ => Stash.Stash());
        Receive<JoinTimeout>(_ => CloseAndStop(SignalingCloseCodes.ProtocolError, SignalingCloseCodes.ServerError));
        Common();
    }

    private void InLobby()
    {
        Receive<Received>(r =>
        {
            switch (r.Message.Type)
            {
                case SignalingMessageType.Join:
                    CloseAndStop(SignalingCloseCodes.ProtocolError, SignalingCloseCodes.AlreadyInLobby);
                    break;
                case SignalingMessageType.Seal:
                    _lobby!.Tell(new LobbyActor.Seal(_peerId));
                    break;
                case SignalingMessageType.Offer or SignalingMessageType.Answer or SignalingMessageType.Candidate:
                    _lobby!.Tell(new LobbyActor.Relay(_peerId, r.Message));
                    break;
                default:
                    CloseAndStop(SignalingCloseCodes.ProtocolError, SignalingCloseCodes.InvalidCommand);
                    break;
            }
        });
        Receive<Terminated>(t => t.ActorRef.Equals(_lobby), _ =>
            CloseAndStop(SignalingCloseCodes.ProtocolError, SignalingCloseCodes.ServerError));
        Common();
    }

    private void Common()
    {
        Receive<Deliver>(d =>
        {
            if (_socket.TrySend(d.Message) == SignalingSocket.SendResult.Overflow)
            {
                CloseAndStop(SignalingCloseCodes.SlowConsumer, SignalingCloseCodes.TooSlow);
            }
        });
        Receive<CloseConnection>(c => CloseAndStop(c.Code, c.Reason));
        Receive<SocketClosed>(c =>
        {
            _log.Debug("Signaling connection {0} (peer {1}) closed by the {2}: {3} {4}", Self.Path.Name, _peerId, c.ByServer ? "server" : "client", c.Code, c.Reason);
            Context.Stop(Self);
        });
    }

    private void CloseAndStop(int code, string reason)
    {
        if (_socket.Close(code, reason))
        {
            _log.Debug("Signaling connection {0} (peer {1}) closed by the server: {2} {3}", Self.Path.Name, _peerId, code, reason);
        }
        Context.Stop(Self);
    }

    protected override void PostStop()
    {
        // An actor stopped for any other reason (shutdown, failure) must not leave its socket open.
        _socket.Close(SignalingCloseCodes.GoingAway, SignalingCloseCodes.ServerShuttingDown);
    }

    /// <summary>A message from the client, decoded by the socket.</summary>
    public sealed record Received(SignalingMessage Message);

    /// <summary>The socket is closed (or closing because a transport limit was hit).</summary>
    public sealed record SocketClosed(int Code, string Reason, bool ByServer);

    /// <summary>From the lobby: the connection is member <paramref name="PeerId"/> of <paramref name="Lobby"/>.</summary>
    public sealed record Joined(IActorRef Lobby, int PeerId, string LobbyName) : ISignalingClusterMessage;

    /// <summary>From the lobby: write this message to the client.</summary>
    public sealed record Deliver(SignalingMessage Message) : ISignalingClusterMessage;

    /// <summary>From the lobby or manager: close the connection with this code and reason.</summary>
    public sealed record CloseConnection(int Code, string Reason) : ISignalingClusterMessage;

    /// <summary>Timer key and message: the join timeout elapsed.</summary>
    public sealed class JoinTimeout
    {
        public static readonly JoinTimeout Instance = new();

        private JoinTimeout()
        {
        }

        public override string ToString() => "JoinTimeout";
    }
}
