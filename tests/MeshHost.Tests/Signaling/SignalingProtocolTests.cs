using System.Net.WebSockets;
using System.Text;
using MeshActors.Signaling;

namespace MeshHost.Tests.Signaling;

/// <summary>The webrtc_signaling demo protocol against the real server, with real WebSocket clients.</summary>
public sealed class SignalingProtocolTests(SignalingServerFixture server) : IClassFixture<SignalingServerFixture>
{
    private Uri Uri => server.Uri;

    [Fact]
    public async Task Creating_a_mesh_lobby_makes_the_creator_peer_1_and_sends_ID_then_JOIN_byte_for_byte_as_the_demo_server()
    {
        await using var client = await SignalingTestClient.ConnectAsync(Uri);
        await client.SendRawAsync("""{"type":0,"id":0,"data":""}""");

        var id = await client.ReceiveAsync();
        Assert.Equal("""{"type":1,"id":1,"data":"true"}""", Encoding.UTF8.GetString(client.LastFrame));
        Assert.Equal(new SignalingMessage(SignalingMessageType.Id, 1, "true"), id);

        var join = await client.ReceiveAsync();
        Assert.Equal(SignalingMessageType.Join, join.Type);
        Assert.Equal(0, join.Id);
        Assert.Matches("^[A-Za-z0-9]{16}$", join.Data);
        Assert.Equal($$"""{"type":0,"id":0,"data":"{{join.Data}}"}""", Encoding.UTF8.GetString(client.LastFrame));
    }

    [Fact]
    public async Task A_client_server_lobby_sends_an_empty_ID_data()
    {
        await using var client = await SignalingTestClient.ConnectAsync(Uri);
        await client.SendAsync(SignalingMessageType.Join, 1, "");
        Assert.Equal(new SignalingMessage(SignalingMessageType.Id, 1, ""), await client.ReceiveAsync());
        Assert.Equal(SignalingMessageType.Join, (await client.ReceiveAsync()).Type);
    }

    [Fact]
    public async Task Joining_a_mesh_lobby_introduces_every_member_in_join_order_with_ids_between_2_and_2_pow_31_minus_1()
    {
        var (host, hostId, lobby) = await SignalingTestClient.JoinAsync(Uri, "", mesh: true);
        await using var _ = host;
        var (b, bId, bLobby) = await SignalingTestClient.JoinAsync(Uri, lobby, mesh: true);
        await using var __ = b;
        Assert.Equal(lobby, bLobby);
        Assert.Equal(new SignalingMessage(SignalingMessageType.PeerConnect, bId, ""), await host.ReceiveAsync());

        await using var c = await SignalingTestClient.ConnectAsync(Uri);
        await c.SendAsync(SignalingMessageType.Join, 0, lobby);
        var cId = await c.ReceiveAsync();
        Assert.Equal(SignalingMessageType.Id, cId.Type);
        Assert.Equal("true", cId.Data);
        Assert.Equal(new SignalingMessage(SignalingMessageType.PeerConnect, 1, ""), await c.ReceiveAsync());
        Assert.Equal(new SignalingMessage(SignalingMessageType.PeerConnect, bId, ""), await c.ReceiveAsync());
        Assert.Equal(new SignalingMessage(SignalingMessageType.Join, 0, lobby), await c.ReceiveAsync());
        Assert.Equal(new SignalingMessage(SignalingMessageType.PeerConnect, cId.Id, ""), await host.ReceiveAsync());
        Assert.Equal(new SignalingMessage(SignalingMessageType.PeerConnect, cId.Id, ""), await b.ReceiveAsync());

        Assert.Equal(1, hostId);
        foreach (var id in new[] { bId, cId.Id })
        {
            Assert.InRange(id, 2, int.MaxValue);
        }
        Assert.NotEqual(bId, cId.Id);
    }

