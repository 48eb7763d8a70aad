using MeshActors.Interop.Tests.Harness;
using MeshActors.WebRtc;

namespace MeshActors.Interop.Tests;

/// <summary>Which side is the browser: each scenario runs with Chromium offering and with .NET offering.</summary>
public enum Pairing
{
    ChromiumOffers,
    DotNetOffers,
}

/// <summary>
/// Data channels between headless Chromium and the .NET stack, in both roles: in-band and negotiated channels
/// (Godot's layout), many and large messages checked byte for byte, text/binary/empty messages, closes, and
/// the browser's mDNS-hidden host addresses.
/// </summary>
public sealed class DataChannelInteropTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly TimeSpan Timeout = PeerLink.Timeout;

    public static TheoryData<Pairing> Pairings => [Pairing.ChromiumOffers, Pairing.DotNetOffers];

    [Theory]
    [MemberData(nameof(Pairings))]
    public async Task One_in_band_channel_opened_by_each_side_opens_on_both_and_carries_messages_both_ways(Pairing pairing)
    {
        await using var peers = await Peers.OpenAsync(fixture, pairing);
        ChannelSpec[] channels = [new("by-offerer", By: Side.Offerer), new("by-answerer", By: Side.Answerer)];
        await PeerLink.ConnectAsync(peers.Offerer, peers.Answerer, channels);

        foreach (var spec in channels)
        {
            var atOfferer = await peers.Offerer.ReceivedAsync(spec.Label);
            var atAnswerer = await peers.Answerer.ReceivedAsync(spec.Label);
            Assert.Equal(atOfferer.Id, atAnswerer.Id);
            Assert.False(atOfferer.Negotiated);
            // RFC 8832 §6: the DTLS client (the answerer here, a=setup:active) uses even ids, the server odd ones.
            Assert.Equal(spec.By == Side.Offerer ? 1 : 0, atOfferer.Id!.Value % 2);
        }
        await ExchangeAsync(peers, channels, count: 20, size: 64, MessageKind.Binary);
    }

    [Theory]
    [MemberData(nameof(Pairings))]
    public async Task Godots_negotiated_channels_open_with_their_ids_and_options_and_deliver(Pairing pairing)
    {
        await using var peers = await Peers.OpenAsync(fixture, pairing);
        var channels = ChannelSpec.Godot();
        await PeerLink.ConnectAsync(peers.Offerer, peers.Answerer, channels);
        foreach (var spec in channels)
        {
            foreach (var peer in new[] { peers.Offerer, peers.Answerer })
            {
                var s = await peer.ReceivedAsync(spec.Label);
                Assert.Equal(spec.Id, s.Id);
                Assert.Equal(spec.Ordered, s.Ordered);
                Assert.True(s.Negotiated);
            }
        }
        await ExchangeAsync(peers, channels, count: 100, size: 100, MessageKind.Binary);
    }

    [Theory]
    [MemberData(nameof(Pairings))]
    public async Task Godots_channels_with_max_packet_lifetime_deliver_without_duplicates_or_corruption(Pairing pairing)
    {
        await using var peers = await Peers.OpenAsync(fixture, pairing);
        var channels = ChannelSpec.Godot(lifetime: 100);
        await PeerLink.ConnectAsync(peers.Offerer, peers.Answerer, channels);
        foreach (var peer in new[] { peers.Offerer, peers.Answerer })
        {
            Assert.Null((await peer.ReceivedAsync("reliable")).MaxPacketLifeTime);
            Assert.Equal(100, (await peer.ReceivedAsync("ordered")).MaxPacketLifeTime);
            Assert.Equal(100, (await peer.ReceivedAsync("unreliable")).MaxPacketLifeTime);
        }
        await ExchangeAsync(peers, channels, count: 100, size: 100, MessageKind.Text);
    }

    [Theory]
    [Trait("Category", "Slow")]
    [MemberData(nameof(Pairings))]
    public async Task A_thousand_messages_each_way_arrive_byte_for_byte_and_in_order_on_ordered_channels(Pairing pairing)
    {
        await using var peers = await Peers.OpenAsync(fixture, pairing);
        var channels = ChannelSpec.Godot();
        await PeerLink.ConnectAsync(peers.Offerer, peers.Answerer, channels);
        await ExchangeAsync(peers, channels, count: 1000, size: 1000, MessageKind.Binary);
    }

    [Theory]
    [Trait("Category", "Slow")]
    [MemberData(nameof(Pairings))]
    public async Task A_256_KiB_message_crosses_each_way_as_binary_and_as_text(Pairing pairing)
    {
        await using var peers = await Peers.OpenAsync(fixture, pairing);
        ChannelSpec[] channels = [new("big")];
        await PeerLink.ConnectAsync(peers.Offerer, peers.Answerer, channels);
        const int Size = 256 * 1024;
        foreach (var (from, to) in new[] { (peers.Offerer, peers.Answerer), (peers.Answerer, peers.Offerer) })
        {
            await to.ExpectSizeAsync("big", Size);
            await from.SendAsync("big", 0, 1, Size, MessageKind.Binary);
            await from.SendAsync("big", 1, 1, Size, MessageKind.Text);
            var s = await to.WaitReceivedAsync("big", 2, Timeout);
            Assert.Equal(2, s.Valid);
            Assert.Equal(1, s.Binary);
            Assert.Equal(1, s.Text);
            Assert.Equal(2L * Size, s.Bytes);
            Assert.Equal(0, s.Corrupt);
        }
    }

    [Theory]
    [MemberData(nameof(Pairings))]
    public async Task String_binary_and_empty_messages_keep_their_type_and_content(Pairing pairing)
    {
        await using var peers = await Peers.OpenAsync(fixture, pairing);
        ChannelSpec[] channels = [new("mixed")];
        await PeerLink.ConnectAsync(peers.Offerer, peers.Answerer, channels);
        foreach (var (from, to) in new[] { (peers.Offerer, peers.Answerer), (peers.Answerer, peers.Offerer) })
        {
            await from.SendAsync("mixed", 0, 5, 30, MessageKind.Text);
            await from.SendAsync("mixed", 0, 1, 0, MessageKind.EmptyText);
            await from.SendAsync("mixed", 5, 5, 30, MessageKind.Binary);
            await from.SendAsync("mixed", 0, 1, 0, MessageKind.EmptyBinary);
            var s = await to.WaitReceivedAsync("mixed", 12, Timeout);
            Assert.Equal(12, s.Received);
            Assert.Equal(6, s.Text);
            Assert.Equal(6, s.Binary);
            Assert.Equal(2, s.Empty);
            Assert.Equal(10, s.Valid);
            Assert.Equal(0, s.Corrupt);
            Assert.True(s.InOrder);
        }
    }

    [Theory]
    [MemberData(nameof(Pairings))]
    public async Task A_close_on_either_side_reaches_the_other_and_closing_the_connection_closes_the_peers_channels(Pairing pairing)
    {
        await using var peers = await Peers.OpenAsync(fixture, pairing);
        ChannelSpec[] channels = [new("a"), new("b", By: Side.Answerer), new("c")];
        await PeerLink.ConnectAsync(peers.Offerer, peers.Answerer, channels);

        await peers.Offerer.CloseChannelAsync("a");
        Assert.Equal("closed", (await peers.Answerer.WaitClosedAsync("a", Timeout)).State);
        Assert.Equal("closed", (await peers.Offerer.WaitClosedAsync("a", Timeout)).State);
        await peers.Answerer.CloseChannelAsync("b");
        Assert.Equal("closed", (await peers.Offerer.WaitClosedAsync("b", Timeout)).State);
        Assert.Equal("closed", (await peers.Answerer.WaitClosedAsync("b", Timeout)).State);
        Assert.Equal("open", (await peers.Offerer.ReceivedAsync("c")).State);

        await peers.Offerer.CloseConnectionAsync();
        Assert.Equal("closed", (await peers.Answerer.WaitClosedAsync("c", Timeout)).State);
    }

    /// <summary>How the browser's candidates reach the .NET side in scenario (g).</summary>
    public enum BrowserCandidates
    {
        /// <summary>As the browser sends them (mDNS names), resolved by the default multicast DNS resolver.</summary>
        Resolved,

        /// <summary>As the browser sends them, but the .NET side cannot resolve any name.</summary>
        Unresolvable,

        /// <summary>Not at all (only end-of-candidates): the browser's address is learned from its checks.</summary>
        Withheld,
    }

    public static TheoryData<Pairing, BrowserCandidates> MdnsCases => new()
    {
        { Pairing.ChromiumOffers, BrowserCandidates.Resolved },
        { Pairing.DotNetOffers, BrowserCandidates.Resolved },
        { Pairing.ChromiumOffers, BrowserCandidates.Unresolvable },
        { Pairing.DotNetOffers, BrowserCandidates.Unresolvable },
        { Pairing.ChromiumOffers, BrowserCandidates.Withheld },
        { Pairing.DotNetOffers, BrowserCandidates.Withheld },
    };

    [Theory]
    [MemberData(nameof(MdnsCases))]
    public async Task The_browsers_host_addresses_arrive_as_mdns_names_or_not_at_all_and_the_connection_comes_up(Pairing pairing, BrowserCandidates mode)
    {
        var configuration = mode == BrowserCandidates.Unresolvable ? new RtcConfiguration { HostNameResolver = new NoNames() } : null;
        await using var peers = await Peers.OpenAsync(fixture, pairing, configuration);
        ChannelSpec[] channels = [new("data")];
        await PeerLink.ConnectAsync(peers.Offerer, peers.Answerer, channels, _ => mode != BrowserCandidates.Withheld);
        await ExchangeAsync(peers, channels, count: 10, size: 20, MessageKind.Text);

        var hosts = 0;
        foreach (var line in await peers.Browser.LocalCandidatesAsync())
        {
            var fields = line.Split(' ');
            if (fields[7] == "host")
            {
                hosts++;
                Assert.EndsWith(".local", fields[4]);
            }
        }
        var stats = await peers.DotNet.Connection.GetStatsAsync();
        var remote = stats.RemoteCandidate!;
        Assert.DoesNotContain(".local", remote.Address);
        if (mode != BrowserCandidates.Resolved || hosts == 0)
        {
            // Nothing usable was signalled: the browser's address came from its connectivity checks (RFC 8445 §7.3.1.3).
            Assert.Equal("prflx", remote.CandidateType);
        }
    }

    /// <summary>A resolver that knows no name, as on a network where multicast DNS does not reach the browser.</summary>
    private sealed class NoNames : MeshActors.WebRtc.Ice.IHostNameResolver
    {
        public Task<System.Net.IPAddress?> ResolveAsync(string hostName, CancellationToken cancellationToken) => Task.FromResult<System.Net.IPAddress?>(null);
    }

    /// <summary>Each side sends <paramref name="count"/> numbered messages on every channel; the other checks them.</summary>
    private static async Task ExchangeAsync(Peers peers, IReadOnlyList<ChannelSpec> channels, int count, int size, MessageKind kind)
    {
        foreach (var spec in channels)
        {
            await peers.Offerer.ExpectSizeAsync(spec.Label, size);
            await peers.Answerer.ExpectSizeAsync(spec.Label, size);
        }
        var sends = new List<Task>();
        foreach (var spec in channels)
        {
            sends.Add(peers.Offerer.SendAsync(spec.Label, 0, count, size, kind));
            sends.Add(peers.Answerer.SendAsync(spec.Label, 0, count, size, kind));
        }
        await Task.WhenAll(sends);
        foreach (var spec in channels)
        {
            foreach (var receiver in new[] { peers.Offerer, peers.Answerer })
            {
                ChannelSummary s;
                if (spec.Reliable)
                {
                    s = await receiver.WaitReceivedAsync(spec.Label, count, Timeout);
                    Assert.Equal(count, s.Valid);
                }
                else
                {
                    // Partially reliable: at least one arrives; give the rest a moment, never require all.
                    s = await receiver.WaitReceivedAsync(spec.Label, 1, Timeout);
                    await Task.Delay(200);
                    s = await receiver.ReceivedAsync(spec.Label);
                    Assert.InRange(s.Valid, 1, count);
                }
                Assert.Equal(0, s.Corrupt);
                Assert.Equal(0, s.Duplicates);
                if (spec.Ordered)
                {
                    Assert.True(s.InOrder, $"{spec.Label} at {receiver.Name}: out of order");
                }
            }
        }
    }

    private sealed class Peers : IAsyncDisposable
    {
        private Peers(BrowserPeer browser, DotNetPeer dotnet, Pairing pairing)
        {
            Browser = browser;
            DotNet = dotnet;
            Offerer = pairing == Pairing.ChromiumOffers ? browser : dotnet;
            Answerer = pairing == Pairing.ChromiumOffers ? dotnet : browser;
        }

        public BrowserPeer Browser { get; }

        public DotNetPeer DotNet { get; }

        public IInteropPeer Offerer { get; }

        public IInteropPeer Answerer { get; }

        public static async Task<Peers> OpenAsync(BrowserFixture fixture, Pairing pairing, RtcConfiguration? configuration = null) =>
            new(await BrowserPeer.OpenAsync(fixture.Browser), new DotNetPeer(configuration), pairing);

        public async ValueTask DisposeAsync()
        {
            await Browser.DisposeAsync();
            await DotNet.DisposeAsync();
        }
    }
}
