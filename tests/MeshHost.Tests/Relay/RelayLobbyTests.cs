using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using MeshActors.Multiplayer;
using MeshActors.Signaling;
using MeshActors.WebRtc;
using MeshHost.Relay;
using MeshHost.Tests.Signaling;
using Microsoft.Extensions.DependencyInjection;
using static MeshHost.Tests.Signaling.GameLoop;

namespace MeshHost.Tests.Relay;

/// <summary>
/// Relay lobbies: MeshHost is peer 1 (server mode, SceneMultiplayer profile) and clients reach each other through it.
/// Real connections over loopback UDP, real server.
/// </summary>
public sealed class RelayLobbyTests(SignalingServerFixture server) : IClassFixture<SignalingServerFixture>
{
    [Fact]
    public async Task Joining_a_name_with_the_relay_prefix_creates_that_lobby_hosted_by_MeshHost_through_which_clients_reach_each_other()
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

        // A Godot demo client asking for a mesh: the relay lobby is client/server whatever the flag, MeshHost is peer 1.
        var name = "relay-" + UniqueSuffix();
        await using var a = SceneMultiplayerPeer();
        await using var signalingA = await MultiplayerSignaling.JoinAsync(server.Uri, name, mesh: true, a, Loopback());
        await PollUntilAsync(() => a.ConnectionStatus == ConnectionStatus.Connected, "a connected to MeshHost", (signalingA, a));
        Assert.Equal(NetworkMode.Client, a.Mode);
        Assert.Equal(name, signalingA.Lobby);
        Assert.True(signalingA.PeerId >= 2);
        Assert.Equal([1], a.GetPeerIds());

        await using var b = SceneMultiplayerPeer();
        await using var signalingB = await MultiplayerSignaling.JoinAsync(server.Uri, name, mesh: false, b, Loopback());
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
    public async Task In_single_port_mode_every_relay_connection_shares_one_UDP_socket()
    {
        await using var single = await SignalingServerFixture.StartAsync([.. SignalingServerFixture.FastArgs, "--MeshHost:Relay:UdpListen=127.0.0.1:0"]);
        var mux = single.Services.GetRequiredService<RelayPort>().Mux;
        Assert.NotNull(mux);
        Assert.NotEqual(0, mux.LocalEndPoint.Port);
        await using var a = SceneMultiplayerPeer();
        await using var signalingA = await MultiplayerSignaling.JoinAsync(single.SignalingUri, "relay-single", mesh: false, a, Loopback());
        await using var b = SceneMultiplayerPeer();
        await using var signalingB = await MultiplayerSignaling.JoinAsync(single.SignalingUri, "relay-single", mesh: false, b, Loopback());
        var members = new[] { (signalingA, a), (signalingB, b) };
        await PollUntilAsync(() => a.GetRelayedPeerIds().Contains(signalingB.PeerId), "b announced to a", members);
        Assert.Equal(2, mux.AgentCount);
        // Both clients reach the host at the shared socket.
        foreach (var client in new[] { a, b })
        {
            var stats = await client.GetPeer(1)!.Connection.GetStatsAsync();
            Assert.Equal(mux.LocalEndPoint.Port, stats.RemoteCandidate?.Port);
        }

        a.TargetPeer = signalingB.PeerId;
        Assert.Equal(MultiplayerError.Ok, a.PutPacket("one port"u8));
        string? received = null;
        await PollUntilAsync(() =>
        {
            if (b.TryGetPacket(out var packet))
            {
                received = Encoding.UTF8.GetString(packet);
            }
            return received is not null;
        }, "the relayed packet", members);
        Assert.Equal("one port", received);
        Assert.True(mux.Routed > 0);
        await single.StopAsync();
    }

    private static string UniqueSuffix() => Guid.NewGuid().ToString("N")[..12];