    [Fact]
    public async Task A_client_server_lobby_introduces_members_to_the_host_only()
    {
        var (host, _, lobby) = await SignalingTestClient.JoinAsync(Uri, "", mesh: false);
        await using var _h = host;
        var bPeers = new List<int>();
        var (b, bId, _) = await SignalingTestClient.JoinAsync(Uri, lobby, mesh: false, bPeers);
        await using var _b = b;
        var cPeers = new List<int>();
        var (c, cId, _) = await SignalingTestClient.JoinAsync(Uri, lobby, mesh: false, cPeers);
        await using var _c = c;

        Assert.Equal([1], bPeers);
        Assert.Equal([1], cPeers);
        Assert.Equal(new SignalingMessage(SignalingMessageType.PeerConnect, bId, ""), await host.ReceiveAsync());
        Assert.Equal(new SignalingMessage(SignalingMessageType.PeerConnect, cId, ""), await host.ReceiveAsync());

        // b learns nothing of c: the next thing b sees is the host's offer, not a PEER_CONNECT for c.
        await host.SendAsync(SignalingMessageType.Offer, bId, "sdp-for-b");
        Assert.Equal(new SignalingMessage(SignalingMessageType.Offer, 1, "sdp-for-b"), await b.ReceiveAsync());

        // c leaving is reported to the host only.
        await c.DisposeAsync();
        Assert.Equal(new SignalingMessage(SignalingMessageType.PeerDisconnect, cId, ""), await host.ReceiveAsync());
        await b.SendAsync(SignalingMessageType.Answer, 1, "answer-from-b");
        Assert.Equal(new SignalingMessage(SignalingMessageType.Answer, bId, "answer-from-b"), await host.ReceiveAsync());
    }

    [Fact]
    public async Task Offer_answer_and_candidate_are_relayed_with_the_sender_id_and_destination_1_is_the_host()
    {
        var (host, _, lobby) = await SignalingTestClient.JoinAsync(Uri, "", mesh: true);
        await using var _h = host;
        var (b, bId, _) = await SignalingTestClient.JoinAsync(Uri, lobby, mesh: true);
        await using var _b = b;
        var (c, cId, _) = await SignalingTestClient.JoinAsync(Uri, lobby, mesh: true);
        await using var _c = c;
        Assert.Equal(SignalingMessageType.PeerConnect, (await host.ReceiveAsync()).Type);
        Assert.Equal(SignalingMessageType.PeerConnect, (await host.ReceiveAsync()).Type);
        Assert.Equal(new SignalingMessage(SignalingMessageType.PeerConnect, cId, ""), await b.ReceiveAsync());

        const string Sdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\na=ice-pwd:a+b/c\"quoted\"\r\n";
        await b.SendAsync(SignalingMessageType.Offer, 1, Sdp);
        Assert.Equal(new SignalingMessage(SignalingMessageType.Offer, bId, Sdp), await host.ReceiveAsync());
        await host.SendAsync(SignalingMessageType.Answer, bId, "answer");
        Assert.Equal(new SignalingMessage(SignalingMessageType.Answer, 1, "answer"), await b.ReceiveAsync());
        var candidate = new SignalingCandidate("0", 0, "candidate:1 1 udp 2130706431 127.0.0.1 5000 typ host").Format();
        await c.SendAsync(SignalingMessageType.Candidate, bId, candidate);
        var relayed = await b.ReceiveAsync();
        Assert.Equal(new SignalingMessage(SignalingMessageType.Candidate, cId, candidate), relayed);
        Assert.True(SignalingCandidate.TryParse(relayed.Data, out var parsed));
        Assert.Equal(new SignalingCandidate("0", 0, "candidate:1 1 udp 2130706431 127.0.0.1 5000 typ host"), parsed);
        // Fractional numbers are floored, as the demo server does.
        await c.SendRawAsync($$"""{"type":4.9,"id":{{bId}}.5,"data":"x","extra":[1,{"a":2}]}""");
        Assert.Equal(new SignalingMessage(SignalingMessageType.Offer, cId, "x"), await b.ReceiveAsync());
    }

    [Fact]
    public async Task Messages_sent_right_after_JOIN_are_handled_after_the_join_completes()
    {
        await using var client = await SignalingTestClient.ConnectAsync(Uri);
        await client.SendAsync(SignalingMessageType.Join, 0, "");
        await client.SendAsync(SignalingMessageType.Seal, 0, "");
        Assert.Equal(SignalingMessageType.Id, (await client.ReceiveAsync()).Type);
        Assert.Equal(SignalingMessageType.Join, (await client.ReceiveAsync()).Type);
        Assert.Equal(new SignalingMessage(SignalingMessageType.Seal, 0, ""), await client.ReceiveAsync());
    }

