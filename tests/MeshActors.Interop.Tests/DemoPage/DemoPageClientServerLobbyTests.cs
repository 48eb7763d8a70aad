using MeshActors.Multiplayer;
using MeshActors.Relay;

namespace MeshActors.Interop.Tests.DemoPage;

/// <summary>
/// MeshHost's demo page in client/server lobbies, in real Chromium against the real server, with SceneMultiplayer
/// framing (reference/godot.md §4). In relay lobbies MeshHost is peer 1 (server mode, SceneMultiplayer profile) and the
/// page, a client connected to peer 1 only, reaches the other clients with RAW packets in RELAY and learns them from
/// peer 1's peer exchange (ADD_PEER / DEL_PEER). A page that creates a client/server lobby is peer 1 itself and does
/// the peer exchange and relaying.
/// </summary>
public sealed class DemoPageClientServerLobbyTests(DemoPageFixture fixture) : IClassFixture<DemoPageFixture>
{
    /// <summary>Opens a page that asks for a relay lobby; returns it with the lobby's name and its id.</summary>
    private async Task<(DemoPageTab Page, string Lobby, int Id)> CreateRelayLobbyAsync()
    {
        var page = await DemoPageTab.OpenAsync(fixture, DemoPageFixture.RelayJoinName, mesh: false);
        return (page, await page.LobbyAsync(), await page.IdAsync());
    }

    [Fact]
    public async Task Two_pages_in_a_relay_lobby_chat_through_MeshHost_as_peer_1()
    {
        // As a user does: open the server's address, read what it offers, click "New relay lobby".
        await using var a = await DemoPageTab.OpenBlankAsync(fixture);
        Assert.Contains($"lobbies named {DemoPageFixture.RelayJoinName}… are relay lobbies", await a.RelayHintAsync());
        await a.NewRelayLobbyAsync();
        var lobby = await a.LobbyAsync();
        var aId = await a.IdAsync();
        Assert.StartsWith(DemoPageFixture.RelayJoinName, lobby);
        Assert.Equal("(relay: MeshHost is peer 1)", await a.LobbyKindAsync());
        Assert.NotEqual(1, aId);
        Assert.Equal("client", await a.ModeAsync());
        Assert.Equal("SceneMultiplayer", await a.ProfileAsync());
        await a.WaitForPeerAsync(1, "connected");

        await using var b = await DemoPageTab.OpenAsync(fixture, lobby, mesh: false);
        var bId = await b.IdAsync();
        Assert.Equal(lobby, await b.LobbyAsync());
        Assert.Equal("(relay: MeshHost is peer 1)", await b.LobbyKindAsync());
        await b.WaitForPeerAsync(1, "connected");
        // Each learns of the other from peer 1's peer exchange, without a connection to it.
        await a.WaitForPeerAsync(bId, "relayed");
        await b.WaitForPeerAsync(aId, "relayed");
        Assert.Equal(["1 connected", $"{bId} relayed"], await a.PeersAsync());

        await a.SayAsync("to everyone through the relay");
        Assert.Equal($"{aId} (relayed): to everyone through the relay", await b.WaitForChatAsync(aId, "to everyone through the relay"));
        await b.SayAsync("to a alone ✓", to: aId);
        Assert.Equal($"{bId} (relayed): to a alone ✓", await a.WaitForChatAsync(bId, "to a alone ✓"));
    }

    [Fact]
    public async Task A_page_closing_is_seen_by_the_other_clients_of_a_relay_lobby_both_joined_by_its_name()
    {
        // A name with the relay prefix creates that relay lobby for the first page and joins it for the second.
        var lobby = DemoPageFixture.RelayJoinName + Guid.NewGuid().ToString("N")[..12];
        await using var a = await DemoPageTab.OpenAsync(fixture, lobby, mesh: false);
        Assert.Equal(lobby, await a.LobbyAsync());
        await using var b = await DemoPageTab.OpenAsync(fixture, lobby, mesh: false);
        Assert.Equal(lobby, await b.LobbyAsync());
        var bId = await b.IdAsync();
        await a.WaitForPeerAsync(bId, "relayed");

        await b.CloseAsync();
        await a.WaitForPeerGoneAsync(bId);
        Assert.Equal(["1 connected"], await a.PeersAsync());
    }

    [Fact]
    public async Task A_page_and_a_DotNet_SceneMultiplayer_client_in_a_relay_lobby_exchange_messages_both_ways()
    {
        var (page, lobby, pageId) = await CreateRelayLobbyAsync();
        await using var _ = page;
        await using var dotnet = await DotNetMember.JoinAsync(fixture.SignalingUri, lobby, mesh: false, WireProfile.SceneMultiplayer);
        var (dotnetId, _) = await dotnet.JoinedAsync();
        await page.WaitForPeerAsync(dotnetId, "relayed");
        await dotnet.WaitUntilAsync(m => m.Peer.GetRelayedPeerIds().Contains(pageId), "the page announced by peer 1");

        Assert.Equal(MultiplayerError.Ok, await dotnet.SendAsync(pageId, "from .NET through the relay"));
        Assert.Equal($"{dotnetId} (relayed): from .NET through the relay", await page.WaitForChatAsync(dotnetId, "from .NET through the relay"));
        await page.SayAsync("from the page through the relay", to: dotnetId);
        Assert.Equal((pageId, SceneCommand.Raw, "from the page through the relay"), (await dotnet.ReceiveAsync()).Summary);

        // The page leaving: peer 1 withdraws it from the .NET client (DEL_PEER).
        await page.CloseAsync();
        await dotnet.WaitUntilAsync(m => !m.Peer.GetRelayedPeerIds().Contains(pageId), "the page withdrawn");
    }

