using Microsoft.Playwright;

namespace MeshActors.Interop.Tests.Godot;

/// <summary>
/// A Chromium page that behaves like a Godot 4 web export's <c>WebRTCMultiplayerPeer</c> (reference/godot.md §1.3,
/// §6.2): one <c>RTCPeerConnection</c> with Godot's three negotiated channels, created with the very options
/// dictionary Godot passes (including its misspelt <c>maxPacketLifetime</c>, which the browser ignores), binary
/// messages as <c>ArrayBuffer</c>. Bytes cross the Playwright boundary as hex strings.
/// </summary>
internal sealed class GodotPage : IAsyncDisposable
{
    private const string Script = """
        window.gd = (() => {
          const inbox = [];
          const channels = new Map();
          let pc = null;
          const hex = b => Array.from(new Uint8Array(b), x => x.toString(16).padStart(2, '0')).join('');
          const bytes = h => new Uint8Array(h.match(/../g).map(x => parseInt(x, 16)));
          function gathered() {
            if (pc.iceGatheringState === 'complete') return Promise.resolve();
            return new Promise(r => pc.addEventListener('icegatheringstatechange', () => { if (pc.iceGatheringState === 'complete') r(); }));
          }
          return {
            create() {
              pc = new RTCPeerConnection({ iceServers: [] });
              const godot = [
                ['reliable', { negotiated: true, id: 1, ordered: true }],
                ['ordered', { negotiated: true, id: 2, ordered: true, maxPacketLifetime: 1 }],
                ['unreliable', { negotiated: true, id: 3, ordered: false, maxPacketLifetime: 1 }],
              ];
              for (const [label, init] of godot) {
                const ch = pc.createDataChannel(label, init);
                ch.binaryType = 'arraybuffer';
                ch.onmessage = e => inbox.push(label + ' ' + (typeof e.data === 'string' ? 'text' : hex(e.data)));
                channels.set(label, ch);
              }
            },
            async offer() {
              await pc.setLocalDescription(await pc.createOffer());
              await gathered();
              return pc.localDescription.sdp;
            },
            async answer(sdp) { await pc.setRemoteDescription({ type: 'answer', sdp }); },
            async open() {
              const all = [...channels.values()];
              await Promise.all(all.map(ch => ch.readyState === 'open' ? null : new Promise(r => ch.addEventListener('open', r))));
              return all.map(ch => `${ch.label} ${ch.id} ${ch.ordered} ${ch.negotiated} ${ch.maxPacketLifeTime}`);
            },
            send(label, h) { channels.get(label).send(bytes(h)); },
            async take(count, ms) {
              const end = Date.now() + ms;
              while (inbox.length < count && Date.now() < end) await new Promise(r => setTimeout(r, 5));
              return inbox.splice(0, inbox.length);
            },
            close() { pc.close(); },
          };
        })();
        """;

    private readonly IPage _page;

    private GodotPage(IPage page) => _page = page;

    public static async Task<GodotPage> OpenAsync(ChromiumBrowser browser)
    {
        var page = await browser.NewPageAsync();
        await page.EvaluateAsync(Script);
        await page.EvaluateAsync("() => gd.create()");
        return new GodotPage(page);
    }

    /// <summary>Creates the offer and waits for every candidate (no trickle needed).</summary>
    public Task<string> OfferAsync() => _page.EvaluateAsync<string>("() => gd.offer()");

    public Task AnswerAsync(string sdp) => _page.EvaluateAsync("s => gd.answer(s)", sdp);

    /// <summary>Waits until the three channels are open; returns "label id ordered negotiated maxPacketLifeTime" of each.</summary>
    public Task<string[]> OpenChannelsAsync() => _page.EvaluateAsync<string[]>("() => gd.open()");

    public Task SendAsync(string label, params byte[] data) =>
        _page.EvaluateAsync("([l, h]) => gd.send(l, h)", new object[] { label, Convert.ToHexString(data).ToLowerInvariant() });

    /// <summary>Waits up to <paramref name="timeout"/> for <paramref name="count"/> messages; returns "label hex" lines.</summary>
    public Task<string[]> TakeAsync(int count, TimeSpan timeout) =>
        _page.EvaluateAsync<string[]>("([c, ms]) => gd.take(c, ms)", new object[] { count, (int)timeout.TotalMilliseconds });

    public async ValueTask DisposeAsync()
    {
        await _page.EvaluateAsync("() => gd.close()");
        await _page.CloseAsync();
    }
}
