using System.Text;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using MeshActors.Cluster;
using MeshActors.Multiplayer;
using MeshActors.Signaling;
using MeshActors.WebRtc;
using MeshHost.Hosting;
using MeshHost.Relay;
using MeshHost.Signaling;
using MeshHost.Tests.Signaling;
using Microsoft.Extensions.DependencyInjection;
using static MeshHost.Tests.Signaling.GameLoop;

namespace MeshHost.Tests.Cluster;

/// <summary>
/// Relay lobbies in a cluster: MeshHost's relay host (the lobby's WebRTC endpoint) runs on the node the lobby lives
/// on, whichever nodes its clients signal through; real connections over loopback UDP.
/// </summary>
public sealed class ClusterRelayTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task A_relay_lobby_named_by_clients_on_two_nodes_is_hosted_where_it_lives_and_relays_between_them()
    {
        var name = "relay-" + Guid.NewGuid().ToString("N")[..12];
        // Other tests of this class may leave relay lobbies open (until idle): count the change.
        var before = cluster.Nodes.Select(n => n.Services.GetRequiredService<RelayMetrics>().Lobbies).ToArray();
        await using var a = SceneMultiplayerPeer();
        await using var signalingA = await MultiplayerSignaling.JoinAsync(cluster.B.SignalingUri, name, mesh: false, a, Loopback());
        await using var b = SceneMultiplayerPeer();
        await using var signalingB = await MultiplayerSignaling.JoinAsync(cluster.C.SignalingUri, name, mesh: false, b, Loopback());
        var members = new[] { (signalingA, a), (signalingB, b) };
        await PollUntilAsync(() => a.ConnectionStatus == ConnectionStatus.Connected && b.ConnectionStatus == ConnectionStatus.Connected, "both clients connected to the relay host", members);
        Assert.Equal(name, signalingA.Lobby);
        Assert.Equal(name, signalingB.Lobby);
        Assert.Equal([1], a.GetPeerIds());
        Assert.Equal([1], b.GetPeerIds());

        // Exactly one node runs the relay host: the node whose shard region holds the lobby entity.
        var home = await NodeHostingAsync(name);
        for (var i = 0; i < cluster.Nodes.Count; i++)
        {
            var node = cluster.Nodes[i];
            Assert.Equal(before[i] + (node == home ? 1 : 0), node.Services.GetRequiredService<RelayMetrics>().Lobbies);
        }

        var bId = signalingB.PeerId;
        await PollUntilAsync(() => a.GetRelayedPeerIds().Contains(bId), "b announced to a through the relay", members);
        a.TargetPeer = bId;
        Assert.Equal(MultiplayerError.Ok, a.PutPacket("across the cluster"u8));
        string? received = null;
        await PollUntilAsync(() =>
        {
            if (b.GetAvailablePacketCount() > 0)
            {
                Assert.Equal(signalingA.PeerId, b.GetPacketPeer());
                Assert.Equal(MultiplayerError.Ok, b.GetPacket(out var packet));
                received = Encoding.UTF8.GetString(packet);
            }
            return received is not null;
        }, "the relayed packet", members);
        Assert.Equal("across the cluster", received);
    }

    [Fact]
    public async Task A_generated_relay_lobby_can_be_joined_from_every_node()
    {
        var (first, firstId, lobby) = await JoinAsClientAsync(cluster.A.SignalingUri, "relay-");
        await using var _ = first;
        Assert.Matches("^relay-[A-Za-z0-9]{16}$", lobby);
        var ids = new HashSet<int> { firstId };
        foreach (var node in new[] { cluster.B, cluster.C })
        {
            var (client, id, again) = await JoinAsClientAsync(node.SignalingUri, lobby);
            await using var __ = client;
            Assert.Equal(lobby, again);
            Assert.True(ids.Add(id));
        }
    }

    [Fact]
    public async Task With_every_lobby_relayed_a_single_node_cluster_creates_relay_lobbies_with_home_node_names()
    {
        await using var node = await ClusterMembers.StartNodeAsync("--MeshHost:Relay:Lobbies=All");
        await ClusterMembers.WaitUntilUpAsync(node, 1);
        var (first, _, lobby) = await JoinAsClientAsync(node.SignalingUri, "");
        await using var _ = first;
        Assert.StartsWith(ClusterFixture.TokenOf(node), lobby, StringComparison.Ordinal);
        Assert.True(HomeNode.TryGetToken(lobby, out var token));
        Assert.Equal(ClusterFixture.TokenOf(node), token);
        var (second, _, again) = await JoinAsClientAsync(node.SignalingUri, lobby);
        await using var __ = second;
        Assert.Equal(lobby, again);
        Assert.Equal(1, node.Services.GetRequiredService<RelayMetrics>().Lobbies);
        await node.StopAsync();
    }

    /// <summary>The signaling view of joining a relay lobby: a client (ID ≥ 2, not mesh) introduced to the host only.</summary>
    private static async Task<(SignalingTestClient Client, int Id, string Lobby)> JoinAsClientAsync(Uri uri, string lobby)
    {
        var client = await SignalingTestClient.ConnectAsync(uri);
        await client.SendAsync(SignalingMessageType.Join, 0, lobby);
        var id = await client.ReceiveAsync();
        Assert.Equal(SignalingMessageType.Id, id.Type);
        Assert.True(id.Id >= 2, $"a relay lobby's client gets an id >= 2, got {id.Id}");
        Assert.Equal(new SignalingMessage(SignalingMessageType.PeerConnect, 1, string.Empty), await client.ReceiveAsync());
        var joined = await client.ReceiveAsync();
        Assert.Equal(SignalingMessageType.Join, joined.Type);
        return (client, id.Id, joined.Data);
    }

    /// <summary>The node whose lobby shard region runs the entity of <paramref name="lobby"/>.</summary>
    private async Task<MeshHostServer> NodeHostingAsync(string lobby)
    {
        var shard = LobbyMessageExtractor.ShardOf(lobby);
        MeshHostServer? home = null;
        foreach (var node in cluster.Nodes)
        {
            var region = ActorRegistry.For(node.Services.GetRequiredService<ActorSystem>()).Get<LobbyActor>();
            var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, GiveUpAfter);
            if (state.Shards.Any(s => s.ShardId == shard && s.EntityIds.Contains(lobby)))
            {
                Assert.Null(home);
                home = node;
            }
        }
        Assert.NotNull(home);
        return home;
    }
}
