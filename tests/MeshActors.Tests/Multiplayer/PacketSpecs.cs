using MeshActors.Multiplayer;
using MeshActors.Tests.Support;

namespace MeshActors.Tests.Multiplayer;

/// <summary>reference/godot.md §1.6, §1.7.</summary>
public class PacketSpecs : FacadeSpec
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

    [Fact]
    public void Packets_are_taken_round_robin_one_per_peer_in_table_order()
    {
        var (peer, links) = ConnectedMesh(3);
        links[0].Deliver(0, [0xA1]);
        links[0].Deliver(0, [0xA2]);
        links[0].Deliver(0, [0xA3]);
        links[1].Deliver(0, [0xB1]);
        links[2].Deliver(0, [0xC1]);
        links[2].Deliver(0, [0xC2]);
        peer.Poll();
        Assert.Equal(
            [(2, 0xA1), (3, 0xB1), (4, 0xC1), (2, 0xA2), (4, 0xC2), (2, 0xA3)],
            Drain(peer).Select(p => (p.Peer, (int)p.Data[0])));
        Finish();
    }

    [Fact]
    public void Within_a_peer_a_lower_channel_index_always_goes_first()
    {
        var (peer, links) = ConnectedMesh(1, [TransferMode.Reliable]);
        links[0].Deliver(3, [4]);
        links[0].Deliver(2, [3]);
        links[0].Deliver(1, [2]);
        links[0].Deliver(0, [1]);
        links[0].Deliver(0, [1]);
        peer.Poll();
        Assert.Equal([1, 1, 2, 3, 4], Drain(peer).Select(p => (int)p.Data[0]));
        Finish();
    }

    [Fact]
    public void Packets_from_a_peer_not_yet_connected_wait_until_it_is()
    {
        var peer = NewPeer();
        peer.CreateMesh(9);
        var link = AddLink(peer, 2);
        link.Deliver(0, [7]); // an early message, before the peer is seen connected
        peer.Poll();
        Assert.Equal(0, peer.GetAvailablePacketCount());
        Assert.Equal(1, peer.QueuedPacketCount(2));
        Connect(peer, 2, link);
        Assert.Equal([7], Assert.Single(Drain(peer)).Data);
        Finish();
    }

    [Fact]
    public void Available_count_is_zero_until_a_poll_finds_a_packet()
    {
        var (peer, links) = ConnectedMesh(1);
        Assert.Equal(0, peer.GetAvailablePacketCount());
        links[0].Deliver(0, [1]);
        Assert.Equal(0, peer.GetAvailablePacketCount()); // arrived after the last lookup found nothing
        peer.Poll();
        Assert.Equal(1, peer.GetAvailablePacketCount());
        Finish();
    }

    [Fact]
    public void Available_count_sums_every_channel_of_every_connected_peer()
    {
        var (peer, links) = ConnectedMesh(2);
        links[0].Deliver(0, [1]);
        links[0].Deliver(2, [1]);
        links[1].Deliver(1, [1]);
        peer.Poll();
        Assert.Equal(3, peer.GetAvailablePacketCount());
        Finish();
    }

    [Fact]
    public void Packet_metadata_describes_the_next_packet_and_moves_on_after_it_is_taken()
    {
        var (peer, links) = ConnectedMesh(2, [TransferMode.UnreliableOrdered, TransferMode.Unreliable]);
        links[0].Deliver(1, [1]); // "ordered"
        links[1].Deliver(4, [2]); // extra channel 2
        peer.Poll();
        Assert.Equal((2, 0, TransferMode.UnreliableOrdered), (peer.GetPacketPeer(), peer.GetPacketChannel(), peer.GetPacketMode()));
        Assert.Equal(MultiplayerError.Ok, peer.GetPacket(out var first));
        Assert.Equal([1], first.ToArray());
        Assert.Equal((3, 2, TransferMode.Unreliable), (peer.GetPacketPeer(), peer.GetPacketChannel(), peer.GetPacketMode()));
        Assert.True(peer.TryGetPacket(out var second));
        Assert.Equal([2], second.ToArray());
        Assert.Equal((0, 0), (peer.GetPacketPeer(), peer.GetPacketChannel()));
        Finish();
    }

    [Fact]
    public void Get_packet_with_nothing_pending_is_unavailable()
    {
        var (peer, _) = ConnectedMesh(1);
        Assert.Equal(MultiplayerError.Unavailable, peer.GetPacket(out var packet));
        Assert.True(packet.IsEmpty);
        Assert.False(peer.TryGetPacket(out _));
        Finish();
    }

    [Fact]
    public void Removing_the_pending_peer_makes_the_next_get_packet_unavailable_and_discards_its_packets()
    {
        var (peer, links) = ConnectedMesh(2);
        links[0].Deliver(0, [1]);
        links[1].Deliver(0, [2]);
        peer.Poll();
        Assert.Equal(2, peer.GetPacketPeer());
        peer.RemovePeer(2);
        Assert.Equal(MultiplayerError.Unavailable, peer.GetPacket(out _)); // it also looks the next one up
        Assert.Equal([2], Assert.Single(Drain(peer)).Data);
        Finish();
    }

    [Fact]
    public void Replacing_the_pending_peer_makes_the_next_get_packet_report_a_bug_as_godot_does()
    {
        var (peer, links) = ConnectedMesh(1);
        links[0].Deliver(0, [1]);
        peer.Poll();
        Assert.Equal(2, peer.GetPacketPeer());
        AddLink(peer, 2); // same id, silently replaced: the pending peer now has no packet
        Assert.Equal(MultiplayerError.Bug, peer.GetPacket(out _));
        Assert.Equal(MultiplayerError.Unavailable, peer.GetPacket(out _));
        Finish();
    }

    [Fact]
    public void A_peer_lost_in_poll_resets_the_pending_packet_and_its_queue_is_discarded()
    {
        var (peer, links) = ConnectedMesh(1);
        links[0].Deliver(0, [1]);
        peer.Poll();
        Assert.Equal(2, peer.GetPacketPeer());
        links[0].SetConnectionState(MeshActors.Peers.LinkConnectionState.Closed);
        PollUntil(peer, () => !peer.HasPeer(2));
        Assert.Equal(0, peer.GetPacketPeer());
        Assert.Equal(0, peer.GetAvailablePacketCount());
        Finish();
    }

    [Fact]
    public void A_taken_packet_stays_valid_until_the_next_get_packet()
    {
        var (peer, links) = ConnectedMesh(1);
        links[0].Deliver(0, [1, 2, 3]);
        links[0].Deliver(0, [4, 5, 6]);
        peer.Poll();
        peer.GetPacket(out var first);
        links[0].Deliver(0, [9, 9, 9]);
        Assert.Equal([1, 2, 3], first.ToArray());
        Finish();
    }

    [Fact]
    public async Task Packets_beyond_the_queue_limit_are_dropped_and_counted()
    {
        var peer = new WebRtcMultiplayerPeer(Sys, new WebRtcMultiplayerPeerOptions { MaxQueuedBytesPerChannel = 10 });
        peer.CreateMesh(9);
        var link = new FakePeerLink();
        Assert.Equal(MultiplayerError.Ok, peer.AddPeerLink(link, 2, 1));
        AwaitCondition(() => link.Started.IsCompleted, TimeSpan.FromSeconds(10));
        link.OpenAll();
        PollUntil(peer, () => peer.IsPeerConnected(2));
        link.Deliver(0, new byte[6]);
        link.Deliver(0, new byte[6]);
        link.Deliver(1, new byte[6]);
        peer.Poll();
        Assert.Equal(2, Drain(peer).Count);
        Assert.Equal(1, (await peer.GetPeerStatisticsAsync(2))!.Value.PacketsDropped);
        peer.Dispose();
        Finish();
    }
}