    /// <summary>The signaling view of a relay lobby: the joiner is a client (ID ≥ 2, not mesh) introduced to the host only.</summary>
    private static async Task<(SignalingTestClient Client, int Id, string Lobby)> JoinAsClientAsync(Uri uri, string lobby, bool mesh)
    {
        var client = await SignalingTestClient.ConnectAsync(uri);
        await client.SendAsync(SignalingMessageType.Join, mesh ? 0 : 1, lobby);
        var id = await client.ReceiveAsync();
        Assert.Equal(SignalingMessageType.Id, id.Type);
        Assert.True(id.Id >= 2, $"a relay lobby's client gets an id >= 2, got {id.Id}");
        Assert.Equal(string.Empty, id.Data);
        Assert.Equal(new SignalingMessage(SignalingMessageType.PeerConnect, 1, string.Empty), await client.ReceiveAsync());
        var joined = await client.ReceiveAsync();
        Assert.Equal(SignalingMessageType.Join, joined.Type);
        return (client, id.Id, joined.Data);
    }

    [Fact]
    public async Task Clients_joining_a_relay_name_at_the_same_time_all_land_in_one_lobby_with_MeshHost_as_host()
    {
        var name = "relay-" + UniqueSuffix();
        var joins = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => JoinAsClientAsync(server.Uri, name, mesh: false)));
        try
        {
            Assert.All(joins, j => Assert.Equal(name, j.Lobby));
            Assert.Equal(3, joins.Select(j => j.Id).Distinct().Count());
        }
        finally
        {
            foreach (var (client, _, _) in joins)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Joining_the_bare_prefix_creates_a_relay_lobby_with_a_generated_name_others_join_by()
    {
        var (first, firstId, lobby) = await JoinAsClientAsync(server.Uri, "relay-", mesh: true);
        await using var _ = first;
        Assert.Matches("^relay-[A-Za-z0-9]{16}$", lobby);
        var (second, secondId, again) = await JoinAsClientAsync(server.Uri, lobby, mesh: true);
        await using var __ = second;
        Assert.Equal(lobby, again);
        Assert.NotEqual(firstId, secondId);
    }

    [Fact]
    public async Task An_empty_JOIN_in_prefix_mode_creates_an_ordinary_lobby_whose_creator_is_the_host()
    {
        await using var client = await SignalingTestClient.ConnectAsync(server.Uri);
        await client.SendAsync(SignalingMessageType.Join, 0, string.Empty);
        Assert.Equal(new SignalingMessage(SignalingMessageType.Id, 1, "true"), await client.ReceiveAsync());
        var joined = await client.ReceiveAsync();
        Assert.Equal(SignalingMessageType.Join, joined.Type);
        Assert.Matches("^[A-Za-z0-9]{16}$", joined.Data);
    }

    [Theory]
    [InlineData("relay-foo!")]
    [InlineData("relay-foo-bar")]
    [InlineData("relay-é")]
    [InlineData("relay-01234567890123456789012345678901234567890123456789012345678")]
    public async Task Relay_names_that_are_not_the_prefix_and_letters_or_digits_up_to_64_characters_are_refused(string name)
    {
        await using var client = await SignalingTestClient.ConnectAsync(server.Uri);
        await client.SendAsync(SignalingMessageType.Join, 1, name);
        Assert.Equal((4000, SignalingCloseCodes.InvalidLobbyName), await client.ExpectCloseAsync());
    }

    [Fact]
    public async Task With_every_lobby_relayed_an_empty_JOIN_creates_a_lobby_hosted_by_MeshHost_whatever_the_mesh_flag()
    {
        await using var all = await SignalingServerFixture.StartAsync([.. SignalingServerFixture.FastArgs, "--MeshHost:Relay:Lobbies=All"]);
        var (first, firstId, lobby) = await JoinAsClientAsync(all.SignalingUri, string.Empty, mesh: true);
        await using var _ = first;
        Assert.Matches("^[A-Za-z0-9]{16}$", lobby);
        var (second, secondId, again) = await JoinAsClientAsync(all.SignalingUri, lobby, mesh: false);
        await using var __ = second;
        Assert.Equal(lobby, again);
        Assert.NotEqual(firstId, secondId);
        Assert.Equal(1, all.Services.GetRequiredService<RelayMetrics>().Lobbies);

        // Unknown names are unknown, as in any lobby (only "" creates).
        await using var stranger = await SignalingTestClient.ConnectAsync(all.SignalingUri);
        await stranger.SendAsync(SignalingMessageType.Join, 1, "nosuchlobby");
        Assert.Equal((4000, SignalingCloseCodes.LobbyDoesNotExist), await stranger.ExpectCloseAsync());
        await all.StopAsync();
    }

    [Fact]
    public async Task With_relaying_off_a_relay_name_is_an_invalid_lobby_name_and_an_empty_JOIN_creates_an_ordinary_lobby()
    {
        await using var quiet = await SignalingServerFixture.StartAsync([.. SignalingServerFixture.FastArgs, "--no-relay"]);
        await using var client = await SignalingTestClient.ConnectAsync(quiet.SignalingUri);
        await client.SendAsync(SignalingMessageType.Join, 1, "relay-foo");
        Assert.Equal((4000, SignalingCloseCodes.InvalidLobbyName), await client.ExpectCloseAsync());
        var (host, id, _) = await SignalingTestClient.JoinAsync(quiet.SignalingUri, string.Empty, mesh: false);
        await using var _ = host;
        Assert.Equal(1, id);
        await quiet.StopAsync();
    }

    [Fact]
    public async Task Relay_lobbies_beyond_the_relay_limit_are_refused_with_4000()
    {
        await using var limited = await SignalingServerFixture.StartAsync([.. SignalingServerFixture.FastArgs, "--MeshHost:Relay:MaxLobbies=1"]);
        var (first, _, lobby) = await JoinAsClientAsync(limited.SignalingUri, "relay-one", mesh: false);
        await using var _ = first;
        Assert.Equal("relay-one", lobby);
        await using var second = await SignalingTestClient.ConnectAsync(limited.SignalingUri);
        await second.SendAsync(SignalingMessageType.Join, 1, "relay-two");
        Assert.Equal((4000, RelayLobbiesActor.TooManyRelayLobbies), await second.ExpectCloseAsync());
        // The open one still takes clients.
        var (third, _, same) = await JoinAsClientAsync(limited.SignalingUri, "relay-one", mesh: false);
        await using var __ = third;
        Assert.Equal("relay-one", same);
        await limited.StopAsync();
    }

    [Fact]
    public async Task Relay_lobbies_count_against_the_signaling_lobby_limit()
    {
        await using var limited = await SignalingServerFixture.StartAsync([.. SignalingServerFixture.FastArgs, "--MeshHost:Signaling:MaxLobbies=1"]);
        var (first, _, _) = await JoinAsClientAsync(limited.SignalingUri, "relay-one", mesh: false);
        await using var _ = first;
        await using var second = await SignalingTestClient.ConnectAsync(limited.SignalingUri);
        await second.SendAsync(SignalingMessageType.Join, 0, string.Empty);
        Assert.Equal((4000, SignalingCloseCodes.TooManyLobbies), await second.ExpectCloseAsync());
        await using var third = await SignalingTestClient.ConnectAsync(limited.SignalingUri);
        await third.SendAsync(SignalingMessageType.Join, 1, "relay-two");
        Assert.Equal((4000, SignalingCloseCodes.TooManyLobbies), await third.ExpectCloseAsync());
        await limited.StopAsync();
    }

    [Fact]
    public async Task A_relay_lobby_left_by_its_clients_is_closed_after_the_idle_timeout_and_its_name_can_be_created_again()
    {
        await using var idle = await SignalingServerFixture.StartAsync([.. SignalingServerFixture.FastArgs, "--MeshHost:Relay:IdleTimeout=00:00:00.300"]);
        var metrics = idle.Services.GetRequiredService<RelayMetrics>();
        var (client, _, _) = await JoinAsClientAsync(idle.SignalingUri, "relay-idle", mesh: false);
        Assert.Equal(1, metrics.Lobbies);
        await client.DisposeAsync();
        var deadline = DateTime.UtcNow + GiveUpAfter;
        while (metrics.Lobbies > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the idle relay lobby was not closed");
            await Task.Delay(20);
        }
        var (again, _, lobby) = await JoinAsClientAsync(idle.SignalingUri, "relay-idle", mesh: false);
        await using var _ = again;
        Assert.Equal("relay-idle", lobby);
        Assert.Equal(1, metrics.Lobbies);
        await idle.StopAsync();
    }
}
