using MeshActors.Interop.Tests.Harness;

namespace MeshActors.Interop.Tests;

/// <summary>
/// Sanity of the harness itself: two Chromium pages connected through the .NET signaling relay pass
/// the same checks the .NET stack must pass against Chromium.
/// </summary>
public sealed class ChromiumHarnessTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Two_chromium_pages_connect_through_the_harness_and_exchange_checked_messages_both_ways()
    {
        await using var offerer = await BrowserPeer.OpenAsync(fixture.Browser);
        await using var answerer = await BrowserPeer.OpenAsync(fixture.Browser);
        ChannelSpec[] channels = [new("data"), .. ChannelSpec.Godot()];
        await PeerLink.ConnectAsync(offerer, answerer, channels);

        foreach (var spec in channels)
        {
            await offerer.ExpectSizeAsync(spec.Label, 100);
            await answerer.ExpectSizeAsync(spec.Label, 100);
            await offerer.SendAsync(spec.Label, 0, 200, 100, MessageKind.Binary);
            await answerer.SendAsync(spec.Label, 0, 200, 100, MessageKind.Text);
        }
        foreach (var spec in channels)
        {
            var atAnswerer = await answerer.WaitReceivedAsync(spec.Label, 200, PeerLink.Timeout);
            var atOfferer = await offerer.WaitReceivedAsync(spec.Label, 200, PeerLink.Timeout);
            foreach (var s in new[] { atAnswerer, atOfferer })
            {
                Assert.Equal(200, s.Valid);
                Assert.Equal(0, s.Corrupt);
                Assert.Equal(0, s.Duplicates);
                if (spec.Ordered)
                {
                    Assert.True(s.InOrder, $"{spec.Label} out of order");
                }
            }
        }
        // A pattern check that can fail: a text message checked as another size is corrupt.
        await answerer.ExpectSizeAsync("data", 99);
        await offerer.SendAsync("data", 500, 1, 100, MessageKind.Text);
        var after = await answerer.WaitReceivedAsync("data", 201, PeerLink.Timeout);
        Assert.Equal(1, after.Corrupt);
    }
}
