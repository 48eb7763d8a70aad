using System.Text;
using MeshActors.Multiplayer;
using MeshActors.Tests.Support;
using MeshActors.WebRtc;
using MeshActors.WebRtc.DataChannels;

namespace MeshActors.Tests.EndToEnd;

/// <summary>The facade over the whole stack (ICE, DTLS, SCTP, data channels) on real UDP sockets on 127.0.0.1.</summary>
public class EndToEndSpecs : MeshSpec
{
    private readonly List<WebRtcMultiplayerPeer> _peers = [];

    private WebRtcMultiplayerPeer New(WireProfile profile = WireProfile.Raw, TimeSpan? connectTimeout = null)
    {
        var peer = new WebRtcMultiplayerPeer(Sys, new WebRtcMultiplayerPeerOptions { WireProfile = profile, ConnectTimeout = connectTimeout });
        _peers.Add(peer);
        return peer;
    }

    private async Task FinishAsync()
    {
        foreach (var peer in _peers)
        {
            await peer.DisposeAsync();
        }
        AssertClean();
    }

    private async Task<(int From, string Text)> ReceiveAsync(WebRtcMultiplayerPeer peer)
    {
        await RealStack.PollUntilAsync(_peers, () => peer.GetAvailablePacketCount() > 0, what: "a packet");
        var from = peer.GetPacketPeer();
        Assert.Equal(MultiplayerError.Ok, peer.GetPacket(out var data));
        return (from, Encoding.UTF8.GetString(data));
    }

    private static MultiplayerError Send(WebRtcMultiplayerPeer peer, int target, string text)
    {
        peer.TargetPeer = target;
        return peer.PutPacket(Encoding.UTF8.GetBytes(text));
    }

    [Fact]
    public async Task Godots_three_negotiated_channels_are_created_with_the_unreliable_lifetime_and_connect()
    {
        var a = New();
        var b = New();
        a.CreateMesh(2, [TransferMode.Unreliable]);
        b.CreateMesh(3, [TransferMode.Unreliable]);
        await RealStack.LinkAsync(a, 2, b, 3, unreliableLifetime: 40);
        await RealStack.PollUntilAsync(_peers, () => a.IsPeerConnected(3) && b.IsPeerConnected(2), what: "both connected");
        var channels = a.GetPeer(3)!.Channels;
        Assert.Equal(
            ["reliable 1 True  True", "ordered 2 True 40 True", "unreliable 3 False 40 True", "4 4 False 1 True"],
            channels.Select(c => $"{c.Label} {c.Id} {c.Ordered} {c.MaxPacketLifeTime} {c.Negotiated}"));
        Assert.All(channels, c => Assert.Equal(RtcDataChannelState.Open, c.ReadyState));
        Assert.True(a.GetPeer(3)!.Connected);
        await FinishAsync();
    }

    [Fact]
    public async Task A_server_relays_for_three_clients_in_the_scene_multiplayer_profile_one_to_one_broadcast_and_all_but()
    {
        var server = New(WireProfile.SceneMultiplayer);
        server.CreateServer();
        var clients = new Dictionary<int, WebRtcMultiplayerPeer>();
        foreach (var id in new[] { 2, 3, 4 })
        {
            clients[id] = New(WireProfile.SceneMultiplayer);
            clients[id].CreateClient(id);
            await RealStack.LinkAsync(server, 1, clients[id], id);
        }
        await RealStack.PollUntilAsync(_peers, () => clients.Values.All(c => c.ConnectionStatus == ConnectionStatus.Connected && c.GetRelayedPeerIds().Count == 2), what: "peer exchange");

        Assert.Equal(MultiplayerError.Ok, Send(clients[2], 3, "to three"));
        Assert.Equal((2, "to three"), await ReceiveAsync(clients[3]));

        Send(clients[2], 0, "to all");
        Assert.Equal((2, "to all"), await ReceiveAsync(clients[3]));
        Assert.Equal((2, "to all"), await ReceiveAsync(clients[4]));
        Assert.Equal((2, "to all"), await ReceiveAsync(server));

        Send(clients[2], -3, "not three");
        Assert.Equal((2, "not three"), await ReceiveAsync(clients[4]));
        Assert.Equal((2, "not three"), await ReceiveAsync(server));
        Send(clients[2], 3, "marker"); // same reliable channel, so it arrives after anything sent before it
        Assert.Equal((2, "marker"), await ReceiveAsync(clients[3]));
        Assert.True(server.RelayStatistics.RelayedPackets >= 5);
        await FinishAsync();
    }

    [Fact]
    public async Task Eight_peers_form_a_full_mesh_and_everyone_hears_everyone()
    {
        const int count = 8;
        var peers = Enumerable.Range(1, count).Select(id =>
        {
            var peer = New();
            peer.CreateMesh(id);
            return peer;
        }).ToArray();
        for (var i = 0; i < count; i++)
        {
            for (var j = i + 1; j < count; j++)
            {
                await RealStack.LinkAsync(peers[i], i + 1, peers[j], j + 1);
            }
        }
        await RealStack.PollUntilAsync(_peers, () => peers.All(p => p.GetPeerIds().All(p.IsPeerConnected) && p.GetPeerIds().Count == count - 1),
            TimeSpan.FromSeconds(60), "full mesh");
        for (var i = 0; i < count; i++)
        {
            Send(peers[i], 0, $"from {i + 1}");
        }
        for (var i = 0; i < count; i++)
        {
            var heard = new HashSet<int>();
            while (heard.Count < count - 1)
            {
                var (from, text) = await ReceiveAsync(peers[i]);
                Assert.Equal($"from {from}", text);
                Assert.True(heard.Add(from));
            }
        }
        await FinishAsync();
    }

