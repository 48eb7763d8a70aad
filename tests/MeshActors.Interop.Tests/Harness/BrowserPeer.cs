using System.Text.Json;
using Microsoft.Playwright;

namespace MeshActors.Interop.Tests.Harness;

/// <summary>A page of headless Chromium running <see cref="HarnessScript"/>: one <c>RTCPeerConnection</c>.</summary>
internal sealed class BrowserPeer : IInteropPeer
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly IPage _page;

    private BrowserPeer(IPage page) => _page = page;

    public string Name => "chromium";

    public Action<CandidateMessage>? OnCandidate { get; set; }

    public static async Task<BrowserPeer> OpenAsync(ChromiumBrowser browser)
    {
        var page = await browser.NewPageAsync();
        var peer = new BrowserPeer(page);
        await page.ExposeFunctionAsync(HarnessScript.SignalFunction, (string json) =>
        {
            peer.OnCandidate?.Invoke(CandidateMessage.FromJson(json));
        });
        await page.EvaluateAsync(HarnessScript.Source);
        return peer;
    }

    public Task CreateConnectionAsync() => _page.EvaluateAsync("c => mh.create(c)", "{}");

    public Task CreateChannelAsync(ChannelSpec spec) =>
        _page.EvaluateAsync("([l, i]) => mh.createChannel(l, i)", new object[] { spec.Label, spec.InitJson() });

    public Task<string> CreateOfferAsync() => _page.EvaluateAsync<string>("() => mh.createOffer()");

    public Task<string> AcceptOfferAsync(string sdp) => _page.EvaluateAsync<string>("s => mh.acceptOffer(s)", sdp);

    public Task AcceptAnswerAsync(string sdp) => _page.EvaluateAsync("s => mh.acceptAnswer(s)", sdp);

    public Task AddCandidateAsync(CandidateMessage candidate) => _page.EvaluateAsync("c => mh.addCandidate(c)", candidate.ToJson());

    public Task<ChannelSummary> WaitOpenAsync(string label, TimeSpan timeout) =>
        Summary("([l, t]) => mh.waitOpen(l, t)", label, timeout);

    public Task SetEchoAsync(string label, bool echo) => _page.EvaluateAsync("([l, e]) => mh.setEcho(l, e)", new object[] { label, echo });

    public Task ExpectSizeAsync(string label, int size) => _page.EvaluateAsync("([l, s]) => mh.expectSize(l, s)", new object[] { label, size });

    public Task SendAsync(string label, int first, int count, int size, MessageKind kind) =>
        _page.EvaluateAsync("([l, f, n, s, k]) => mh.send(l, f, n, s, k)", new object[] { label, first, count, size, KindName(kind) });

    public Task<ChannelSummary> WaitReceivedAsync(string label, int count, TimeSpan timeout) =>
        Summary("([l, n, t]) => mh.waitReceived(l, n, t)", label, count, timeout);

    public Task<ChannelSummary> ReceivedAsync(string label) => Summary("([l]) => mh.received(l)", label);

    public Task CloseChannelAsync(string label) => _page.EvaluateAsync("l => mh.close(l)", label);

    public Task<ChannelSummary> WaitClosedAsync(string label, TimeSpan timeout) =>
        Summary("([l, t]) => mh.waitClosed(l, t)", label, timeout);

    public Task CloseConnectionAsync() => _page.EvaluateAsync("() => mh.closeConnection()");

    public async Task<IReadOnlyList<string>> LocalCandidatesAsync() => await _page.EvaluateAsync<string[]>("() => mh.localCandidates()");

    /// <summary>The connection state the page reports (W3C <c>connectionState</c>).</summary>
    public Task<string> ConnectionStateAsync() => _page.EvaluateAsync<string>("() => mh.connectionState()");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _page.EvaluateAsync("() => mh.closeConnection()");
        }
        catch (PlaywrightException)
        {
            // The page may already be gone with its browser.
        }
        await _page.CloseAsync();
    }

    private async Task<ChannelSummary> Summary(string script, params object[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is TimeSpan t)
            {
                args[i] = (int)t.TotalMilliseconds;
            }
        }
        var element = await _page.EvaluateAsync<JsonElement>(script, args);
        return element.Deserialize<ChannelSummary>(Json)!;
    }

    private static string KindName(MessageKind kind) => kind switch
    {
        MessageKind.Text => "text",
        MessageKind.Binary => "binary",
        MessageKind.EmptyText => "empty-text",
        _ => "empty-binary",
    };
}
