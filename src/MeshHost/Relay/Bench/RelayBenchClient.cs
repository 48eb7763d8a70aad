using MeshActors.Multiplayer;
using MeshActors.Signaling;

namespace MeshHost.Relay.Bench;

/// <summary>
/// One load client: a SceneMultiplayer <see cref="WebRtcMultiplayerPeer"/> in client mode in a relay lobby, driven
/// (polled, read, written) by exactly one <see cref="RelayBenchDriver"/> thread once it has joined.
/// </summary>
internal sealed class RelayBenchClient(int index, RelayBenchLobby lobby, WebRtcMultiplayerPeer peer)
{
    private MultiplayerSignaling? _signaling;

    public int Index { get; } = index;

    public RelayBenchLobby Lobby { get; } = lobby;

    public WebRtcMultiplayerPeer Peer { get; } = peer;

    public MultiplayerSignaling Signaling => _signaling ?? throw new InvalidOperationException("Not joined yet.");

    public bool HasJoined => _signaling is not null;

    /// <summary>This client's id in its lobby (valid once joined and polled).</summary>
    public int PeerId => _signaling?.PeerId ?? 0;

    /// <summary>Completed by the driver once the client is connected to MeshHost (peer 1).</summary>
    public TaskCompletionSource Connected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completed by the driver once every other member of the lobby was announced by MeshHost.</summary>
    public TaskCompletionSource Ready { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>When the JOIN was sent (Stopwatch ticks).</summary>
    public long JoinStartedAt { get; set; }

    /// <summary>When the client was connected to peer 1 (Stopwatch ticks).</summary>
    public long ConnectedAt { get; set; }

    /// <summary>The peer id this client sends to (the next member of its lobby); set before traffic starts.</summary>
    public int Target { get; set; }

    /// <summary>Window phase: packets sent and not yet received by the target (decremented by the target's driver).</summary>
    public int InFlight;

    /// <summary>Rate phase: packets sent in the current phase (driver only).</summary>
    public long PhaseSent { get; set; }

    /// <summary>Part of one sending interval (0..1) by which this client's rate schedule is shifted.</summary>
    public double Spread { get; } = index * 0.6180339887498949 % 1.0;

    /// <summary>The driver thread that owns this client.</summary>
    public int Driver { get; set; }

    public void Joined(MultiplayerSignaling signaling) => _signaling = signaling;
}

/// <summary>The clients of one relay lobby, by peer id (filled before traffic starts, read-only after).</summary>
internal sealed class RelayBenchLobby(string name)
{
    public string Name { get; } = name;

    public List<RelayBenchClient> Members { get; } = [];

    public Dictionary<int, RelayBenchClient> ByPeerId { get; } = [];
}
