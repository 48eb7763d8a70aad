using Akka.Event;
using Akka.Actor;
using MeshActors.Peers;

namespace MeshActors.Mesh;

internal sealed partial class MeshActor
{
    /// <summary>
    /// Any failure of a peer actor stops it: restarting would keep the table entry while the
    /// connection state is lost. The stop arrives as <see cref="Terminated"/> and is reported.
    /// </summary>
    private static Directive StopFailingPeer(Exception _) => Directive.Stop;

    private void OnPeerConnected(PeerBecameConnected connected)
    {
        if (!TryGetCurrent(connected, out var peer) || peer.Connected)
        {
            return; // a child that was replaced or removed meanwhile
        }
        peer.Connected = true;
        Admit(peer);
        Publish(new MeshPeerConnected(peer.PeerId, peer.Incarnation));
    }

    private void OnPeerLost(PeerLost lost)
    {
        if (TryGetCurrent(lost, out _))
        {
            RemovePeer(lost.PeerId, lost.Incarnation, lost.Reason);
        }
    }

    private void OnTerminated(Terminated terminated)
    {
        if (_subscribers.Remove(terminated.ActorRef))
        {
            return;
        }
        if (!_byActor.Remove(terminated.ActorRef, out var peer))
        {
            return; // stopped on purpose: it already left the table
        }
        _log.Warning("Peer {0}: its actor stopped unexpectedly; reporting it disconnected", peer.PeerId);
        _peers.Remove(peer.PeerId, out _);
        Withdraw(peer);
        Publish(new MeshPeerDisconnected(peer.PeerId, peer.Incarnation, PeerLostReason.Crashed, peer.Connected));
    }

    private bool TryGetCurrent(IPeerNotification notification, out MeshPeer peer) =>
        _peers.TryGetValue(notification.PeerId, out peer!) && peer.Incarnation == notification.Incarnation;
}
