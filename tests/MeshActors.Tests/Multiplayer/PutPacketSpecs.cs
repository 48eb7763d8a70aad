using MeshActors.Multiplayer;
using MeshActors.Peers;
using MeshActors.Tests.Support;

namespace MeshActors.Tests.Multiplayer;

/// <summary>reference/godot.md §1.8.</summary>
public class PutPacketSpecs : FacadeSpec
{
    private (WebRtcMultiplayerPeer Peer, FakePeerLink[] Links) ConnectedMesh(int count, IReadOnlyList<TransferMode>? extras = null)
    {
        var peer = NewPeer();
        peer.CreateMesh(100, extras);
        var links = new FakePeerLink[count];
        for (var i = 0; i < count; i++)
        {
            links[i] = AddLink(peer, i + 2);
            Connect(peer, i + 2, links[i]);
        }
        return (peer, links);
    }

    private static int[] SentChannels(FakePeerLink link) => [.. link.Sent.Select(s => s.Channel)];

    [Fact]
    public void Put_packet_while_disconnected_is_unconfigured()
    {
        var peer = NewPeer();
        Assert.Equal(MultiplayerError.Unconfigured, peer.PutPacket([1]));
        Finish();
    }

    [Fact]
    public void Put_packet_is_allowed_while_a_client_is_connecting()
    {
        var peer = NewPeer();
        peer.CreateClient(5);
        var link = AddLink(peer, 1);
        link.SetConnectionState(LinkConnectionState.Connecting);
        link.SetConnectionState(LinkConnectionState.Connected);
        link.SetChannelState(0, LinkChannelState.Open); // "reliable" open, the others not yet
        peer.TargetPeer = 1;
        Assert.Equal(MultiplayerError.Ok, peer.PutPacket([1]));
        peer.TransferMode = TransferMode.Unreliable;
        Assert.Equal(MultiplayerError.Unconfigured, peer.PutPacket([1])); // the channel's own result
        Finish();
    }

    [Fact]
    public void Transfer_channel_0_picks_the_reserved_channel_by_mode()
    {
        var (peer, links) = ConnectedMesh(1);
        peer.TargetPeer = 2;
        foreach (var mode in new[] { TransferMode.Reliable, TransferMode.UnreliableOrdered, TransferMode.Unreliable })
        {
            peer.TransferMode = mode;
            Assert.Equal(MultiplayerError.Ok, peer.PutPacket([1]));
        }
        Assert.Equal([0, 1, 2], SentChannels(links[0]));
        Finish();
    }

    [Fact]
    public void Transfer_channel_k_picks_extra_channel_k_whatever_the_mode()
    {
        var (peer, links) = ConnectedMesh(1, [TransferMode.Reliable, TransferMode.Unreliable]);
        peer.TargetPeer = 2;
        peer.TransferMode = TransferMode.Unreliable;
        peer.TransferChannel = 1;
        peer.PutPacket([1]);
        peer.TransferChannel = 2;
        peer.PutPacket([1]);
        Assert.Equal([3, 4], SentChannels(links[0]));
        Finish();
    }

    [Fact]
    public void Negative_transfer_channels_are_not_clamped_and_map_with_the_same_offset()
    {
        var (peer, links) = ConnectedMesh(1);
        peer.TargetPeer = 2;
        peer.TransferChannel = -1;
        Assert.Equal(MultiplayerError.Ok, peer.PutPacket([1]));
        peer.TransferChannel = -2;
        Assert.Equal(MultiplayerError.Ok, peer.PutPacket([1]));
        peer.TransferChannel = -3;
        Assert.Equal(MultiplayerError.InvalidParameter, peer.PutPacket([1]));
        Assert.Equal([1, 0], SentChannels(links[0]));
        Finish();
    }

    [Fact]
    public void A_single_target_must_be_in_the_table_but_need_not_be_connected()
    {
        var (peer, _) = ConnectedMesh(1);
        var pending = AddLink(peer, 7);
        pending.SetConnectionState(LinkConnectionState.Connecting);
        pending.SetConnectionState(LinkConnectionState.Connected);
        pending.SetChannelState(0, LinkChannelState.Open);
        peer.TargetPeer = 9;
        Assert.Equal(MultiplayerError.InvalidParameter, peer.PutPacket([1]));
        peer.TargetPeer = 7;
        Assert.Equal(MultiplayerError.Ok, peer.PutPacket([1]));
        Assert.Single(pending.Sent);
        Finish();
    }

    [Fact]
    public void A_single_target_without_the_channel_is_invalid()
    {
        var (peer, _) = ConnectedMesh(1);
        peer.TargetPeer = 2;
        peer.TransferChannel = 1; // no extra channels configured
        Assert.Equal(MultiplayerError.InvalidParameter, peer.PutPacket([1]));
        Finish();
    }

    [Fact]
    public void Broadcast_sends_to_every_peer_in_the_table_and_ignores_their_failures()
    {
        var (peer, links) = ConnectedMesh(2);
        var pending = AddLink(peer, 9); // not connected: its channel refuses, ignored
        peer.TargetPeer = WebRtcMultiplayerPeer.TargetPeerBroadcast;
        Assert.Equal(MultiplayerError.Ok, peer.PutPacket([1]));
        Assert.Single(links[0].Sent);
        Assert.Single(links[1].Sent);
        Assert.Empty(pending.Sent);
        Finish();
    }

    [Fact]
    public void A_negative_target_sends_to_everyone_but_that_peer()
    {
        var (peer, links) = ConnectedMesh(3);
        peer.TargetPeer = -3;
        Assert.Equal(MultiplayerError.Ok, peer.PutPacket([1]));
        Assert.Equal([1, 0, 1], links.Select(l => l.Sent.Count));
        Finish();
    }

    [Fact]
    public void Broadcast_skips_peers_that_lack_the_channel()
    {
        var peer = NewPeer();
        peer.CreateMesh(100);
        var small = AddLink(peer, 2);
        Connect(peer, 2, small);
        peer.CreateMesh(100, [TransferMode.Reliable]);
        var large = AddLink(peer, 3);
        Connect(peer, 3, large);
        peer.TransferChannel = 1;
        Assert.Equal(MultiplayerError.Ok, peer.PutPacket([1]));
        Assert.Empty(small.Sent);
        Assert.Equal([3], SentChannels(large));
        Finish();
    }

    [Fact]
    public async Task One_put_packet_is_one_message_with_the_same_bytes_in_the_raw_profile()
    {
        var (peer, links) = ConnectedMesh(1);
        byte[] packet = [0, 1, 2, 3, 255];
        peer.TargetPeer = 2;
        peer.PutPacket(packet);
        var (channel, data) = Assert.Single(links[0].Sent);
        Assert.Equal(0, channel);
        Assert.Equal(packet, data);
        Assert.Equal(1, (await peer.GetPeerStatisticsAsync(2))!.Value.PacketsSent);
        Finish();
    }
}
