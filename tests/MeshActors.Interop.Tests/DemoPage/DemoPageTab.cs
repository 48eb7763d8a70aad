using System.Globalization;
using Microsoft.Playwright;

namespace MeshActors.Interop.Tests.DemoPage;

/// <summary>
/// One browser tab showing MeshHost's demo page (src/MeshHost/wwwroot/index.html), driven through its form and read
/// from its DOM: <c>#myid</c>, <c>#mode</c>, <c>#profile</c>, <c>#lobbyname</c>, the peer list
/// (<c>#peers li[data-peer][data-state]</c>) and received chat lines (<c>#log .chat[data-from]</c>).
/// A wait that times out reports the page's log.
/// </summary>
internal sealed class DemoPageTab : IAsyncDisposable
{
    private readonly IPage _page;
    private bool _closed;

    private DemoPageTab(IPage page) => _page = page;

    /// <summary>
    /// Opens the page with a link that fills the form and starts (<c>?lobby=…&amp;mesh=…&amp;framing=…&amp;autostart=1</c>),
    /// as a shared lobby link does. An empty <paramref name="lobby"/> creates a lobby.
    /// </summary>
    public static async Task<DemoPageTab> OpenAsync(DemoPageFixture fixture, string lobby, bool mesh, string framing = "auto")
    {
        var page = await fixture.Browser.NewPageAsync();
        page.SetDefaultTimeout((float)DemoPageFixture.Timeout.TotalMilliseconds);
        var query = $"?lobby={Uri.EscapeDataString(lobby)}&mesh={(mesh ? 1 : 0)}&framing={framing}&autostart=1";
        await page.GotoAsync(new Uri(fixture.PageUri, query).ToString());
        return new DemoPageTab(page);
    }

    /// <summary>Opens the page as a user typing the server's address does: nothing filled in, nothing started.</summary>
    public static async Task<DemoPageTab> OpenBlankAsync(DemoPageFixture fixture)
    {
        var page = await fixture.Browser.NewPageAsync();
        page.SetDefaultTimeout((float)DemoPageFixture.Timeout.TotalMilliseconds);
        await page.GotoAsync(fixture.PageUri.ToString());
        return new DemoPageTab(page);
    }

    /// <summary>Clicks "New relay lobby" (shown when the server hosts relay lobbies by name prefix).</summary>
    public Task NewRelayLobbyAsync() => _page.Locator("#relay").ClickAsync();

    /// <summary>What the page says about the server's relay lobbies ("" when it says nothing).</summary>
    public async Task<string> RelayHintAsync() =>
        await _page.Locator("#relayhint").IsVisibleAsync() ? await _page.Locator("#relayhint").TextContentAsync() ?? "" : "";

    /// <summary>The kind of lobby shown after its name: (mesh), (client/server) or (relay: …).</summary>
    public async Task<string> LobbyKindAsync() => await _page.Locator("#lobbykind").TextContentAsync() ?? "";

    /// <summary>Waits for the id the lobby assigned.</summary>
    public async Task<int> IdAsync()
    {
        await WaitAsync("an id", () => _page.WaitForFunctionAsync("() => /^[0-9]+$/.test(document.getElementById('myid').textContent)"));
        return int.Parse(await _page.Locator("#myid").TextContentAsync() ?? "", CultureInfo.InvariantCulture);
    }

    /// <summary>Waits for the lobby's name (the JOIN answer).</summary>
    public async Task<string> LobbyAsync()
    {
        await WaitAsync("the lobby's name", () => _page.WaitForFunctionAsync("() => document.getElementById('lobbyname').textContent !== '–'"));
        return await _page.Locator("#lobbyname").TextContentAsync() ?? "";
    }

    /// <summary>The mode shown (mesh, server, client).</summary>
    public async Task<string> ModeAsync() => await _page.Locator("#mode").TextContentAsync() ?? "";

    /// <summary>The framing in use (raw, SceneMultiplayer).</summary>
    public async Task<string> ProfileAsync() => await _page.Locator("#profile").TextContentAsync() ?? "";

    /// <summary>Waits until the peer list shows <paramref name="peerId"/> as <paramref name="state"/> (connected, relayed).</summary>
    public Task WaitForPeerAsync(int peerId, string state) =>
        WaitAsync($"peer {peerId} {state}", () => _page.Locator($"#peers li[data-peer='{peerId}'][data-state='{state}']").WaitForAsync());

    /// <summary>Waits until the peer list no longer shows <paramref name="peerId"/>.</summary>
    public Task WaitForPeerGoneAsync(int peerId) =>
        WaitAsync($"peer {peerId} gone", () => _page.Locator($"#peers li[data-peer='{peerId}']").WaitForAsync(new() { State = WaitForSelectorState.Detached }));

    /// <summary>The peer list as "id state" lines.</summary>
    public async Task<string[]> PeersAsync() =>
        [.. await _page.Locator("#peers li").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.peer + ' ' + i.dataset.state)")];

    /// <summary>Sends <paramref name="text"/> through the chat form to everyone (0) or one peer.</summary>
    public async Task SayAsync(string text, int to = 0)
    {
        await _page.Locator("#to").SelectOptionAsync(to.ToString(CultureInfo.InvariantCulture));
        await _page.Locator("#text").FillAsync(text);
        await _page.Locator("#chat button").ClickAsync();
    }

    /// <summary>Waits for a received chat line from <paramref name="from"/> containing <paramref name="text"/>; returns the line after its time.</summary>
    public async Task<string> WaitForChatAsync(int from, string text)
    {
        var line = _page.Locator($"#log .chat[data-from='{from}']").Filter(new() { HasText = text }).First;
        await WaitAsync($"\"{text}\" from {from}", () => line.WaitForAsync());
        var content = await line.TextContentAsync() ?? "";
        return content[(content.IndexOf("  ", StringComparison.Ordinal) + 2)..];
    }

    /// <summary>Every received chat line, after its time.</summary>
    public async Task<string[]> ChatAsync() =>
        [.. await _page.Locator("#log .chat").EvaluateAllAsync<string[]>("lines => lines.map(l => l.textContent.slice(l.textContent.indexOf('  ') + 2))")];

    /// <summary>Closes the tab, as a user closing it does (its connections and signaling go with it).</summary>
    public async Task CloseAsync()
    {
        if (!_closed)
        {
            _closed = true;
            await _page.CloseAsync();
        }
    }

    public ValueTask DisposeAsync() => new(CloseAsync());

    private async Task WaitAsync(string what, Func<Task> wait)
    {
        try
        {
            await wait();
        }
        catch (System.TimeoutException e)
        {
            var log = await _page.Locator("#log").InnerTextAsync(new() { Timeout = 1000 });
            throw new System.TimeoutException($"Timed out waiting for {what}. Page log:\n{log}", e);
        }
    }
}
