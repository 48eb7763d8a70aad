using Akka.Actor;
using MeshActors.Multiplayer;
using MeshActors.Peers;

namespace MeshActors.Mesh;

internal sealed partial class MeshActor
{
    private void AddPeer(AddMeshPeer add)
    {
        var error = MultiplayerRules.CheckAddPeer(Mode, _refuseNewConnections, add.PeerId, add.UnreliableLifetime);
        if (error != MultiplayerError.Ok)
        {
            DisposeQuietly(add.Link);
            Sender.Tell(new AddPeerResult(add.PeerId, add.Incarnation, error));
            return;
        }
        var name = $"peer-{add.PeerId}-{add.Incarnation}";
        var actor = Context.ActorOf(PeerConnectionActor.Props(add.Link, add.Sink, add.PeerId, add.Incarnation, _settings), name);
        Context.Watch(actor);
        var peer = new MeshPeer(add.PeerId, add.Incarnation, add.Link, actor);
        _byActor.Add(actor, peer);
        var replaced = _peers.Set(add.PeerId, peer);
        if (replaced is not null)
        {
            // Godot replaces an existing entry silently, in place (§1.3); its connection is released.
            Withdraw(replaced);
            StopPeer(replaced);
        }
        Sender.Tell(new AddPeerResult(add.PeerId, add.Incarnation, MultiplayerError.Ok));
    }

    private void RemovePeer(int peerId, long? incarnation, PeerLostReason reason)
    {
        if (!_peers.TryGetValue(peerId, out var peer) || (incarnation is { } i && peer.Incarnation != i))
        {
            return;
        }
        _peers.Remove(peerId, out _);
        Withdraw(peer);
        StopPeer(peer);
        Publish(new MeshPeerDisconnected(peer.PeerId, peer.Incarnation, reason, peer.Connected));
    }

    private void DisconnectPeer(DisconnectMeshPeer disconnect)
    {
        if (disconnect.Force)
        {
            RemovePeer(disconnect.PeerId, disconnect.Incarnation, PeerLostReason.Removed);
            return;
        }
        if (_peers.TryGetValue(disconnect.PeerId, out var peer) && (disconnect.Incarnation is not { } i || peer.Incarnation == i))
        {
            peer.Actor.Tell(ClosePeer.Instance); // it reports PeerLost once the connection is closed
        }
    }

    /// <summary>Stops a child that left the table; its Terminated is then ignored.</summary>
    private void StopPeer(MeshPeer peer)
    {
        _byActor.Remove(peer.Actor);
        Context.Unwatch(peer.Actor);
        Context.Stop(peer.Actor);
    }
}