    [Fact]
    public async Task Sealing_tells_every_member_refuses_joins_and_closes_everyone_with_1000_after_the_seal_timeout()
    {
        var (host, _, lobby) = await SignalingTestClient.JoinAsync(Uri, "", mesh: true);
        await using var _h = host;
        var (b, _, _) = await SignalingTestClient.JoinAsync(Uri, lobby, mesh: true);
        await using var _b = b;
        Assert.Equal(SignalingMessageType.PeerConnect, (await host.ReceiveAsync()).Type);

        await host.SendAsync(SignalingMessageType.Seal, 0, "");
        Assert.Equal("""{"type":7,"id":0,"data":""}""", Encoding.UTF8.GetString((await Receive(host)).LastFrame));
        Assert.Equal(new SignalingMessage(SignalingMessageType.Seal, 0, ""), await b.ReceiveAsync());

        await using var late = await SignalingTestClient.ConnectAsync(Uri);
        await late.SendAsync(SignalingMessageType.Join, 0, lobby);
        Assert.Equal((4000, "Lobby is sealed"), await late.ExpectCloseAsync());

        Assert.Equal((1000, "Seal complete"), await host.ExpectCloseAsync());
        Assert.Equal((1000, "Seal complete"), await b.ExpectCloseAsync());
    }

    private static async Task<SignalingTestClient> Receive(SignalingTestClient client)
    {
        await client.ReceiveAsync();
        return client;
    }

    [Fact]
    public async Task Only_the_host_may_seal()
    {
        var (host, _, lobby) = await SignalingTestClient.JoinAsync(Uri, "", mesh: true);
        await using var _h = host;
        var (b, bId, _) = await SignalingTestClient.JoinAsync(Uri, lobby, mesh: true);
        await using var _b = b;
        await b.SendAsync(SignalingMessageType.Seal, 0, "");
        Assert.Equal((4000, "Only host can seal the lobby"), await b.ExpectCloseAsync());
        Assert.Equal(new SignalingMessage(SignalingMessageType.PeerConnect, bId, ""), await host.ReceiveAsync());
        Assert.Equal(new SignalingMessage(SignalingMessageType.PeerDisconnect, bId, ""), await host.ReceiveAsync());
    }

    [Fact]
    public async Task A_connection_that_does_not_join_in_time_is_closed_with_4000()
    {
        await using var client = await SignalingTestClient.ConnectAsync(Uri);
        Assert.Equal((4000, "Have not joined lobby yet"), await client.ExpectCloseAsync());
    }

    [Fact]
    public async Task The_host_leaving_closes_every_member_and_ends_the_lobby()
    {
        var (host, _, lobby) = await SignalingTestClient.JoinAsync(Uri, "", mesh: false);
        var (b, _, _) = await SignalingTestClient.JoinAsync(Uri, lobby, mesh: false);
        await using var _b = b;
        var (c, _, _) = await SignalingTestClient.JoinAsync(Uri, lobby, mesh: false);
        await using var _c = c;

        await host.DisposeAsync();
        Assert.Equal((4000, "Room host has disconnected"), await b.ExpectCloseAsync());
        Assert.Equal((4000, "Room host has disconnected"), await c.ExpectCloseAsync());

        await using var late = await SignalingTestClient.ConnectAsync(Uri);
        await late.SendAsync(SignalingMessageType.Join, 1, lobby);
        Assert.Equal((4000, "Lobby does not exists"), await late.ExpectCloseAsync());
    }

    [Fact]
    public async Task A_member_leaving_is_announced_to_the_others_with_PEER_DISCONNECT()
    {
        var (host, _, lobby) = await SignalingTestClient.JoinAsync(Uri, "", mesh: true);
        await using var _h = host;
        var (b, bId, _) = await SignalingTestClient.JoinAsync(Uri, lobby, mesh: true);
        var (c, _, _) = await SignalingTestClient.JoinAsync(Uri, lobby, mesh: true);
        await using var _c = c;
        await b.ReceiveAsync(); // PEER_CONNECT(c)
        await b.DisposeAsync();
        Assert.Equal(SignalingMessageType.PeerConnect, (await host.ReceiveAsync()).Type);
        Assert.Equal(SignalingMessageType.PeerConnect, (await host.ReceiveAsync()).Type);
        Assert.Equal(new SignalingMessage(SignalingMessageType.PeerDisconnect, bId, ""), await host.ReceiveAsync());
        Assert.Equal(new SignalingMessage(SignalingMessageType.PeerDisconnect, bId, ""), await c.ReceiveAsync());
    }

