using Akka.Actor;
using MeshActors.Mesh;

namespace MeshActors.Multiplayer;

public sealed partial class WebRtcMultiplayerPeer
{
    /// <summary>
    /// Becomes the server: id 1, status connected at once (§1.2). Peers already added are kept.
    /// </summary>
    /// <param name="channelsConfig">Modes of extra channels 1, 2, … (SCTP streams 4, 5, …); null for none.</param>
    /// <returns><see cref="MultiplayerError.InvalidParameter"/> for an undefined mode.</returns>
    public MultiplayerError CreateServer(IReadOnlyList<TransferMode>? channelsConfig = null) =>
        Initialize(MultiplayerRules.ServerId, NetworkMode.Server, channelsConfig);

    /// <summary>
    /// Becomes a client with id <paramref name="peerId"/>: status connecting until peer 1 is connected (§1.2).
    /// </summary>
    /// <returns><see cref="MultiplayerError.InvalidParameter"/> for id 1, an id outside 1..2147483647, or an undefined mode.</returns>
    public MultiplayerError CreateClient(int peerId, IReadOnlyList<TransferMode>? channelsConfig = null)
    {
        if (peerId == MultiplayerRules.ServerId)
        {
            return MultiplayerError.InvalidParameter; // "Clients cannot have ID 1."
        }
        return Initialize(peerId, NetworkMode.Client, channelsConfig);
    }

    /// <summary>Becomes a mesh peer with id <paramref name="peerId"/> (1 allowed): status connected at once (§1.2).</summary>
    /// <returns><see cref="MultiplayerError.InvalidParameter"/> for an id outside 1..2147483647 or an undefined mode.</returns>
    public MultiplayerError CreateMesh(int peerId, IReadOnlyList<TransferMode>? channelsConfig = null) =>
        Initialize(peerId, NetworkMode.Mesh, channelsConfig);

    /// <summary>
    /// Removes every peer without events, forgets mode, id, target and the extra channels; status becomes
    /// disconnected (§1.11). Transfer mode, transfer channel and <see cref="RefuseNewConnections"/> are kept.
    /// The peer can be created again.
    /// </summary>
    public void Close()
    {
        ThrowIfDisposed();
        CloseCore();
    }

    /// <summary>
    /// §1.2 steps 1–4. Deliberate difference: Godot leaves its channel lists half-filled when an extra
    /// mode is invalid; here the whole list is checked first and nothing changes on error.
    /// </summary>
    private MultiplayerError Initialize(int peerId, NetworkMode mode, IReadOnlyList<TransferMode>? channelsConfig)
    {
        ThrowIfDisposed();
        if (!MultiplayerRules.IsValidPeerId(peerId))
        {
            return MultiplayerError.InvalidParameter;
        }
        var extras = channelsConfig is null ? [] : new TransferMode[channelsConfig.Count];
        for (var i = 0; i < extras.Length; i++)
        {
            var extra = channelsConfig![i];
            if (!Enum.IsDefined(extra))
            {
                return MultiplayerError.InvalidParameter; // "must contain only enum values from 'MultiplayerPeer.TransferMode'. Got: N"
            }
            extras[i] = extra;
        }
        _extraModes = extras;
        _channelModes = [TransferMode.Reliable, TransferMode.UnreliableOrdered, TransferMode.Unreliable, .. extras];
        _uniqueId = peerId;
        Mode = mode;
        ConnectionStatus = mode == NetworkMode.Client ? ConnectionStatus.Connecting : ConnectionStatus.Connected;
        _mesh.Tell(new ConfigureMesh(mode, peerId), ActorRefs.Nobody);
        return MultiplayerError.Ok;
    }

    private void CloseCore()
    {
        for (var node = _peers.First; node is not null; node = node.Next)
        {
            node.Value.Inbox.Close();
        }
        _peers.Clear();
        _relayedPeers.Clear();
        _deferredRelayEvents.Clear();
        while (_signals.Events.TryDequeue(out _))
        {
            // events about peers that are gone
        }
        ReleaseCurrentPacket();
        _extraModes = []; // channels_config is cleared; channels_modes is not (§1.11)
        _uniqueId = 0;
        _nextPacketPeer = 0;
        _nextPacketChannel = 0;
        _nextPacketSource = 0;
        _nextPacketCommand = default;
        TargetPeer = 0;
        Mode = NetworkMode.None;
        ConnectionStatus = ConnectionStatus.Disconnected;
        _mesh.Tell(CloseMesh.Instance, ActorRefs.Nobody);
    }
}
