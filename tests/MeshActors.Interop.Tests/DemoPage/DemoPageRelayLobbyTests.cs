using MeshActors.Multiplayer;
using MeshActors.Relay;

namespace MeshActors.Interop.Tests.DemoPage;

/// <summary>
/// MeshHost's demo page in relay lobbies, in real Chromium against the real server: MeshHost is peer 1 (server mode,
/// SceneMultiplayer profile) and the page, a client connected to peer 1 only, reaches the other clients with
/// SceneMultiplayer's framing (RAW in RELAY) and learns them from its peer exchange (ADD_PEER / DEL_PEER).
/// </summary>
public sealed class DemoPageRelayLobbyTests(DemoPageFixture fixture) : IClassFixture<DemoPageFixture>
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
        var (a, lobby, aId) = await CreateRelayLobbyAsync();
        await using var _ = a;
        Assert.NotEqual(1, aId);
        Assert.Equal("client", await a.ModeAsync());
        Assert.Equal("SceneMultiplayer", await a.ProfileAsync());
        await a.WaitForPeerAsync(1, "connected");

        await using var b = await DemoPageTab.OpenAsync(fixture, lobby, mesh: false);
        var bId = await b.IdAsync();
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
    public async Task A_page_closing_is_seen_by_the_other_clients_of_a_relay_lobby()
    {
        var (a, lobby, _) = await CreateRelayLobbyAsync();
        await using var __ = a;
        await using var b = await DemoPageTab.OpenAsync(fixture, lobby, mesh: false);
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
        Assert.Equal(new ReceivedPacket(pageId, SceneCommand.Raw, "from the page through the relay"), await dotnet.ReceiveAsync());

        // The page leaving: peer 1 withdraws it from the .NET client (DEL_PEER).
        await page.CloseAsync();
        await dotnet.WaitUntilAsync(m => !m.Peer.GetRelayedPeerIds().Contains(pageId), "the page withdrawn");
    }
}
