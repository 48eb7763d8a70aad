using MeshActors.Multiplayer;
using MeshActors.Relay;

namespace MeshActors.Interop.Tests.DemoPage;

/// <summary>
/// MeshHost's demo page in mesh lobbies, in real Chromium against the real server: pages and .NET peers connect to
/// each other directly and chat as raw UTF-8 on channel 1.
/// </summary>
public sealed class DemoPageMeshLobbyTests(DemoPageFixture fixture) : IClassFixture<DemoPageFixture>
{
    [Fact]
    public async Task Two_pages_in_a_mesh_lobby_connect_to_each_other_and_chat_both_ways()
    {
        await using var a = await DemoPageTab.OpenAsync(fixture, lobby: "", mesh: true);
        var lobby = await a.LobbyAsync();
        var aId = await a.IdAsync();
        Assert.Equal(1, aId);
        Assert.Equal("mesh", await a.ModeAsync());
        Assert.Equal("(mesh)", await a.LobbyKindAsync());
        Assert.Equal("raw", await a.ProfileAsync());

        await using var b = await DemoPageTab.OpenAsync(fixture, lobby, mesh: true);
        var bId = await b.IdAsync();
        await a.WaitForPeerAsync(bId, "connected");
        await b.WaitForPeerAsync(aId, "connected");

        await a.SayAsync("hello from a");
        Assert.Equal($"{aId}: hello from a", await b.WaitForChatAsync(aId, "hello from a"));
        await b.SayAsync("héllo from b ✓", to: aId);
        Assert.Equal($"{bId}: héllo from b ✓", await a.WaitForChatAsync(bId, "héllo from b ✓"));
    }

    [Fact]
    public async Task A_page_closing_is_seen_by_the_other_members_of_a_mesh_lobby()
    {
        await using var a = await DemoPageTab.OpenAsync(fixture, lobby: "", mesh: true);
        var lobby = await a.LobbyAsync();
        var aId = await a.IdAsync();
        await using var b = await DemoPageTab.OpenAsync(fixture, lobby, mesh: true);
        var bId = await b.IdAsync();
        await using var c = await DemoPageTab.OpenAsync(fixture, lobby, mesh: true);
        var cId = await c.IdAsync();
        await a.WaitForPeerAsync(cId, "connected");
        await b.WaitForPeerAsync(cId, "connected");
        await c.WaitForPeerAsync(aId, "connected");
        await c.WaitForPeerAsync(bId, "connected");

        await c.CloseAsync();
        await a.WaitForPeerGoneAsync(cId);
        await b.WaitForPeerGoneAsync(cId);
        Assert.Equal([$"{bId} connected"], await a.PeersAsync());
        Assert.Equal([$"{aId} connected"], await b.PeersAsync());
    }

    [Fact]
    public async Task A_page_and_a_DotNet_peer_in_a_mesh_lobby_exchange_messages_both_ways()
    {
        await using var dotnet = await DotNetMember.JoinAsync(fixture.SignalingUri, lobby: "", mesh: true, WireProfile.Raw);
        var (dotnetId, lobby) = await dotnet.JoinedAsync();
        await using var page = await DemoPageTab.OpenAsync(fixture, lobby, mesh: true);
        var pageId = await page.IdAsync();
        await page.WaitForPeerAsync(dotnetId, "connected");
        await dotnet.WaitUntilAsync(m => m.Peer.IsPeerConnected(pageId), "the page connected");

        Assert.Equal(MultiplayerError.Ok, await dotnet.SendAsync(pageId, "from .NET ✓"));
        Assert.Equal($"{dotnetId}: from .NET ✓", await page.WaitForChatAsync(dotnetId, "from .NET ✓"));
        await page.SayAsync("from the page ✓");
        Assert.Equal((pageId, SceneCommand.Raw, "from the page ✓"), (await dotnet.ReceiveAsync()).Summary);

        // The page leaving is seen by .NET as Godot would report it: the peer is disconnected and removed.
        await page.CloseAsync();
        await dotnet.WaitUntilAsync(m => !m.Peer.HasPeer(pageId), "the page removed");
    }
}
