using MeshActors.Signaling;

namespace MeshHost.Tests.Signaling;

/// <summary>The library's .NET signaling client against the real server.</summary>
public sealed class SignalingClientTests(SignalingServerFixture server) : IClassFixture<SignalingServerFixture>
{
    private static async Task<SignalingEvent> NextAsync(SignalingClient client)
    {
        using var timeout = new CancellationTokenSource(SignalingTestClient.Timeout);
        return await client.Events.ReadAsync(timeout.Token);
    }

    [Fact]
    public async Task Two_clients_create_and_join_a_mesh_lobby_and_exchange_offer_answer_and_candidate()
    {
        await using var host = await SignalingClient.ConnectAsync(server.Uri);
        await host.JoinAsync("", mesh: true);
        Assert.Equal(new SignalingEvent.IdAssigned(1, Mesh: true), await NextAsync(host));
        var joined = Assert.IsType<SignalingEvent.LobbyJoined>(await NextAsync(host));
        Assert.Equal(joined.Lobby, host.Lobby);
        Assert.Equal(1, host.PeerId);

        await using var guest = await SignalingClient.ConnectAsync(server.Uri);
        await guest.JoinAsync(joined.Lobby, mesh: true);
        var id = Assert.IsType<SignalingEvent.IdAssigned>(await NextAsync(guest));
        Assert.True(id.Mesh);
        Assert.Equal(new SignalingEvent.PeerConnected(1), await NextAsync(guest));
        Assert.Equal(new SignalingEvent.LobbyJoined(joined.Lobby), await NextAsync(guest));
        Assert.Equal(new SignalingEvent.PeerConnected(id.PeerId), await NextAsync(host));

        // The higher id offers (the demo client's rule); the host answers.
        await guest.SendOfferAsync(1, "offer-sdp");
        Assert.Equal(new SignalingEvent.OfferReceived(id.PeerId, "offer-sdp"), await NextAsync(host));
        await host.SendAnswerAsync(id.PeerId, "answer-sdp");
        Assert.Equal(new SignalingEvent.AnswerReceived(1, "answer-sdp"), await NextAsync(guest));
        var candidate = new SignalingCandidate("0", 0, "candidate:1 1 udp 2130706431 127.0.0.1 40000 typ host");
        await host.SendCandidateAsync(id.PeerId, candidate);
        Assert.Equal(new SignalingEvent.CandidateReceived(1, candidate), await NextAsync(guest));

        await guest.CloseAsync();
        Assert.Equal(new SignalingEvent.PeerDisconnected(id.PeerId), await NextAsync(host));
        Assert.Equal(1000, Assert.IsType<SignalingEvent.Closed>(await NextAsync(guest)).Code);
    }

    [Fact]
    public async Task Sealing_reaches_every_member_and_the_server_closes_them_with_1000()
    {
        await using var host = await SignalingClient.ConnectAsync(server.Uri);
        await host.JoinAsync("", mesh: false);
        Assert.Equal(new SignalingEvent.IdAssigned(1, Mesh: false), await NextAsync(host));
        var lobby = Assert.IsType<SignalingEvent.LobbyJoined>(await NextAsync(host)).Lobby;
        await using var guest = await SignalingClient.ConnectAsync(server.Uri);
        await guest.JoinAsync(lobby, mesh: false);
        Assert.IsType<SignalingEvent.IdAssigned>(await NextAsync(guest));
        Assert.Equal(new SignalingEvent.PeerConnected(1), await NextAsync(guest));
        Assert.IsType<SignalingEvent.LobbyJoined>(await NextAsync(guest));
        Assert.IsType<SignalingEvent.PeerConnected>(await NextAsync(host));

        await host.SealAsync();
        Assert.IsType<SignalingEvent.LobbySealed>(await NextAsync(host));
        Assert.IsType<SignalingEvent.LobbySealed>(await NextAsync(guest));
        Assert.Equal(new SignalingEvent.Closed(1000, "Seal complete"), await NextAsync(guest));
        Assert.Equal(new SignalingEvent.Closed(1000, "Seal complete"), await NextAsync(host));
        Assert.Equal(1000, host.CloseCode);
    }

    [Fact]
    public async Task A_refused_join_ends_the_events_with_the_servers_close_code_and_reason()
    {
        await using var client = await SignalingClient.ConnectAsync(server.Uri);
        await client.JoinAsync("NoSuchLobby", mesh: true);
        Assert.Equal(new SignalingEvent.Closed(4000, "Lobby does not exists"), await NextAsync(client));
        using var timeout = new CancellationTokenSource(SignalingTestClient.Timeout);
        Assert.False(await client.Events.WaitToReadAsync(timeout.Token));
    }
}
