using MeshActors.Multiplayer;
using MeshActors.Tests.Support;

namespace MeshActors.Tests.Multiplayer;

/// <summary>reference/godot.md §1.9 and §2.</summary>
public class IdentitySpecs : FacadeSpec
{
    [Fact]
    public void Unique_id_while_disconnected_is_a_programming_error()
    {
        var peer = NewPeer();
        var error = Assert.Throws<InvalidOperationException>(() => peer.UniqueId);
        Assert.Contains("CreateServer", error.Message);
        peer.CreateServer();
        peer.Close();
        Assert.Throws<InvalidOperationException>(() => peer.UniqueId);
        Finish();
    }

    [Fact]
    public void Is_server_means_id_1_so_a_mesh_peer_with_id_1_is_a_server()
    {
        var peer = NewPeer();
        peer.CreateMesh(1);
        Assert.True(peer.IsServer);
        peer.CreateClient(2);
        Assert.False(peer.IsServer);
        Finish();
    }

    [Fact]
    public void Server_relay_is_supported_in_server_and_client_modes_only()
    {
        var peer = NewPeer();
        Assert.False(peer.IsServerRelaySupported);
        peer.CreateServer();
        Assert.True(peer.IsServerRelaySupported);
        peer.CreateClient(3);
        Assert.True(peer.IsServerRelaySupported);
        peer.CreateMesh(3);
        Assert.False(peer.IsServerRelaySupported);
        Finish();
    }

    [Fact]
    public void Max_packet_size_is_1200_and_not_enforced()
    {
        var peer = NewPeer();
        peer.CreateMesh(3);
        var link = AddLink(peer, 2);
        Connect(peer, 2, link);
        Assert.Equal(1200, peer.MaxPacketSize);
        peer.TargetPeer = 2;
        Assert.Equal(MultiplayerError.Ok, peer.PutPacket(new byte[5000]));
        Finish();
    }

    [Fact]
    public void Refusing_new_connections_only_affects_add_peer()
    {
        var peer = NewPeer();
        peer.CreateMesh(3);
        var link = AddLink(peer, 2);
        peer.RefuseNewConnections = true;
        Connect(peer, 2, link);
        peer.TargetPeer = 2;
        Assert.Equal(MultiplayerError.Ok, peer.PutPacket([1]));
        Assert.Equal(MultiplayerError.Unauthorized, peer.AddPeerLink(new FakePeerLink(), 4, 1));
        Finish();
    }

    [Fact]
    public void Generated_ids_are_between_2_and_int_max()
    {
        for (var i = 0; i < 1000; i++)
        {
            Assert.InRange(WebRtcMultiplayerPeer.GenerateUniqueId(), 2, int.MaxValue);
        }
    }

    [Fact]
    public void Transfer_mode_is_reliable_and_target_and_channel_are_0_by_default()
    {
        var peer = NewPeer();
        Assert.Equal((TransferMode.Reliable, 0, 0), (peer.TransferMode, peer.TargetPeer, peer.TransferChannel));
        Assert.Equal((0, 1, 2), ((int)TransferMode.Unreliable, (int)TransferMode.UnreliableOrdered, (int)TransferMode.Reliable));
        Assert.Throws<ArgumentOutOfRangeException>(() => peer.TransferMode = (TransferMode)3);
        Finish();
    }

    [Fact]
    public async Task Statistics_count_what_was_sent_and_received_and_report_the_stacks_rtt()
    {
        var peer = NewPeer();
        peer.CreateMesh(3);
        var link = AddLink(peer, 2);
        link.Statistics = new MeshActors.Peers.LinkStatistics(TimeSpan.FromMilliseconds(12), 4, 0, 0, 0, 0);
        Connect(peer, 2, link);
        peer.TargetPeer = 2;
        peer.PutPacket([1, 2, 3]);
        link.Deliver(0, [1, 2]);
        var statistics = (await peer.GetPeerStatisticsAsync(2))!.Value;
        Assert.Equal((TimeSpan.FromMilliseconds(12), 1L, 3L, 1L, 2L, 4L), (statistics.RoundTripTime!.Value, statistics.PacketsSent, statistics.BytesSent, statistics.PacketsReceived, statistics.BytesReceived, statistics.Retransmissions));
        Assert.Null(await peer.GetPeerStatisticsAsync(9));
        Finish();
    }
}
