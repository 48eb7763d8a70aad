using MeshActors.Interop.Tests.Harness;
using MeshActors.WebRtc;
using MeshActors.WebRtc.Sdp;

namespace MeshActors.Interop.Tests;

/// <summary>ICE and DTLS against real Chromium, in both roles: both ends reach "connected".</summary>
public sealed class ChromiumConnectionTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Chromium_and_the_dotnet_stack_connect_ICE_and_DTLS_in_either_role(bool browserOffers)
    {
        await using var browser = await BrowserPeer.OpenAsync(fixture.Browser);
        await using var pc = new RtcPeerConnection();
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pc.ConnectionStateChanged += s =>
        {
            if (s == RtcPeerConnectionState.Connected)
            {
                connected.TrySetResult();
            }
            else if (s == RtcPeerConnectionState.Failed)
            {
                connected.TrySetException(new InvalidOperationException($"failed: {pc.DtlsError?.Message}"));
            }
        };
        var remoteReady = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var browserReady = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        browser.OnCandidate = c => _ = remoteReady.Task.ContinueWith(_ => pc.AddIceCandidateAsync(new RtcIceCandidateInit(c.Candidate, c.SdpMid, c.SdpMLineIndex)));
        pc.IceCandidate += c => _ = browserReady.Task.ContinueWith(_ => browser.AddCandidateAsync(new CandidateMessage(c.Candidate, c.SdpMid, c.SdpMLineIndex)));
        await browser.CreateConnectionAsync();
        await browser.CreateChannelAsync(new ChannelSpec("data"));

        if (browserOffers)
        {
            var offer = await browser.CreateOfferAsync();
            await pc.SetRemoteDescriptionAsync(new RtcSessionDescription(SdpType.Offer, offer));
            remoteReady.SetResult();
            await pc.SetLocalDescriptionAsync();
            await browser.AcceptAnswerAsync(pc.LocalDescription!.Sdp);
            browserReady.SetResult();
        }
        else
        {
            await pc.SetLocalDescriptionAsync();
            var answer = await browser.AcceptOfferAsync(pc.LocalDescription!.Sdp);
            browserReady.SetResult();
            await pc.SetRemoteDescriptionAsync(new RtcSessionDescription(SdpType.Answer, answer));
            remoteReady.SetResult();
        }

        await connected.Task.WaitAsync(Timeout);
        var deadline = DateTime.UtcNow + Timeout;
        while (await browser.ConnectionStateAsync() != "connected" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.Equal("connected", await browser.ConnectionStateAsync());
    }
}