    [Theory]
    [InlineData("not json", "Invalid message format")]
    [InlineData("""{"type":0,"id":0,"data":""} trailing""", "Invalid message format")]
    [InlineData("[0,0,\"\"]", "Invalid message format")]
    [InlineData("""{"id":0,"data":""}""", "Invalid message format")]
    [InlineData("""{"type":"0","id":0,"data":""}""", "Invalid message format")]
    [InlineData("""{"type":0,"id":-1,"data":""}""", "Invalid message format")]
    [InlineData("""{"type":4,"id":2,"data":"sdp"}""", "Invalid message when not in a lobby")]
    [InlineData("""{"type":7,"id":0,"data":""}""", "Invalid message when not in a lobby")]
    [InlineData("""{"type":99,"id":0,"data":""}""", "Invalid message when not in a lobby")]
    [InlineData("""{"type":0,"id":0,"data":"no-such-lobby"}""", "Invalid lobby name")]
    [InlineData("""{"type":0,"id":0,"data":"NoSuchLobby0"}""", "Lobby does not exists")]
    public async Task Invalid_messages_before_joining_close_with_4000_and_the_reason(string frame, string reason)
    {
        await using var client = await SignalingTestClient.ConnectAsync(Uri);
        await client.SendRawAsync(frame);
        Assert.Equal((4000, reason), await client.ExpectCloseAsync());
    }

    [Theory]
    [InlineData("""{"type":0,"id":0,"data":""}""", "Already in a lobby")]
    [InlineData("""{"type":1,"id":1,"data":""}""", "Invalid command")]
    [InlineData("""{"type":2,"id":1,"data":""}""", "Invalid command")]
    [InlineData("""{"type":3,"id":1,"data":""}""", "Invalid command")]
    [InlineData("""{"type":8,"id":1,"data":""}""", "Invalid command")]
    [InlineData("""{"type":4,"id":12345,"data":"sdp"}""", "Invalid destination")]
    [InlineData("""{"type":6,"id":0,"data":"sdp"}""", "Invalid destination")]
    [InlineData("""{"type":5}""", "Invalid message format")]
    public async Task Invalid_messages_in_a_lobby_close_with_4000_and_the_reason(string frame, string reason)
    {
        var (client, _, _) = await SignalingTestClient.JoinAsync(Uri, "", mesh: true);
        await using var _ = client;
        await client.SendRawAsync(frame);
        Assert.Equal((4000, reason), await client.ExpectCloseAsync());
    }

    [Fact]
    public async Task A_client_may_not_signal_another_client_in_a_client_server_lobby()
    {
        var (host, _, lobby) = await SignalingTestClient.JoinAsync(Uri, "", mesh: false);
        await using var _h = host;
        var (b, bId, _) = await SignalingTestClient.JoinAsync(Uri, lobby, mesh: false);
        await using var _b = b;
        var (c, _, _) = await SignalingTestClient.JoinAsync(Uri, lobby, mesh: false);
        await using var _c = c;
        await c.SendAsync(SignalingMessageType.Offer, bId, "sdp");
        Assert.Equal((4000, "Invalid destination"), await c.ExpectCloseAsync());
    }

    [Fact]
    public async Task A_binary_frame_closes_with_4000_invalid_transfer_mode()
    {
        await using var client = await SignalingTestClient.ConnectAsync(Uri);
        await client.SendRawAsync(new SignalingMessage(SignalingMessageType.Join, 0, "").ToArray(), WebSocketMessageType.Binary);
        Assert.Equal((4000, "Invalid transfer mode, must be text"), await client.ExpectCloseAsync());
    }

