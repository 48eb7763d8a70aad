using MeshActors.Signaling;
using MeshHost.Tests.Signaling;

namespace MeshHost.Tests.Cluster;

/// <summary>
/// The webrtc_signaling protocol across a three-node cluster: real WebSocket clients connected to different nodes
/// share lobbies that live on one node.
/// </summary>
public sealed class ClusterSignalingTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task Health_of_every_node_reports_it_up_with_all_three_members_and_none_unreachable()
    {
        using var http = new HttpClient();
        foreach (var node in cluster.Nodes)
        {
            var response = await http.GetAsync(new Uri(node.HttpUri, "/healthz"));
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("ok", json.RootElement.GetProperty("status").GetString());
            var members = json.RootElement.GetProperty("cluster");
            Assert.Equal("Up", members.GetProperty("self").GetString());
            Assert.Equal(3, members.GetProperty("members").GetInt32());
            Assert.Equal(0, members.GetProperty("unreachable").GetInt32());
        }
    }

    [Fact]
    public async Task A_mesh_lobby_created_on_one_node_is_joined_from_two_other_nodes_with_the_full_join_sequence()
    {
        var (host, hostId, lobby) = await SignalingTestClient.JoinAsync(cluster.A.SignalingUri, "", mesh: true);
        await using var _ = host;
        Assert.Equal(1, hostId);
        Assert.Matches("^[A-Za-z0-9]{16}$", lobby);
        Assert.StartsWith(ClusterFixture.TokenOf(cluster.A), lobby, StringComparison.Ordinal);

        var bPeers = new List<int>();
        var (b, bId, bLobby) = await SignalingTestClient.JoinAsync(cluster.B.SignalingUri, lobby, mesh: true, bPeers);
        await using var __ = b;
        Assert.Equal(lobby, bLobby);
        Assert.Equal([1], bPeers);
        Assert.Equal(new SignalingMessage(SignalingMessageType.PeerConnect, bId, ""), await host.ReceiveAsync());

        // The third member, on the third node: ID (mesh flag), every member in join order, then JOIN.
        await using var c = await SignalingTestClient.ConnectAsync(cluster.C.SignalingUri);
        await c.SendAsync(SignalingMessageType.Join, 0, lobby);
        var cId = await c.ReceiveAsync();
        Assert.Equal(SignalingMessageType.Id, cId.Type);
        Assert.Equal("true", cId.Data);
        Assert.InRange(cId.Id, 2, int.MaxValue);
        Assert.NotEqual(bId, cId.Id);
        Assert.Equal(new SignalingMessage(SignalingMessageType.PeerConnect, 1, ""), await c.ReceiveAsync());
        Assert.Equal(new SignalingMessage(SignalingMessageType.PeerConnect, bId, ""), await c.ReceiveAsync());
        Assert.Equal(new SignalingMessage(SignalingMessageType.Join, 0, lobby), await c.ReceiveAsync());
        Assert.Equal(new SignalingMessage(SignalingMessageType.PeerConnect, cId.Id, ""), await host.ReceiveAsync());
        Assert.Equal(new SignalingMessage(SignalingMessageType.PeerConnect, cId.Id, ""), await b.ReceiveAsync());
    }

    [Fact]
    public async Task Offer_answer_and_candidate_cross_nodes_with_the_sender_id_and_destination_1_is_the_host()
    {
        var (host, _, lobby) = await SignalingTestClient.JoinAsync(cluster.B.SignalingUri, "", mesh: true);
        await using var _h = host;
        var (a, aId, _) = await SignalingTestClient.JoinAsync(cluster.A.SignalingUri, lobby, mesh: true);
        await using var _a = a;
        Assert.Equal(new SignalingMessage(SignalingMessageType.PeerConnect, aId, ""), await host.ReceiveAsync());
        var (c, cId, _) = await SignalingTestClient.JoinAsync(cluster.C.SignalingUri, lobby, mesh: true);
        await using var _c = c;
        Assert.Equal(new SignalingMessage(SignalingMessageType.PeerConnect, cId, ""), await host.ReceiveAsync());
        Assert.Equal(new SignalingMessage(SignalingMessageType.PeerConnect, cId, ""), await a.ReceiveAsync());

        // A (node A) offers to the host (node B), addressing it as 1; the host sees A's id.
        const string offer = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n";
        await a.SendAsync(SignalingMessageType.Offer, 1, offer);
        Assert.Equal(new SignalingMessage(SignalingMessageType.Offer, aId, offer), await host.ReceiveAsync());
        // The host answers to A's real id; A sees it from 1.
        await host.SendAsync(SignalingMessageType.Answer, aId, "answer sdp");
        Assert.Equal(new SignalingMessage(SignalingMessageType.Answer, 1, "answer sdp"), await a.ReceiveAsync());
        // C (node C) sends a candidate to A (node A); A sees C's id; the data is untouched.
        const string candidate = "\n0\n0\ncandidate:1 1 udp 2122260223 127.0.0.1 50000 typ host";
        await c.SendAsync(SignalingMessageType.Candidate, aId, candidate);
        Assert.Equal(new SignalingMessage(SignalingMessageType.Candidate, cId, candidate), await a.ReceiveAsync());
    }

    [Fact]
    public async Task In_a_client_server_lobby_a_client_on_another_node_may_reach_only_the_host()
    {
        var (host, _, lobby) = await SignalingTestClient.JoinAsync(cluster.C.SignalingUri, "", mesh: false);
        await using var _h = host;
        var bPeers = new List<int>();
        var (b, bId, _) = await SignalingTestClient.JoinAsync(cluster.B.SignalingUri, lobby, mesh: false, bPeers);
        await using var _b = b;
        var aPeers = new List<int>();
        var (a, aId, _) = await SignalingTestClient.JoinAsync(cluster.A.SignalingUri, lobby, mesh: false, aPeers);
        await using var _a = a;
        Assert.Equal([1], bPeers);
        Assert.Equal([1], aPeers);

        await b.SendAsync(SignalingMessageType.Offer, 1, "to the host");
        Assert.Equal(new SignalingMessage(SignalingMessageType.PeerConnect, bId, ""), await host.ReceiveAsync());
        Assert.Equal(new SignalingMessage(SignalingMessageType.PeerConnect, aId, ""), await host.ReceiveAsync());
        Assert.Equal(new SignalingMessage(SignalingMessageType.Offer, bId, "to the host"), await host.ReceiveAsync());

        await b.SendAsync(SignalingMessageType.Offer, aId, "to another client");
        Assert.Equal((4000, SignalingCloseCodes.InvalidDestination), await b.ExpectCloseAsync());
        // b leaving (closed by its node) is announced to the host only.
        Assert.Equal(new SignalingMessage(SignalingMessageType.PeerDisconnect, bId, ""), await host.ReceiveAsync());
    }

    [Fact]
    public async Task Seal_from_the_host_reaches_every_node_refuses_joins_and_closes_members_after_the_seal_timeout()
    {
        var (host, _, lobby) = await SignalingTestClient.JoinAsync(cluster.A.SignalingUri, "", mesh: true);
        await using var _h = host;
        var (b, bId, _) = await SignalingTestClient.JoinAsync(cluster.B.SignalingUri, lobby, mesh: true);
        await using var _b = b;
        Assert.Equal(new SignalingMessage(SignalingMessageType.PeerConnect, bId, ""), await host.ReceiveAsync());

        // Only the host may seal, wherever the sender is connected; the refused member is closed and leaves.
        var (c, cId, _) = await SignalingTestClient.JoinAsync(cluster.C.SignalingUri, lobby, mesh: true);
        await using var _c = c;
        await c.SendAsync(SignalingMessageType.Seal, 0, "");
        Assert.Equal((4000, SignalingCloseCodes.OnlyHostCanSeal), await c.ExpectCloseAsync());
        foreach (var member in new[] { host, b })
        {
            Assert.Equal(new SignalingMessage(SignalingMessageType.PeerConnect, cId, ""), await member.ReceiveAsync());
            Assert.Equal(new SignalingMessage(SignalingMessageType.PeerDisconnect, cId, ""), await member.ReceiveAsync());
        }

        await host.SendAsync(SignalingMessageType.Seal, 0, "");
        var sealMessage = new SignalingMessage(SignalingMessageType.Seal, 0, "");
        Assert.Equal(sealMessage, await host.ReceiveAsync());
        Assert.Equal(sealMessage, await b.ReceiveAsync());

        await using var late = await SignalingTestClient.ConnectAsync(cluster.C.SignalingUri);
        await late.SendAsync(SignalingMessageType.Join, 0, lobby);
        Assert.Equal((4000, SignalingCloseCodes.LobbyIsSealed), await late.ExpectCloseAsync());

        // FastArgs: seal-close-timeout 1 s.
        Assert.Equal((1000, SignalingCloseCodes.SealComplete), await b.ExpectCloseAsync());
        Assert.Equal((1000, SignalingCloseCodes.SealComplete), await host.ExpectCloseAsync());
    }

    [Fact]
    public async Task The_host_leaving_closes_members_on_other_nodes_and_ends_the_lobby()
    {
        var (host, _, lobby) = await SignalingTestClient.JoinAsync(cluster.B.SignalingUri, "", mesh: true);
        var (a, _, _) = await SignalingTestClient.JoinAsync(cluster.A.SignalingUri, lobby, mesh: true);
        await using var _a = a;
        var (c, cId, _) = await SignalingTestClient.JoinAsync(cluster.C.SignalingUri, lobby, mesh: true);
        await using var _c = c;

        // A member leaving is announced to the others, across nodes.
        await c.DisposeAsync();
        Assert.Equal(new SignalingMessage(SignalingMessageType.PeerConnect, cId, ""), await a.ReceiveAsync());
        Assert.Equal(new SignalingMessage(SignalingMessageType.PeerDisconnect, cId, ""), await a.ReceiveAsync());

        await host.DisposeAsync();
        Assert.Equal((4000, SignalingCloseCodes.HostDisconnected), await a.ExpectCloseAsync());

        await using var late = await SignalingTestClient.ConnectAsync(cluster.C.SignalingUri);
        await late.SendAsync(SignalingMessageType.Join, 0, lobby);
        Assert.Equal((4000, SignalingCloseCodes.LobbyDoesNotExist), await late.ExpectCloseAsync());
    }

    [Fact]
    public async Task Lobbies_created_through_each_node_are_named_with_that_nodes_token_and_live_there()
    {
        var lobbies = new List<string>();
        foreach (var node in cluster.Nodes)
        {
            var (host, _, lobby) = await SignalingTestClient.JoinAsync(node.SignalingUri, "", mesh: false);
            await using var _ = host;
            Assert.StartsWith(ClusterFixture.TokenOf(node), lobby, StringComparison.Ordinal);
            lobbies.Add(lobby);
        }
        Assert.Equal(3, cluster.Nodes.Select(ClusterFixture.TokenOf).Distinct().Count());
        Assert.Equal(3, lobbies.Distinct().Count());
    }

    [Theory]
    [InlineData(0, "")]
    [InlineData(1, "")]
    [InlineData(-1, "")]
    [InlineData(-1, "zz")]
    public async Task Joining_a_lobby_that_does_not_exist_is_refused_on_every_node(int tokenOf, string suffix)
    {
        // A home-node name of a live node that was never created, or a name of no node at all.
        var name = tokenOf >= 0
            ? ClusterFixture.TokenOf(cluster.Nodes[tokenOf]) + "Nope0000Nope"
            : "NoSuchNodeNope00" + suffix;
        foreach (var node in cluster.Nodes)
        {
            await using var client = await SignalingTestClient.ConnectAsync(node.SignalingUri);
            await client.SendAsync(SignalingMessageType.Join, 0, name);
            Assert.Equal((4000, SignalingCloseCodes.LobbyDoesNotExist), await client.ExpectCloseAsync());
        }
    }

    [Fact]
    public async Task An_invalid_lobby_name_is_refused_before_it_reaches_the_cluster()
    {
        await using var client = await SignalingTestClient.ConnectAsync(cluster.B.SignalingUri);
        await client.SendAsync(SignalingMessageType.Join, 0, "not a name!");
        Assert.Equal((4000, SignalingCloseCodes.InvalidLobbyName), await client.ExpectCloseAsync());
    }
}
