using MeshActors.Interop.Tests.Harness;
using MeshActors.Multiplayer;
using MeshActors.WebRtc;
using MeshActors.WebRtc.Sdp;

namespace MeshActors.Interop.Tests.Godot;

/// <summary>
/// Wire compatibility of <see cref="WebRtcMultiplayerPeer"/> with what a Godot 4 web export creates and sends
/// (reference/godot.md §1.3, §4, §6.3), against real headless Chromium. The page plays Godot's client 2 and
/// offers, as the client with the higher id does in Godot's signaling demo.
/// </summary>
public sealed class GodotWireCompatibilityTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>Adds a .NET connection for the page as <paramref name="pageId"/>, then runs offer/answer with the page.</summary>
    private static async Task<RtcPeerConnection> ConnectAsync(WebRtcMultiplayerPeer peer, GodotPage page, int pageId)
    {
        var connection = new RtcPeerConnection();
        Assert.Equal(MultiplayerError.Ok, peer.AddPeer(connection, pageId));
        var offer = await page.OfferAsync();
        await connection.SetRemoteDescriptionAsync(new RtcSessionDescription(SdpType.Offer, offer));
        await connection.SetLocalDescriptionAsync();
        await GatheredAsync(connection);
        await page.AnswerAsync(connection.LocalDescription!.Sdp);
        return connection;
    }

    private static async Task PollUntilAsync(Func<bool> condition, params WebRtcMultiplayerPeer[] peers)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            foreach (var peer in peers)
            {
                peer.Poll();
            }
            if (condition())
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(2);
        }
    }

    private static async Task<string> ReceiveAsync(WebRtcMultiplayerPeer peer, params WebRtcMultiplayerPeer[] alsoPoll)
    {
        await PollUntilAsync(() => peer.GetAvailablePacketCount() > 0, [peer, .. alsoPoll]);
        var line = $"from {peer.GetPacketPeer()} channel {peer.GetPacketChannel()} {peer.GetPacketMode()} {peer.GetPacketCommand()}";
        Assert.Equal(MultiplayerError.Ok, peer.GetPacket(out var data));
        return $"{line} {Convert.ToHexString(data).ToLowerInvariant()}";
    }

    [Fact]
    public async Task Chromium_with_godots_three_negotiated_channels_exchanges_packets_with_a_dotnet_server()
    {
        await using var server = new WebRtcMultiplayerPeer();
        server.CreateServer();
        await using var page = await GodotPage.OpenAsync(fixture.Browser);
        await ConnectAsync(server, page, 2);
        var channels = await page.OpenChannelsAsync();
        Assert.Equal(["reliable 1 true true null", "ordered 2 true true null", "unreliable 3 false true null"], channels);
        await PollUntilAsync(() => server.IsPeerConnected(2), server);

        await page.SendAsync("reliable", 0xA1);
        Assert.Equal("from 2 channel 0 Reliable Raw a1", await ReceiveAsync(server));
        await page.SendAsync("ordered", 0xB2, 0x00);
        Assert.Equal("from 2 channel 0 UnreliableOrdered Raw b200", await ReceiveAsync(server));
        await page.SendAsync("unreliable", 0xC3);
        Assert.Equal("from 2 channel 0 Unreliable Raw c3", await ReceiveAsync(server));

        server.TargetPeer = 2;
        foreach (var (mode, value) in new[] { (TransferMode.Reliable, (byte)1), (TransferMode.UnreliableOrdered, (byte)2), (TransferMode.Unreliable, (byte)3) })
        {
            server.TransferMode = mode;
            Assert.Equal(MultiplayerError.Ok, server.PutPacket([value, 0xFF]));
        }
        var received = await page.TakeAsync(3, Timeout);
        Assert.Equal(["ordered 02ff", "reliable 01ff", "unreliable 03ff"], received.Order());
    }

    [Fact]
    public async Task Chromium_sends_godots_raw_and_relay_layouts_and_the_dotnet_server_relays_them_to_another_client()
    {
        var profile = new WebRtcMultiplayerPeerOptions { WireProfile = WireProfile.SceneMultiplayer };
        await using var server = new WebRtcMultiplayerPeer(null, profile);
        await using var client3 = new WebRtcMultiplayerPeer(null, profile);
        server.CreateServer();
        client3.CreateClient(3);

        // The .NET client 3 joins first, over the real stack.
        var toServer = new RtcPeerConnection();
        var toClient = new RtcPeerConnection();
        Assert.Equal(MultiplayerError.Ok, client3.AddPeer(toServer, 1));
        Assert.Equal(MultiplayerError.Ok, server.AddPeer(toClient, 3));
        await NegotiateAsync(toServer, toClient);
        await PollUntilAsync(() => client3.ConnectionStatus == ConnectionStatus.Connected && server.IsPeerConnected(3), server, client3);

        // Then the page joins as client 2: the server introduces 3 to it (ADD_PEER on "reliable").
        await using var page = await GodotPage.OpenAsync(fixture.Browser);
        await ConnectAsync(server, page, 2);
        await page.OpenChannelsAsync();
        await PollUntilAsync(() => server.IsPeerConnected(2) && client3.GetRelayedPeerIds().Contains(2), server, client3);
        Assert.Equal(["reliable 070103000000"], await page.TakeAsync(1, Timeout));

        // RAW (send_bytes) to the server.
        await page.SendAsync("reliable", 0x03, 0x68, 0x69);
        Assert.Equal("from 2 channel 0 Reliable Raw 6869", await ReceiveAsync(server, client3));

        // SYS RELAY to client 3, on the unordered channel: the server re-wraps it with the source and keeps the channel.
        await page.SendAsync("unreliable", 0x07, 0x03, 0x03, 0x00, 0x00, 0x00, 0x03, 0x42);
        Assert.Equal("from 2 channel 0 Unreliable Raw 42", await ReceiveAsync(client3, server));

        // An RPC (REMOTE_CALL) relayed untouched.
        await page.SendAsync("reliable", 0x07, 0x03, 0x03, 0x00, 0x00, 0x00, 0x00, 0x05, 0x01);
        Assert.Equal("from 2 channel 0 Reliable RemoteCall 000501", await ReceiveAsync(client3, server));

        // Client 3 answers through the server: the page receives Godot's RELAY layout with the source id 3.
        client3.TargetPeer = 2;
        client3.TransferMode = TransferMode.UnreliableOrdered;
        Assert.Equal(MultiplayerError.Ok, client3.PutPacket([0x99]));
        Assert.Equal(["ordered 0703030000000399"], await page.TakeAsync(1, Timeout));
    }

    /// <summary>Offer/answer between two .NET connections with complete candidate lists (no trickle).</summary>
    private static async Task NegotiateAsync(RtcPeerConnection offerer, RtcPeerConnection answerer)
    {
        await offerer.SetLocalDescriptionAsync();
        await GatheredAsync(offerer);
        await answerer.SetRemoteDescriptionAsync(offerer.LocalDescription!);
        await answerer.SetLocalDescriptionAsync();
        await GatheredAsync(answerer);
        await offerer.SetRemoteDescriptionAsync(answerer.LocalDescription!);
    }

    private static async Task GatheredAsync(RtcPeerConnection connection)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (connection.IceGatheringState != RtcIceGatheringState.Complete && DateTime.UtcNow < deadline)
        {
            await Task.Delay(5);
        }
    }
}
