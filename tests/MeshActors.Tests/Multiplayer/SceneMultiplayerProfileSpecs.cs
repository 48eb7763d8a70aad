using MeshActors.Multiplayer;
using MeshActors.Peers;
using MeshActors.Relay;
using MeshActors.Tests.Support;

namespace MeshActors.Tests.Multiplayer;

/// <summary>reference/godot.md §4: RAW framing, peer exchange and relay, byte for byte, over paired doubles.</summary>
public class SceneMultiplayerProfileSpecs : FacadeSpec
{
    private sealed record Client(int Id, WebRtcMultiplayerPeer Peer, FakePeerLink ServerSide, FakePeerLink ClientSide, List<string> Log);

    private WebRtcMultiplayerPeer _server = null!;
    private List<string> _serverLog = null!;
    private readonly Dictionary<int, Client> _clients = [];

    private void StartServer(IReadOnlyList<TransferMode>? extras = null)
    {
        _server = NewPeer(WireProfile.SceneMultiplayer);
        _server.CreateServer(extras);
        _serverLog = Record(_server);
    }

    private Client Join(int id, IReadOnlyList<TransferMode>? extras = null)
    {
        var client = NewPeer(WireProfile.SceneMultiplayer);
        client.CreateClient(id, extras);
        var (serverSide, clientSide) = FakePeerLink.Pair($"server→{id}", $"{id}→server");
        AddLink(_server, id, link: serverSide);
        AddLink(client, 1, link: clientSide);
        var joined = new Client(id, client, serverSide, clientSide, Record(client));
        _clients[id] = joined;
        clientSide.OpenAll();
        serverSide.OpenAll();
        PollUntil(client, () => client.ConnectionStatus == ConnectionStatus.Connected);
        PollUntil(_server, () => _server.IsPeerConnected(id));
        return joined;
    }

    /// <summary>Polls every facade until each known client knows every other one.</summary>
    private void SettleExchange()
    {
        foreach (var client in _clients.Values)
        {
            var others = _clients.Keys.Where(k => k != client.Id).Order().ToArray();
            PollUntil(client.Peer, () => client.Peer.GetRelayedPeerIds().Order().SequenceEqual(others));
        }
    }

    private static (int Peer, SceneCommand Command, byte[] Data) Take(WebRtcMultiplayerPeer peer)
    {
        AwaitConditionStatic(peer);
        var from = peer.GetPacketPeer();
        var command = peer.GetPacketCommand();
        Assert.Equal(MultiplayerError.Ok, peer.GetPacket(out var data));
        return (from, command, data.ToArray());
    }

