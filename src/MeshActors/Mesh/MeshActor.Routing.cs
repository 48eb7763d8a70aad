using Akka.Actor;
using Akka.Event;
using MeshActors.Multiplayer;

namespace MeshActors.Mesh;

internal sealed partial class MeshActor
{
    /// <summary>
    /// Godot's put_packet routing (reference/godot.md §1.8 steps 3–4) for senders that go through the
    /// mailbox: one target must exist and have the channel; a broadcast sends to every peer (connected
    /// or not) but −target, skipping peers without the channel, and ignores individual results.
    /// </summary>
    private void Route(SendToPeers send)
    {
        var payload = send.Payload.Span;
        if (send.Target > 0)
        {
            if (!_peers.TryGetValue(send.Target, out var peer) || send.Channel < 0 || send.Channel >= peer.Link.ChannelCount)
            {
                Sender.Tell(new SendResult(MultiplayerError.InvalidParameter));
                return;
            }
            Sender.Tell(new SendResult(SendOrFail(peer, send.Channel, payload)));
            return;
        }
        for (var node = _peers.First; node is not null; node = node.Next)
        {
            var peer = node.Value;
            if (peer.PeerId != -send.Target && send.Channel >= 0 && send.Channel < peer.Link.ChannelCount)
            {
                SendOrFail(peer, send.Channel, payload);
            }
        }
        Sender.Tell(new SendResult(MultiplayerError.Ok));
    }

    private MultiplayerError SendOrFail(MeshPeer peer, int channel, ReadOnlySpan<byte> payload)
    {
        try
        {
            return peer.Link.Send(channel, payload);
        }
        catch (Exception e)
        {
            _log.Warning(e, "Peer {0}: send failed; stopping it", peer.PeerId);
            Context.Stop(peer.Actor);
            return MultiplayerError.Failed;
        }
    }
}
