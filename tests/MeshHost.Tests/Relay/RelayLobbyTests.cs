using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using MeshActors.Multiplayer;
using MeshActors.Signaling;
using MeshActors.WebRtc;
using MeshHost.Relay;
using MeshHost.Tests.Signaling;
using Microsoft.Extensions.DependencyInjection;

namespace MeshHost.Tests.Relay;

/// <summary>
/// Relay lobbies: MeshHost is peer 1 (server mode, SceneMultiplayer profile) and clients reach each other through it.
/// Real connections over loopback UDP, real server.
/// </summary>
public sealed class RelayLobbyTests(SignalingServerFixture server) : IClassFixture<SignalingServerFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static MultiplayerSignalingOptions Loopback() => new()
    {
        Configuration = new RtcConfiguration { HostCandidates = RtcHostCandidatePolicy.LoopbackOnly, EnableIPv6 = false },
    };

    private static WebRtcMultiplayerPeer SceneMultiplayerPeer() => new(options: new WebRtcMultiplayerPeerOptions { WireProfile = WireProfile.SceneMultiplayer });

    private static async Task PollUntilAsync(Func<bool> done, string what, params (MultiplayerSignaling Signaling, WebRtcMultiplayerPeer Peer)[] members)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            foreach (var (signaling, peer) in members)
            {
                signaling.Poll();
                peer.Poll();
            }
            await Task.Delay(5);
        }
    }

    [Fact]
    public async Task Joining_the_relay_lobby_name_creates_a_lobby_hosted_by_MeshHost_through_which_clients_reach_each_other()
    {
        var meter = server.Server.Services.GetRequiredService<RelayMetrics>().Meter;
        var totals = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => totals.AddOrUpdate(instrument.Name, value, (_, old) => old + value));
        listener.Start();

        await using var a = SceneMultiplayerPeer();
        await using var signalingA = await MultiplayerSignaling.JoinAsync(server.Uri, "relay", mesh: false, a, Loopback());
        await PollUntilAsync(() => a.ConnectionStatus == ConnectionStatus.Connected, "a connected to MeshHost", (signalingA, a));
        Assert.Equal(NetworkMode.Client, a.Mode);
        Assert.NotEqual("relay", signalingA.Lobby);
        Assert.Matches("^[A-Za-z0-9]{16}$", signalingA.Lobby);
        Assert.Equal([1], a.GetPeerIds());

        await using var b = SceneMultiplayerPeer();
        await using var signalingB = await MultiplayerSignaling.JoinAsync(server.Uri, signalingA.Lobby!, mesh: false, b, Loopback());
        var members = new[] { (signalingA, a), (signalingB, b) };
        await PollUntilAsync(() => b.ConnectionStatus == ConnectionStatus.Connected, "b connected to MeshHost", members);
        var aId = signalingA.PeerId;
        var bId = signalingB.PeerId;
        // Peer exchange through the server: each client learns of the other without a connection to it.
        await PollUntilAsync(() => a.GetRelayedPeerIds().Contains(bId) && b.GetRelayedPeerIds().Contains(aId), "the relayed peers announced", members);
        Assert.False(a.HasPeer(bId));

        a.TargetPeer = bId;
        Assert.Equal(MultiplayerError.Ok, a.PutPacket("through the relay"u8));
        string? received = null;
        var source = 0;
        await PollUntilAsync(() =>
        {
            while (received is null && b.GetAvailablePacketCount() > 0)
            {
                source = b.GetPacketPeer();
                Assert.Equal(MultiplayerError.Ok, b.GetPacket(out var packet));
                received = Encoding.UTF8.GetString(packet);
            }
            return received is not null;
        }, "the relayed packet", members);
        Assert.Equal("through the relay", received);
        Assert.Equal(aId, source);
        await PollUntilAsync(() => totals.GetValueOrDefault("meshhost.relay.packets.relayed") >= 1, "the relay counted on its meter", members);
        Assert.True(totals.GetValueOrDefault("meshhost.relay.lobbies.created") >= 1);

        // b leaving is announced to a by the server (DEL_PEER).
        await signalingB.DisposeAsync();
        await b.DisposeAsync();
        await PollUntilAsync(() => !a.GetRelayedPeerIds().Contains(bId), "b withdrawn", (signalingA, a));
    }

    [Fact]
    public async Task With_relaying_off_the_relay_name_is_an_ordinary_unknown_lobby()
    {
        await using var quiet = await SignalingServerFixture.StartAsync([.. SignalingServerFixture.FastArgs, "--no-relay"]);
        await using var client = await SignalingTestClient.ConnectAsync(quiet.SignalingUri);
        await client.SendAsync(SignalingMessageType.Join, 1, "relay");
        Assert.Equal((4000, "Lobby does not exists"), await client.ExpectCloseAsync());
        await quiet.StopAsync();
    }

    [Fact]
    public async Task Relay_lobbies_beyond_the_limit_are_refused_with_4000()
    {
        await using var limited = await SignalingServerFixture.StartAsync([.. SignalingServerFixture.FastArgs, "--MeshHost:Relay:MaxLobbies=1"]);
        var (first, _, lobby) = await SignalingTestClient.JoinAsync(limited.SignalingUri, "relay", mesh: false);
        await using var _ = first;
        Assert.Matches("^[A-Za-z0-9]{16}$", lobby);
        await using var second = await SignalingTestClient.ConnectAsync(limited.SignalingUri);
        await second.SendAsync(SignalingMessageType.Join, 1, "relay");
        Assert.Equal((4000, "Too many relay lobbies open"), await second.ExpectCloseAsync());
        await limited.StopAsync();
    }
}