    [Fact]
    public async Task A_page_hosting_a_client_server_lobby_relays_between_a_page_and_a_DotNet_SceneMultiplayer_client()
    {
        await using var host = await DemoPageTab.OpenAsync(fixture, lobby: "", mesh: false);
        var lobby = await host.LobbyAsync();
        Assert.Equal(1, await host.IdAsync());
        Assert.Equal("server", await host.ModeAsync());
        Assert.Equal("(client/server)", await host.LobbyKindAsync());
        Assert.Equal("SceneMultiplayer", await host.ProfileAsync());
        await using var dotnet = await DotNetMember.JoinAsync(fixture.SignalingUri, lobby, mesh: false, WireProfile.SceneMultiplayer);
        var (dotnetId, _) = await dotnet.JoinedAsync();
        await using var page = await DemoPageTab.OpenAsync(fixture, lobby, mesh: false);
        var pageId = await page.IdAsync();
        await host.WaitForPeerAsync(dotnetId, "connected");
        await host.WaitForPeerAsync(pageId, "connected");
        // The host's peer exchange introduces the clients to each other.
        await page.WaitForPeerAsync(dotnetId, "relayed");
        await dotnet.WaitUntilAsync(m => m.Peer.GetRelayedPeerIds().Contains(pageId), "the page announced by the host page");

        Assert.Equal(MultiplayerError.Ok, await dotnet.SendAsync(pageId, "to the page via the host page"));
        Assert.Equal($"{dotnetId} (relayed): to the page via the host page", await page.WaitForChatAsync(dotnetId, "to the page via the host page"));
        // A client's broadcast reaches the other clients through the host, and the host itself.
        await page.SayAsync("to everyone via the host page");
        Assert.Equal((pageId, SceneCommand.Raw, "to everyone via the host page"), (await dotnet.ReceiveAsync()).Summary);
        Assert.Equal($"{pageId}: to everyone via the host page", await host.WaitForChatAsync(pageId, "to everyone via the host page"));
        // The host's own message is a plain RAW packet to each client.
        await host.SayAsync("from the host page");
        Assert.Equal((1, SceneCommand.Raw, "from the host page"), (await dotnet.ReceiveAsync()).Summary);
        Assert.Equal("1: from the host page", await page.WaitForChatAsync(1, "from the host page"));

        // A client leaving: the host withdraws it from the others (DEL_PEER).
        await page.CloseAsync();
        await host.WaitForPeerGoneAsync(pageId);
        await dotnet.WaitUntilAsync(m => !m.Peer.GetRelayedPeerIds().Contains(pageId), "the page withdrawn by the host page");
    }

    [Fact]
    public async Task A_page_as_SceneMultiplayer_client_writes_and_reads_Godots_system_commands_byte_for_byte()
    {
        // A .NET server in the Raw profile sees and sends the exact bytes (reference/godot.md §4.2).
        await using var server = await DotNetMember.JoinAsync(fixture.SignalingUri, lobby: "", mesh: false, WireProfile.Raw);
        var (serverId, lobby) = await server.JoinedAsync();
        Assert.Equal(1, serverId);
        await using var page = await DemoPageTab.OpenAsync(fixture, lobby, mesh: false);
        var pageId = await page.IdAsync();
        Assert.Equal("SceneMultiplayer", await page.ProfileAsync());
        await page.WaitForPeerAsync(1, "connected");
        await server.WaitUntilAsync(m => m.Peer.IsPeerConnected(pageId), "the page connected");

        const int Other = 0x12345678; // little-endian on the wire: 78 56 34 12
        // A short ADD_PEER is dropped; the next, well formed, is taken (the reliable channel keeps their order).
        Assert.Equal(MultiplayerError.Ok, await server.SendAsync(pageId, Convert.FromHexString("07012A0000")));
        Assert.Equal(MultiplayerError.Ok, await server.SendAsync(pageId, Convert.FromHexString("070178563412")));
        await page.WaitForPeerAsync(Other, "relayed");
        Assert.Equal(["1 connected", $"{Other} relayed"], await page.PeersAsync());

        // RELAY(source) + RAW from the server: a chat line from the original source.
        Assert.Equal(MultiplayerError.Ok, await server.SendAsync(pageId, [0x07, 0x03, 0x78, 0x56, 0x34, 0x12, 0x03, .. "relayed ✓"u8]));
        Assert.Equal($"{Other} (relayed): relayed ✓", await page.WaitForChatAsync(Other, "relayed ✓"));
        // RAW alone: from the server itself.
        Assert.Equal(MultiplayerError.Ok, await server.SendAsync(pageId, [0x03, .. "from the server"u8]));
        Assert.Equal("1: from the server", await page.WaitForChatAsync(1, "from the server"));

        // What the page sends: RELAY(target) + RAW for another client or everyone, RAW alone for the server.
        await page.SayAsync("to one", to: Other);
        Assert.Equal("070378563412" + "03" + Convert.ToHexString("to one"u8), Convert.ToHexString((await server.ReceiveAsync()).Bytes));
        await page.SayAsync("to all");
        Assert.Equal("070300000000" + "03" + Convert.ToHexString("to all"u8), Convert.ToHexString((await server.ReceiveAsync()).Bytes));
        await page.SayAsync("to the server", to: 1);
        Assert.Equal("03" + Convert.ToHexString("to the server"u8), Convert.ToHexString((await server.ReceiveAsync()).Bytes));

        // DEL_PEER withdraws the relayed peer.
        Assert.Equal(MultiplayerError.Ok, await server.SendAsync(pageId, Convert.FromHexString("070278563412")));
        await page.WaitForPeerGoneAsync(Other);
        Assert.Equal(["1 connected"], await page.PeersAsync());
    }
}
