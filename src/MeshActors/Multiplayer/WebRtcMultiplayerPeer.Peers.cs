using Akka.Actor;
using MeshActors.Mesh;
using MeshActors.Peers;

namespace MeshActors.Multiplayer;

public sealed partial class WebRtcMultiplayerPeer
{
    /// <summary>Relayed peers a client learnt from peer 1 (SceneMultiplayer profile), in announcement order.</summary>
    private readonly List<int> _relayedPeers = [];

    /// <summary>True when <paramref name="peerId"/> is in the table, connected or not (§1.4).</summary>
    public bool HasPeer(int peerId)
    {
        ThrowIfDisposed();
        return _peers.Contains(peerId);
    }

    /// <summary>
    /// Removes a peer (§1.4): it leaves the table first; if it was connected, <see cref="PeerDisconnected"/>
    /// is raised now, and a client whose peer 1 left becomes disconnected. Its channels and connection
    /// are closed by its actor. Returns false when the id is not in the table (Godot prints an error).
    /// </summary>
    public bool RemovePeer(int peerId)
    {
        ThrowIfDisposed();
        if (!_peers.TryGetValue(peerId, out var slot))
        {
            return false;
        }
        _mesh.Tell(new RemoveMeshPeer(peerId, slot.Incarnation), ActorRefs.Nobody);
        RemovePeerCore(peerId);
        return true;
    }

    /// <summary>
    /// Disconnects a peer (§1.10). Forced: it leaves the table at once with no event (a client whose
    /// peer 1 is forced out becomes disconnected). Graceful: its connection is closed and the next
    /// <see cref="Poll"/> removes it, raising <see cref="PeerDisconnected"/> if it was connected.
    /// Returns false when the id is not in the table (Godot prints an error).
    /// </summary>
    public bool DisconnectPeer(int peerId, bool force = false)
    {
        ThrowIfDisposed();
        if (!_peers.TryGetValue(peerId, out var slot))
        {
            return false;
        }
        _mesh.Tell(new DisconnectMeshPeer(peerId, force, slot.Incarnation), ActorRefs.Nobody);
        if (!force)
        {
            slot.CloseRequested = true;
            return true;
        }
        _peers.Remove(peerId, out _);
        slot.Inbox.Close();
        if (Mode == NetworkMode.Client && peerId == MultiplayerRules.ServerId)
        {
            _relayedPeers.Clear(); // no events: a forced disconnect is silent
            ConnectionStatus = ConnectionStatus.Disconnected;
        }
        return true;
    }

    /// <summary>Ids in the table in insertion order (connected or not).</summary>
    public IReadOnlyList<int> GetPeerIds()
    {
        ThrowIfDisposed();
        var ids = new List<int>(_peers.Count);
        for (var node = _peers.First; node is not null; node = node.Next)
        {
            ids.Add(node.Key);
        }
        return ids;
    }

    /// <summary>
    /// Peers a client reaches through the server (SceneMultiplayer profile): announced by peer 1 with
    /// ADD_PEER, withdrawn with DEL_PEER. They can be targeted; they are not in the table.
    /// </summary>
    public IReadOnlyList<int> GetRelayedPeerIds()
    {
        ThrowIfDisposed();
        return [.. _relayedPeers];
    }

    /// <summary>Whether the peer is connected (false when absent).</summary>
    public bool IsPeerConnected(int peerId)
    {
        ThrowIfDisposed();
        return _peers.TryGetValue(peerId, out var slot) && slot.Connected;
    }

    /// <summary>
    /// Counters of one peer in the table, or null when absent. Call it like the other methods (from the
    /// caller's thread); the stack's part (RTT, retransmissions) is read on the connection's thread.
    /// </summary>
    public async Task<PeerStatistics?> GetPeerStatisticsAsync(int peerId)
    {
        ThrowIfDisposed();
        if (!_peers.TryGetValue(peerId, out var slot))
        {
            return null;
        }
        var (packetsSent, bytesSent) = (slot.PacketsSent, slot.BytesSent);
        var link = await slot.Link.GetStatisticsAsync().ConfigureAwait(false);
        return new PeerStatistics(
            link.RoundTripTime, packetsSent, bytesSent, slot.Inbox.MessagesReceived, slot.Inbox.BytesReceived,
            link.Retransmissions, slot.Inbox.Dropped);
    }

    /// <summary>
    /// §1.3: checks 1–6 in Godot's order, then the connection (null throws; not new is invalid), then
    /// the channels are created in list order. On success the link belongs to the mesh.
    /// </summary>
    internal MultiplayerError AddPeerLink(IPeerLink? link, int peerId, int unreliableLifetime, string parameterName = "peer")
    {
        ThrowIfDisposed();
        var error = MultiplayerRules.CheckAddPeer(Mode, _refuseNewConnections, peerId, unreliableLifetime);
        if (error != MultiplayerError.Ok)
        {
            return error;
        }
        if (link is null)
        {
            throw new ArgumentNullException(parameterName);
        }
        if (link.ConnectionState != LinkConnectionState.New)
        {
            return MultiplayerError.InvalidParameter;
        }
        var specs = ChannelSpec.Layout(_extraModes, unreliableLifetime);
        if (!link.TryCreateChannels(specs))
        {
            return MultiplayerError.Failed;
        }
        var incarnation = PeerIncarnation.Next();
        var inbox = new PeerInbox(peerId, incarnation, specs.Length, _settings.MaxQueuedBytesPerChannel, _relay, _signals);
        var replaced = _peers.Set(peerId, new Slot(peerId, incarnation, link, inbox));
        replaced?.Inbox.Close(); // replaced silently, in place (§1.3)
        _mesh.Tell(new AddMeshPeer(link, inbox, peerId, incarnation, unreliableLifetime), ActorRefs.Nobody);
        return MultiplayerError.Ok;
    }

    /// <summary>Events left by the mesh and the connections that the next Poll applies (tests).</summary>
    internal int PendingEventCount => _signals.Events.Count;

    /// <summary>Packets waiting in a peer's channel queues, connected or not (tests).</summary>
    internal int QueuedPacketCount(int peerId) => _peers.TryGetValue(peerId, out var slot) ? slot.Inbox.Count : 0;

    /// <summary>The link of a peer in the table (tests and GetPeer).</summary>
    internal IPeerLink? GetPeerLink(int peerId) => _peers.TryGetValue(peerId, out var slot) ? slot.Link : null;

    /// <summary>Godot's remove_peer body (§1.4): erase first, then the event, then the status.</summary>
    private bool RemovePeerCore(int peerId)
    {
        if (!_peers.Remove(peerId, out var slot))
        {
            return false;
        }
        slot.Inbox.Close();
        if (!slot.Connected)
        {
            return true;
        }
        slot.Connected = false;
        var serverOfClient = Mode == NetworkMode.Client && peerId == MultiplayerRules.ServerId;
        if (serverOfClient)
        {
            // Relayed peers were reachable only through the server: they leave with it, first.
            var relayed = _relayedPeers.ToArray();
            _relayedPeers.Clear();
            foreach (var relayedId in relayed)
            {
                RaisePeerDisconnected(relayedId);
            }
        }
        RaisePeerDisconnected(peerId);
        if (serverOfClient && Mode == NetworkMode.Client)
        {
            ConnectionStatus = ConnectionStatus.Disconnected;
        }
        return true;
    }
}