    private static void AwaitConditionStatic(WebRtcMultiplayerPeer peer)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            peer.Poll();
            if (peer.GetAvailablePacketCount() > 0)
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, "no packet arrived");
            Thread.Yield();
        }
    }

    private static byte[] Last(FakePeerLink link) => link.Sent.Last().Data;

    [Fact]
    public void User_bytes_travel_as_raw_packets_and_arrive_without_their_command_byte()
    {
        StartServer();
        var c2 = Join(2);
        c2.Peer.TargetPeer = 1;
        Assert.Equal(MultiplayerError.Ok, c2.Peer.PutPacket([0xAB, 0xCD]));
        Assert.Equal(new byte[] { 0x03, 0xAB, 0xCD }, Last(c2.ClientSide));
        Assert.Equal(Show(2, SceneCommand.Raw, new byte[] { 0xAB, 0xCD }), Normalize(Take(_server)));
        Finish();
    }

    [Fact]
    public void The_server_sends_add_peer_both_ways_when_it_admits_a_client()
    {
        StartServer();
        var c2 = Join(2);
        var c3 = Join(3);
        SettleExchange();
        Assert.Contains(c2.ServerSide.Sent, s => s.Channel == 0 && s.Data.SequenceEqual(new byte[] { 7, 1, 3, 0, 0, 0 }));
        Assert.Contains(c3.ServerSide.Sent, s => s.Channel == 0 && s.Data.SequenceEqual(new byte[] { 7, 1, 2, 0, 0, 0 }));
        Assert.Equal(["+1", "+3"], c2.Log);
        Assert.Equal(["+1", "+2"], c3.Log);
        Finish();
    }

    [Fact]
    public void The_server_sends_del_peer_to_the_others_when_a_client_leaves()
    {
        StartServer();
        var c2 = Join(2);
        var c3 = Join(3);
        SettleExchange();
        c3.ServerSide.SetConnectionState(LinkConnectionState.Closed);
        PollUntil(c2.Peer, () => c2.Peer.GetRelayedPeerIds().Count == 0);
        Assert.Equal(new byte[] { 7, 2, 3, 0, 0, 0 }, Last(c2.ServerSide));
        Assert.Equal(["+1", "+3", "-3"], c2.Log);
        Finish();
    }

    [Fact]
    public void A_client_sends_to_another_client_as_relay_through_the_server_which_rewraps_it_with_the_source()
    {
        StartServer();
        var c2 = Join(2);
        var c3 = Join(3);
        SettleExchange();
        c2.Peer.TargetPeer = 3;
        Assert.Equal(MultiplayerError.Ok, c2.Peer.PutPacket([0x55]));
        Assert.Equal(new byte[] { 7, 3, 3, 0, 0, 0, 3, 0x55 }, Last(c2.ClientSide));
        Assert.Equal(Show(2, SceneCommand.Raw, new byte[] { 0x55 }), Normalize(Take(c3.Peer)));
        Assert.Equal(new byte[] { 7, 3, 2, 0, 0, 0, 3, 0x55 }, Last(c3.ServerSide));
        Assert.Equal(0, _server.GetAvailablePacketCount());
        Finish();
    }

    [Fact]
    public void A_relay_keeps_the_transfer_mode_and_the_extra_channel_hop_to_hop()
    {
        StartServer([TransferMode.Unreliable]);
        var c2 = Join(2, [TransferMode.Unreliable]);
        var c3 = Join(3, [TransferMode.Unreliable]);
        SettleExchange();
        c2.Peer.TargetPeer = 3;
        c2.Peer.TransferMode = TransferMode.UnreliableOrdered;
        c2.Peer.PutPacket([1]);
        AwaitConditionStatic(c3.Peer);
        Assert.Equal((0, TransferMode.UnreliableOrdered), (c3.Peer.GetPacketChannel(), c3.Peer.GetPacketMode()));
        Take(c3.Peer);
        c2.Peer.TransferChannel = 1;
        c2.Peer.PutPacket([2]);
        AwaitConditionStatic(c3.Peer);
        Assert.Equal((1, TransferMode.Unreliable), (c3.Peer.GetPacketChannel(), c3.Peer.GetPacketMode()));
        Assert.Equal(3, c3.ServerSide.Sent.Last().Channel);
        Finish();
    }

    [Fact]
    public void A_client_broadcast_reaches_every_other_client_and_the_server()
    {
        StartServer();
        var c2 = Join(2);
        var c3 = Join(3);
        var c4 = Join(4);
        SettleExchange();
        c2.Peer.TargetPeer = 0;
        c2.Peer.PutPacket([9]);
        Assert.Equal(new byte[] { 7, 3, 0, 0, 0, 0, 3, 9 }, Last(c2.ClientSide));
        Assert.Equal(Show(2, SceneCommand.Raw, new byte[] { 9 }), Normalize(Take(c3.Peer)));
        Assert.Equal(Show(2, SceneCommand.Raw, new byte[] { 9 }), Normalize(Take(c4.Peer)));
        Assert.Equal(Show(2, SceneCommand.Raw, new byte[] { 9 }), Normalize(Take(_server)));
        Assert.DoesNotContain(c2.ServerSide.Sent, s => s.Data[0] == 7 && s.Data[1] == 3); // not echoed to the sender
        Finish();
    }

    [Fact]
    public void All_but_one_skips_the_excluded_client_and_the_server_still_processes_it()
    {
        StartServer();
        var c2 = Join(2);
        var c3 = Join(3);
        var c4 = Join(4);
        SettleExchange();
        c2.Peer.TargetPeer = -3;
        c2.Peer.PutPacket([8]);
        Assert.Equal(Show(2, SceneCommand.Raw, new byte[] { 8 }), Normalize(Take(c4.Peer)));
        Assert.Equal(Show(2, SceneCommand.Raw, new byte[] { 8 }), Normalize(Take(_server)));
        c3.Peer.Poll();
        Assert.Equal(0, c3.Peer.GetAvailablePacketCount());
        Assert.DoesNotContain(c3.ServerSide.Sent, s => s.Data[0] == 7 && s.Data[1] == 3);
        Finish();
    }

    [Fact]
    public void All_but_the_server_is_relayed_to_the_clients_and_not_processed_by_the_server()
    {
        StartServer();
        var c2 = Join(2);
        var c3 = Join(3);
        SettleExchange();
        c2.Peer.TargetPeer = -1;
        c2.Peer.PutPacket([7]);
        Assert.Equal(Show(2, SceneCommand.Raw, new byte[] { 7 }), Normalize(Take(c3.Peer)));
        _server.Poll();
        Assert.Equal(0, _server.GetAvailablePacketCount());
        Finish();
    }

    [Fact]
    public void A_relay_to_an_unknown_target_is_dropped_silently_and_counted()
    {
        StartServer();
        var c2 = Join(2);
        c2.ServerSide.Deliver(0, [7, 3, 9, 0, 0, 0, 3, 1]);
        Assert.Equal(new RelayStatistics(0, 1), _server.RelayStatistics);
        Finish();
    }

    [Fact]
    public void A_client_cannot_target_a_peer_the_server_did_not_announce()
    {
        StartServer();
        var c2 = Join(2);
        c2.Peer.TargetPeer = 3;
        Assert.Equal(MultiplayerError.InvalidParameter, c2.Peer.PutPacket([1]));
        Finish();
    }

    [Fact]
    public void Other_commands_are_relayed_untouched_and_handed_over_with_their_command_byte()
    {
        StartServer();
        var c2 = Join(2);
        var c3 = Join(3);
        SettleExchange();
        byte[] remoteCall = [0x00, 0x11, 0x22, 0x33];
        c2.ServerSide.Deliver(0, [7, 3, 3, 0, 0, 0, .. remoteCall]); // as Godot's client would send an RPC for 3
        Assert.Equal(Show(2, SceneCommand.RemoteCall, remoteCall), Normalize(Take(c3.Peer)));
        Assert.Equal([7, 3, 2, 0, 0, 0, .. remoteCall], Last(c3.ServerSide));
        Finish();
    }

    [Fact]
    public void Auth_packets_reach_the_application_and_are_never_relayed()
    {
        StartServer();
        var c2 = Join(2);
        c2.ServerSide.Deliver(0, [7, 0, 0x42]);
        Assert.Equal(Show(2, SceneCommand.Sys, new byte[] { 7, 0, 0x42 }), Normalize(Take(_server)));
        Finish();
    }

    [Fact]
    public void Peer_exchange_and_relay_from_anyone_but_peer_1_are_dropped_on_a_server()
    {
        StartServer();
        var c2 = Join(2);
        c2.ServerSide.Deliver(0, [7, 1, 5, 0, 0, 0]); // ADD_PEER from a client
        c2.ServerSide.Deliver(0, [3]); // RAW without payload
        c2.ServerSide.Deliver(0, []); // empty
        Assert.Equal(3, _server.RelayStatistics.DroppedPackets);
        _server.Poll();
        Assert.Equal(0, _server.GetAvailablePacketCount());
        Finish();
    }

    [Fact]
    public void Announcements_that_arrive_before_the_server_is_connected_wait_for_it()
    {
        var client = NewPeer(WireProfile.SceneMultiplayer);
        client.CreateClient(2);
        var log = Record(client);
        var link = AddLink(client, 1);
        link.SetConnectionState(LinkConnectionState.Connecting);
        link.SetConnectionState(LinkConnectionState.Connected);
        link.SetChannelState(0, LinkChannelState.Open);
        link.Deliver(0, [7, 1, 3, 0, 0, 0]); // ADD_PEER(3) on "reliable" before the other channels opened
        WaitForPendingEvents(client, 1);
        client.Poll();
        Assert.Empty(log);
        link.SetChannelState(1, LinkChannelState.Open);
        link.SetChannelState(2, LinkChannelState.Open);
        PollUntil(client, () => log.Count == 2);
        Assert.Equal(["+1", "+3"], log);
        Assert.Equal([3], client.GetRelayedPeerIds());
        Finish();
    }

    [Fact]
    public void A_client_loses_its_relayed_peers_with_its_server()
    {
        StartServer();
        var c2 = Join(2);
        Join(3);
        SettleExchange();
        c2.ClientSide.SetConnectionState(LinkConnectionState.Failed);
        PollUntil(c2.Peer, () => c2.Peer.ConnectionStatus == ConnectionStatus.Disconnected);
        Assert.Equal(["+1", "+3", "-3", "-1"], c2.Log);
        Assert.Empty(c2.Peer.GetRelayedPeerIds());
        Finish();
    }

    [Fact]
    public void A_relayed_packet_from_a_client_the_server_has_not_admitted_is_dropped()
    {
        StartServer();
        var c2 = Join(2);
        var (serverSide, _) = FakePeerLink.Pair();
        AddLink(_server, 5, link: serverSide); // never connected, so never admitted
        serverSide.SetConnectionState(LinkConnectionState.Connecting);
        serverSide.SetConnectionState(LinkConnectionState.Connected);
        serverSide.SetChannelState(0, LinkChannelState.Open);
        serverSide.Deliver(0, [7, 3, 2, 0, 0, 0, 3, 1]);
        Assert.Equal(1, _server.RelayStatistics.DroppedPackets);
        Assert.DoesNotContain(c2.ServerSide.Sent, s => s.Data[0] == 7 && s.Data[1] == 3);
        Finish();
    }

    [Fact]
    public void Mesh_peers_in_the_profile_frame_user_bytes_as_raw_and_relay_nothing()
    {
        var a = NewPeer(WireProfile.SceneMultiplayer);
        var b = NewPeer(WireProfile.SceneMultiplayer);
        a.CreateMesh(2);
        b.CreateMesh(3);
        var (ab, ba) = FakePeerLink.Pair();
        AddLink(a, 3, link: ab);
        AddLink(b, 2, link: ba);
        ab.OpenAll();
        ba.OpenAll();
        PollUntil(a, () => a.IsPeerConnected(3));
        PollUntil(b, () => b.IsPeerConnected(2));
        a.TargetPeer = 3;
        a.PutPacket([4, 5]);
        Assert.Equal(new byte[] { 3, 4, 5 }, Last(ab));
        Assert.Equal(Show(2, SceneCommand.Raw, new byte[] { 4, 5 }), Normalize(Take(b)));
        ab.Deliver(0, [7, 3, 0, 0, 0, 0, 3, 1]); // a RELAY arriving at a mesh peer
        Assert.Equal(1, a.RelayStatistics.DroppedPackets);
        Finish();
    }

    private static string Normalize((int Peer, SceneCommand Command, byte[] Data) packet) => Show(packet.Peer, packet.Command, packet.Data);

    private static string Show(int peer, SceneCommand command, byte[] data) => $"from {peer}, {command}, {Convert.ToHexString(data)}";
}
