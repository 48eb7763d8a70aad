using Akka.Actor;
using Akka.Event;
using MeshActors.Multiplayer;
using MeshActors.Signaling;
using MeshActors.WebRtc;
using MeshActors.WebRtc.Ice;

namespace MeshHost.Relay;

/// <summary>
/// MeshHost as the host (peer 1) of one relay lobby: a <see cref="WebRtcMultiplayerPeer"/> in server mode with the
/// SceneMultiplayer profile, signaled through this server like any other client (a loopback WebSocket whose JOIN carries
/// the host token the lobby manager reserved the lobby under), so clients that cannot reach each other talk through it
/// (reference/godot.md §4.4–4.5).
/// Packets are relayed on the connections' threads as they arrive; the timer polls the peer for its control events and
/// drops packets addressed to the server itself. The lobby ends when the host leaves: when signaling ends, or after
/// <see cref="RelaySettings.IdleTimeout"/> without clients.
/// </summary>
internal sealed class RelayHostActor : ReceiveActor, IWithTimers
{
    private readonly Func<Uri> _signalingUri;
    private readonly RelaySettings _settings;
    private readonly RelayMetrics _metrics;
    private readonly string _name;
    private readonly string _token;
    private readonly IceUdpMux? _port;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private WebRtcMultiplayerPeer? _peer;
    private MultiplayerSignaling? _signaling;
    private DateTime _idleSince = DateTime.UtcNow;
    private bool _open;
    private long _packetsToServer;
    private RelayStatistics _reported;

    public RelayHostActor(Func<Uri> signalingUri, RelaySettings settings, RelayMetrics metrics, string name, string token, IceUdpMux? port)
    {
        _port = port;
        _signalingUri = signalingUri;
        _settings = settings;
        _metrics = metrics;
        _name = name;
        _token = token;
        Receive<Started>(started =>
        {
            _signaling = started.Signaling;
            _signaling.Error += (_, e) => _log.Warning("Relay lobby {0}: {1}", _name, e.Message);
        });
        Receive<Status.Failure>(failure =>
        {
            // The parent tells the lobby manager, which refuses the clients waiting for this lobby.
            _log.Warning("Relay lobby {0} could not be created: {1}", _name, failure.Cause.Message);
            Context.Stop(Self);
        });
        Receive<Tick>(_ => OnTick());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(Func<Uri> signalingUri, RelaySettings settings, RelayMetrics metrics, string name, string token, IceUdpMux? port) =>
        Akka.Actor.Props.Create(() => new RelayHostActor(signalingUri, settings, metrics, name, token, port));

    protected override void PreStart()
    {
        _metrics.LobbyOpened();
        _peer = new WebRtcMultiplayerPeer(Context.System, new WebRtcMultiplayerPeerOptions { WireProfile = WireProfile.SceneMultiplayer });
        var options = new MultiplayerSignalingOptions
        {
            Configuration = new RtcConfiguration { SharedPort = _port, PublicAddresses = _settings.PublicAddresses },
        };
        MultiplayerSignaling.JoinAsync(_signalingUri(), _token, mesh: false, _peer, options)
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
        if (!_open && _signaling.Lobby is not null)
        {
            _open = true;
            _log.Info("Relay lobby {0} open", _name);
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
            _log.Info("Relay lobby {0} idle, closing", _name);
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
        _log.Debug("Relay lobby {0} closed; relayed {1} packets, {2} addressed to the server", _name, peer?.RelayStatistics.RelayedPackets, _packetsToServer);
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
