using Akka.Actor;
using Akka.Event;
using MeshActors.Multiplayer;
using MeshActors.Signaling;
using MeshHost.Signaling;

namespace MeshHost.Relay;

/// <summary>
/// MeshHost as the host (peer 1) of one relay lobby: a <see cref="WebRtcMultiplayerPeer"/> in server mode with the
/// SceneMultiplayer profile, signaled through this server like any other client (a loopback WebSocket joining a new
/// client/server lobby), so clients that cannot reach each other talk through it (reference/godot.md §4.4–4.5).
/// Packets are relayed on the connections' threads as they arrive; the timer polls the peer for its control events and
/// drops packets addressed to the server itself. The lobby ends when the host leaves: when signaling ends, or after
/// <see cref="RelaySettings.IdleTimeout"/> without clients.
/// </summary>
internal sealed class RelayHostActor : ReceiveActor, IWithTimers
{
    private readonly Func<Uri> _signalingUri;
    private readonly RelaySettings _settings;
    private readonly IActorRef _lobbies;
    private readonly RelayMetrics _metrics;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly List<LobbyManagerActor.JoinLobby> _pending = [];
    private WebRtcMultiplayerPeer? _peer;
    private MultiplayerSignaling? _signaling;
    private DateTime _idleSince = DateTime.UtcNow;
    private long _packetsToServer;
    private RelayStatistics _reported;

    public RelayHostActor(Func<Uri> signalingUri, RelaySettings settings, RelayMetrics metrics, IActorRef lobbies, LobbyManagerActor.JoinLobby creator)
    {
        _signalingUri = signalingUri;
        _settings = settings;
        _metrics = metrics;
        _lobbies = lobbies;
        _pending.Add(creator);
        Receive<Started>(started =>
        {
            _signaling = started.Signaling;
            _signaling.Error += (_, e) => _log.Warning("Relay lobby {0}: {1}", _signaling.Lobby, e.Message);
        });
        Receive<Status.Failure>(failure =>
        {
            _log.Warning("Relay lobby could not be created: {0}", failure.Cause.Message);
            foreach (var join in _pending)
            {
                join.Connection.Tell(new SignalingConnectionActor.CloseConnection(SignalingCloseCodes.ProtocolError, RelayUnavailable));
            }
            _pending.Clear();
            Context.Stop(Self);
        });
        Receive<Tick>(_ => OnTick());
    }

    /// <summary>4000 reason when a relay lobby cannot be created.</summary>
    public const string RelayUnavailable = "Relay unavailable";

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(Func<Uri> signalingUri, RelaySettings settings, RelayMetrics metrics, IActorRef lobbies, LobbyManagerActor.JoinLobby creator) =>
        Akka.Actor.Props.Create(() => new RelayHostActor(signalingUri, settings, metrics, lobbies, creator));

    protected override void PreStart()
    {
        _metrics.LobbyOpened();
        _peer = new WebRtcMultiplayerPeer(Context.System, new WebRtcMultiplayerPeerOptions { WireProfile = WireProfile.SceneMultiplayer });
        MultiplayerSignaling.JoinAsync(_signalingUri(), string.Empty, mesh: false, _peer)
            .PipeTo(Self, success: signaling => new Started(signaling));
        Timers.StartPeriodicTimer(Tick.Instance, Tick.Instance, _settings.PollInterval);
    }

    private void OnTick()
    {
        if (_signaling is null || _peer is null)
        {
            return;
        }
        _signaling.Poll();
        _peer.Poll();
        while (_peer.GetAvailablePacketCount() > 0 && _peer.GetPacket(out _) == MultiplayerError.Ok)
        {
            // Packets for the server itself (not relayed ones): a relay has no game to give them to.
            _packetsToServer++;
        }
        ReportPackets();
        if (_signaling.Lobby is { } lobby && _pending.Count > 0)
        {
            _log.Info("Relay lobby {0} open", lobby);
            foreach (var join in _pending)
            {
                _lobbies.Tell(join with { Name = lobby });
            }
            _pending.Clear();
        }
        if (_signaling.IsClosed)
        {
            Context.Stop(Self);
            return;
        }
        var now = DateTime.UtcNow;
        if (_peer.ConnectionStatus == ConnectionStatus.Connected && _peer.GetPeerIds().Count > 0)
        {
            _idleSince = now;
        }
        else if (now - _idleSince > _settings.IdleTimeout)
        {
            _log.Info("Relay lobby {0} idle, closing", _signaling.Lobby);
            Context.Stop(Self);
        }
    }

    private void ReportPackets()
    {
        var now = _peer!.RelayStatistics;
        _metrics.Packets(now.RelayedPackets - _reported.RelayedPackets, now.DroppedPackets - _reported.DroppedPackets);
        _reported = now;
    }

    protected override void PostStop()
    {
        var signaling = _signaling;
        var peer = _peer;
        if (peer is not null)
        {
            ReportPackets();
        }
        _metrics.LobbyClosed();
        _log.Debug("Relay lobby {0} closed; relayed {1} packets, {2} addressed to the server", signaling?.Lobby, peer?.RelayStatistics.RelayedPackets, _packetsToServer);
        // Leaving signaling ends the lobby (its host left); disposing the peer closes every connection.
        _ = Task.Run(async () =>
        {
            if (signaling is not null)
            {
                await signaling.DisposeAsync().ConfigureAwait(false);
            }
            if (peer is not null)
            {
                await peer.DisposeAsync().ConfigureAwait(false);
            }
        });
    }

    private sealed record Started(MultiplayerSignaling Signaling);

    private sealed class Tick
    {
        public static readonly Tick Instance = new();

        private Tick()
        {
        }

        public override string ToString() => "Tick";
    }
}