    [Fact]
    public async Task A_peer_that_disconnects_mid_stream_is_reported_and_the_others_carry_on()
    {
        var a = New();
        var b = New();
        var c = New();
        a.CreateMesh(1);
        b.CreateMesh(2);
        c.CreateMesh(3);
        var (ab, _) = await RealStack.LinkAsync(a, 1, b, 2);
        await RealStack.LinkAsync(a, 1, c, 3);
        await RealStack.LinkAsync(b, 2, c, 3);
        await RealStack.PollUntilAsync(_peers, () => a.GetPeerIds().All(a.IsPeerConnected) && b.GetPeerIds().All(b.IsPeerConnected) && c.GetPeerIds().All(c.IsPeerConnected) && a.GetPeerIds().Count == 2, what: "three connected");
        var disconnected = new List<int>();
        b.PeerDisconnected += (_, e) => disconnected.Add(e.PeerId);
        var received = new List<int>();
        var sent = 0;
        var closed = false;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!disconnected.Contains(1))
        {
            Assert.True(DateTime.UtcNow < deadline, "b never saw a leave");
            if (!closed)
            {
                Send(a, 2, sent.ToString(System.Globalization.CultureInfo.InvariantCulture));
                sent++;
                if (received.Count >= 50)
                {
                    ab.Close(); // a's end goes away in the middle of the stream
                    closed = true;
                }
            }
            b.Poll();
            while (b.GetAvailablePacketCount() > 0 && b.GetPacketPeer() == 1 && b.GetPacket(out var data) == MultiplayerError.Ok)
            {
                received.Add(int.Parse(Encoding.UTF8.GetString(data), System.Globalization.CultureInfo.InvariantCulture));
            }
            await Task.Delay(1);
        }
        Assert.InRange(received.Count, 50, sent);
        Assert.Equal(Enumerable.Range(0, received.Count), received); // an in-order prefix, no gap
        // a closed its own connection (W3C close() raises no event): a notices at its next state check.
        await RealStack.PollUntilAsync(_peers, () => !a.HasPeer(2), what: "a drops b");
        Assert.False(b.HasPeer(1));
        Send(c, 2, "still here");
        Assert.Equal((3, "still here"), await ReceiveAsync(b));
        await FinishAsync();
    }

    [Fact]
    public async Task A_peer_that_never_connects_fails_at_the_connect_timeout_without_events_and_its_connection_is_closed()
    {
        var peer = New(connectTimeout: TimeSpan.FromMilliseconds(300));
        peer.CreateClient(5);
        var events = 0;
        peer.PeerConnected += (_, _) => events++;
        peer.PeerDisconnected += (_, _) => events++;
        var connection = new RtcPeerConnection(RealStack.Loopback);
        Assert.Equal(MultiplayerError.Ok, peer.AddPeer(connection, 1));
        await connection.SetLocalDescriptionAsync(); // an offer nobody answers
        await RealStack.PollUntilAsync(_peers, () => !peer.HasPeer(1), TimeSpan.FromSeconds(10), "timeout");
        Assert.Equal(0, events);
        Assert.Equal(ConnectionStatus.Connecting, peer.ConnectionStatus); // as Godot: no failure status from this class
        Assert.Equal(RtcPeerConnectionState.Closed, connection.ConnectionState);
        await FinishAsync();
    }

    [Fact]
    public async Task Statistics_come_from_the_stack_once_packets_flowed()
    {
        var a = New();
        var b = New();
        a.CreateMesh(2);
        b.CreateMesh(3);
        await RealStack.LinkAsync(a, 2, b, 3);
        await RealStack.PollUntilAsync(_peers, () => a.IsPeerConnected(3) && b.IsPeerConnected(2), what: "both connected");
        for (var i = 0; i < 10; i++)
        {
            Send(a, 3, "ping");
            Assert.Equal((2, "ping"), await ReceiveAsync(b));
        }
        PeerStatistics? statistics = null;
        await RealStack.PollUntilAsync(_peers, () =>
        {
            statistics = a.GetPeerStatisticsAsync(3).GetAwaiter().GetResult();
            return statistics?.RoundTripTime is not null;
        }, what: "an SCTP round-trip time");
        Assert.Equal((10L, 40L), (statistics!.Value.PacketsSent, statistics.Value.BytesSent));
        Assert.InRange(statistics.Value.RoundTripTime!.Value, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.Equal((10L, 40L), ((await b.GetPeerStatisticsAsync(2))!.Value.PacketsReceived, (await b.GetPeerStatisticsAsync(2))!.Value.BytesReceived));
        await FinishAsync();
    }

    [Fact]
    public async Task Only_a_new_connection_can_be_added()
    {
        var peer = New();
        peer.CreateMesh(2);
        var closed = new RtcPeerConnection(RealStack.Loopback);
        closed.Close();
        Assert.Equal(MultiplayerError.InvalidParameter, peer.AddPeer(closed, 3));
        Assert.Throws<ArgumentNullException>(() => peer.AddPeer(null!, 3));
        await FinishAsync();
    }

    [Fact]
    public async Task A_connection_whose_channel_cannot_be_created_fails_and_keeps_nothing()
    {
        var peer = New();
        peer.CreateMesh(2);
        var connection = new RtcPeerConnection(RealStack.Loopback);
        var taken = connection.CreateDataChannel("mine", new RtcDataChannelInit { Negotiated = true, Id = 2 }); // Godot's "ordered" id
        Assert.Equal(MultiplayerError.Failed, peer.AddPeer(connection, 3));
        Assert.False(peer.HasPeer(3));
        Assert.Equal(RtcDataChannelState.Connecting, taken.ReadyState); // the caller's own channel is left alone
        await connection.DisposeAsync();
        await FinishAsync();
    }
}
