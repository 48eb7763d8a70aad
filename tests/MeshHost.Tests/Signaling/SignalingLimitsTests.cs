using System.Net.WebSockets;
using MeshActors.Signaling;

namespace MeshHost.Tests.Signaling;

/// <summary>Server-wide limits, each on its own server so the limits do not touch other tests.</summary>
public sealed class SignalingLimitsTests
{
    [Fact]
    public async Task Creating_more_lobbies_than_allowed_closes_the_creator_with_4000()
    {
        await using var server = await SignalingServerFixture.StartAsync([.. SignalingServerFixture.FastArgs, "--MeshHost:Signaling:MaxLobbies=2"]);
        var (a, _, _) = await SignalingTestClient.JoinAsync(server.SignalingUri, "", mesh: true);
        await using var _a = a;
        var (b, _, lobbyB) = await SignalingTestClient.JoinAsync(server.SignalingUri, "", mesh: false);
        await using var _b = b;

        await using var c = await SignalingTestClient.ConnectAsync(server.SignalingUri);
        await c.SendAsync(SignalingMessageType.Join, 0, "");
        Assert.Equal((4000, "Too many lobbies open, disconnecting"), await c.ExpectCloseAsync());

        // Joining an existing lobby is still fine, and a lobby ending frees its slot.
        var (d, _, _) = await SignalingTestClient.JoinAsync(server.SignalingUri, lobbyB, mesh: false);
        await using var _d = d;
        await a.DisposeAsync();
        SignalingTestClient? e = null;
        for (var attempt = 0; e is null; attempt++)
        {
            var candidate = await SignalingTestClient.ConnectAsync(server.SignalingUri);
            await candidate.SendAsync(SignalingMessageType.Join, 0, "");
            var first = await candidate.ReceiveOrCloseAsync();
            if (first is { } id)
            {
                Assert.Equal(1, id.Id);
                e = candidate;
            }
            else
            {
                // The host's leave may not have reached the lobby manager yet.
                Assert.True(attempt < 50, "the ended lobby's slot was never freed");
                await candidate.DisposeAsync();
                await Task.Delay(20);
            }
        }
        await e.DisposeAsync();
        await server.StopAsync();
    }

    [Fact]
    public async Task Connecting_more_clients_than_allowed_closes_the_extra_one_with_4000()
    {
        await using var server = await SignalingServerFixture.StartAsync([.. SignalingServerFixture.FastArgs, "--MeshHost:Signaling:MaxConnections=2", "--MeshHost:Signaling:JoinTimeout=00:00:10"]);
        await using var a = await SignalingTestClient.ConnectAsync(server.SignalingUri);
        await using var b = await SignalingTestClient.ConnectAsync(server.SignalingUri);
        await using var c = await SignalingTestClient.ConnectAsync(server.SignalingUri);
        Assert.Equal((4000, "Too many peers connected"), await c.ExpectCloseAsync());
        // The first two still work.
        await a.SendAsync(SignalingMessageType.Join, 0, "");
        Assert.Equal(SignalingMessageType.Id, (await a.ReceiveAsync()).Type);
        await server.StopAsync();
    }

    [Fact]
    public async Task A_client_that_stops_reading_is_closed_with_4003_without_slowing_the_sender()
    {
        await using var server = await SignalingServerFixture.StartAsync([
            .. SignalingServerFixture.FastArgs,
            "--MeshHost:Signaling:MaxMessageBytes=65536",
            "--MeshHost:Signaling:MaxMessagesPerSecond=100000",
            "--MeshHost:Signaling:MaxQueuedBytes=200000",
            "--MeshHost:Signaling:CloseTimeout=00:00:10",
        ]);
        var (host, _, lobby) = await SignalingTestClient.JoinAsync(server.SignalingUri, "", mesh: true);
        await using var _h = host;
        var (sender, _, _) = await SignalingTestClient.JoinAsync(server.SignalingUri, lobby, mesh: true);
        await using var _s = sender;

        // The host does not read: socket buffers fill, then the server's queue for it, then it is closed.
        var offer = new SignalingMessage(SignalingMessageType.Offer, 1, new string('s', 60000)).ToArray();
        var sent = 0;
        var closed = false;
        while (!closed && sent < 5000)
        {
            await sender.SendRawAsync(offer);
            sent++;
            if (sent % 50 == 0)
            {
                closed = await OpenLobbiesAsync(server) == 0;
            }
        }
        Assert.True(closed, $"the non-reading host was not dropped after {sent} offers");
        Assert.Equal((4003, "Too many unread messages"), await host.ExpectCloseAsync(skipMessages: true));
        // The sender's lobby ended with its host; the sender was told so, not stalled.
        Assert.Equal((4000, "Room host has disconnected"), await sender.ExpectCloseAsync(skipMessages: true));
        await server.StopAsync();
    }

    /// <summary>The open lobbies /healthz reports: the host being dropped ends its lobby.</summary>
    private static async Task<long> OpenLobbiesAsync(global::MeshHost.Hosting.MeshHostServer server)
    {
        using var http = new HttpClient();
        using var json = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri(server.HttpUri, "/healthz")));
        return json.RootElement.GetProperty("lobbies").GetInt64();
    }

    [Fact]
    public async Task Stopping_the_server_closes_every_connection_with_1001()
    {
        var server = await SignalingServerFixture.StartAsync(SignalingServerFixture.FastArgs);
        var (host, _, lobby) = await SignalingTestClient.JoinAsync(server.SignalingUri, "", mesh: true);
        await using var _h = host;
        var (b, _, _) = await SignalingTestClient.JoinAsync(server.SignalingUri, lobby, mesh: true);
        await using var _b = b;

        var stop = server.StopAsync();
        Assert.Equal((1001, "Server shutting down"), await host.ExpectCloseAsync(skipMessages: true));
        var (code, _) = await b.ExpectCloseAsync(skipMessages: true);
        // b is closed by the shutdown (1001) or, if the host's leave got there first, by its lobby (4000).
        Assert.Contains(code, new[] { 1001, 4000 });
        await stop.WaitAsync(SignalingTestClient.Timeout);
        await server.DisposeAsync();
        Assert.Equal(WebSocketState.Closed, host.Socket.State);
    }
}