    [Fact]
    public async Task An_oversized_message_closes_with_1009_and_the_others_in_the_lobby_carry_on()
    {
        var (host, _, lobby) = await SignalingTestClient.JoinAsync(Uri, "", mesh: true);
        await using var _h = host;
        var (big, _, _) = await SignalingTestClient.JoinAsync(Uri, lobby, mesh: true);
        await using var _big = big;
        var (b, bId, _) = await SignalingTestClient.JoinAsync(Uri, lobby, mesh: true);
        await using var _b = b;

        // 4096 bytes is the fixture's limit; split over frames to check reassembly counts too.
        var frame = new SignalingMessage(SignalingMessageType.Offer, 1, new string('x', 5000)).ToArray();
        await big.Socket.SendAsync(frame.AsMemory(0, 3000), WebSocketMessageType.Text, endOfMessage: false, CancellationToken.None);
        await big.Socket.SendAsync(frame.AsMemory(3000), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        Assert.Equal((1009, "Message too big"), await big.ExpectCloseAsync(skipMessages: true));

        // A message just under the limit, in three frames, is relayed.
        var fits = new SignalingMessage(SignalingMessageType.Offer, 1, new string('y', 4000)).ToArray();
        Assert.True(fits.Length <= 4096);
        await b.Socket.SendAsync(fits.AsMemory(0, 1000), WebSocketMessageType.Text, endOfMessage: false, CancellationToken.None);
        await b.Socket.SendAsync(fits.AsMemory(1000, 1000), WebSocketMessageType.Text, endOfMessage: false, CancellationToken.None);
        await b.Socket.SendAsync(fits.AsMemory(2000), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        SignalingMessage relayed;
        do
        {
            relayed = await host.ReceiveAsync();
        }
        while (relayed.Type != SignalingMessageType.Offer);
        Assert.Equal(new SignalingMessage(SignalingMessageType.Offer, bId, new string('y', 4000)), relayed);
    }

    [Fact]
    public async Task A_flooding_client_is_closed_with_4001_and_the_others_in_the_lobby_carry_on()
    {
        var (host, _, lobby) = await SignalingTestClient.JoinAsync(Uri, "", mesh: true);
        await using var _h = host;
        var (flooder, _, _) = await SignalingTestClient.JoinAsync(Uri, lobby, mesh: true);
        await using var _f = flooder;
        var (b, bId, _) = await SignalingTestClient.JoinAsync(Uri, lobby, mesh: true);
        await using var _b = b;

        // The fixture allows 200 messages per second (burst 200): 1000 back to back must trip it.
        var candidate = new SignalingMessage(SignalingMessageType.Candidate, 1, "\n0\n0\ncandidate:1 1 udp 1 127.0.0.1 9 typ host").ToArray();
        try
        {
            for (var i = 0; i < 1000; i++)
            {
                await flooder.SendRawAsync(candidate);
            }
        }
        catch (WebSocketException)
        {
            // The server may drop the connection while we still send.
        }
        Assert.Equal((4001, "Too many messages per second"), await flooder.ExpectCloseAsync(skipMessages: true));

        await b.SendAsync(SignalingMessageType.Offer, 1, "still-working");
        SignalingMessage relayed;
        do
        {
            relayed = await host.ReceiveAsync();
        }
        while (relayed.Type != SignalingMessageType.Offer);
        Assert.Equal(new SignalingMessage(SignalingMessageType.Offer, bId, "still-working"), relayed);
    }

    [Fact]
    public async Task A_full_lobby_refuses_the_next_member_with_4002()
    {
        var (host, _, lobby) = await SignalingTestClient.JoinAsync(Uri, "", mesh: true);
        await using var _h = host;
        var members = new List<SignalingTestClient>();
        for (var i = 0; i < 3; i++)
        {
            members.Add((await SignalingTestClient.JoinAsync(Uri, lobby, mesh: true)).Client);
        }
        await using var extra = await SignalingTestClient.ConnectAsync(Uri);
        await extra.SendAsync(SignalingMessageType.Join, 0, lobby);
        Assert.Equal((4002, "Lobby is full"), await extra.ExpectCloseAsync());
        foreach (var member in members)
        {
            await member.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_client_closing_first_gets_its_close_answered()
    {
        var (client, _, _) = await SignalingTestClient.JoinAsync(Uri, "", mesh: true);
        using var timeout = new CancellationTokenSource(SignalingTestClient.Timeout);
        await client.Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
        Assert.Equal(WebSocketState.Closed, client.Socket.State);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.Socket.CloseStatus);
        await client.DisposeAsync();
    }

    [Fact]
    public async Task Health_reports_ok_with_the_open_connections_and_lobbies()
    {
        var (client, _, _) = await SignalingTestClient.JoinAsync(Uri, "", mesh: true);
        await using var _ = client;
        using var http = new HttpClient();
        var response = await http.GetAsync(new Uri(server.Server.HttpUri, "/healthz"));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ok", json.RootElement.GetProperty("status").GetString());
        Assert.True(json.RootElement.GetProperty("connections").GetInt64() >= 1);
        Assert.True(json.RootElement.GetProperty("lobbies").GetInt64() >= 1);
        Assert.False(json.RootElement.TryGetProperty("cluster", out var cluster), $"a single process reports no cluster: {cluster}");
    }

    [Fact]
    public async Task A_plain_http_request_to_the_websocket_path_gets_the_demo_page()
    {
        using var http = new HttpClient();
        var response = await http.GetAsync(server.Server.HttpUri);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync();
        // The page speaks the demo protocol and lays out Godot's negotiated channels.
        Assert.Contains("PEER_CONNECT: 2", page);
        Assert.Contains("negotiated: true, id: 1", page);
    }
}
