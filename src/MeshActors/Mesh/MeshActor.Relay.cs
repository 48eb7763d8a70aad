using Akka.Actor;
using Akka.Event;
using MeshActors.Multiplayer;
using MeshActors.Relay;

namespace MeshActors.Mesh;

internal sealed partial class MeshActor
{
    /// <summary>Bytes of the largest peer-exchange packet.</summary>
    private const int ExchangePacketLength = AddPeerPacket.Length;

    /// <summary>
    /// Server in the SceneMultiplayer profile: for every admitted P send ADD_PEER(N) to P and
    /// ADD_PEER(P) to N, reliably on channel 0, then admit N to the relay (reference/godot.md §4.4).
    /// </summary>
    private void Admit(MeshPeer peer)
    {
        if (_relay is null || Mode != NetworkMode.Server)
        {
            return;
        }
        Span<byte> packet = stackalloc byte[ExchangePacketLength];
        for (var node = _peers.First; node is not null; node = node.Next)
        {
            var other = node.Value;
            if (other == peer || !_relay.IsAdmitted(other.PeerId))
            {
                continue;
            }
            new AddPeerPacket(peer.PeerId).Write(packet);
            SendExchange(other, packet);
            new AddPeerPacket(other.PeerId).Write(packet);
            SendExchange(peer, packet);
        }
        _relay.Admit(peer.PeerId, peer.Link);
    }

    /// <summary>Withdraws a removed peer from the relay and sends DEL_PEER(N) to every admitted peer left.</summary>
    private void Withdraw(MeshPeer peer)
    {
        if (_relay is null || !_relay.Withdraw(peer.PeerId) || Mode != NetworkMode.Server)
        {
            return;
        }
        Span<byte> packet = stackalloc byte[ExchangePacketLength];
        new DelPeerPacket(peer.PeerId).Write(packet);
        for (var node = _peers.First; node is not null; node = node.Next)
        {
            if (node.Value != peer && _relay.IsAdmitted(node.Key))
            {
                SendExchange(node.Value, packet);
            }
        }
    }

    private void SendExchange(MeshPeer to, ReadOnlySpan<byte> packet)
    {
        try
        {
            var error = to.Link.Send(0, packet); // channel "reliable": transfer channel 0, RELIABLE
            if (error != MultiplayerError.Ok)
            {
                _log.Debug("Peer {0}: peer exchange not sent ({1})", to.PeerId, error);
            }
        }
        catch (Exception e)
        {
            // A broken link must not take the mesh down: fail that peer only.
            _log.Warning(e, "Peer {0}: sending the peer exchange failed; stopping it", to.PeerId);
            Context.Stop(to.Actor);
        }
    }
}
