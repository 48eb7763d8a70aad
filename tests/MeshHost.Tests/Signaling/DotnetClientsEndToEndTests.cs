using System.Text;
using MeshActors.Multiplayer;
using MeshActors.Signaling;
using MeshHost.Hosting;
using static MeshHost.Tests.Signaling.GameLoop;

namespace MeshHost.Tests.Signaling;

/// <summary>
/// Two and four .NET games join one lobby through <see cref="MultiplayerSignaling"/> and every one sends a packet to
/// every other: directly in a mesh lobby, through MeshHost (peer 1) in a relay lobby. Real server, real WebRTC over
/// loopback UDP.
/// </summary>
public sealed class DotnetClientsEndToEndTests(DotnetClientsEndToEndTests.Server server) : IClassFixture<DotnetClientsEndToEndTests.Server>
{
    /// <summary>The fast test server with room for four clients plus MeshHost in a relay lobby.</summary>
    public sealed class Server : IAsyncLifetime
    {
        private MeshHostServer? _server;

        public Uri Uri => _server!.SignalingUri;

        public async Task InitializeAsync() =>
            _server = await SignalingServerFixture.StartAsync([.. SignalingServerFixture.FastArgs, "--MeshHost:Signaling:MaxPeersPerLobby=5"]);

        public async Task DisposeAsync()
        {
            if (_server is not null)
            {
                await _server.StopAsync();
                await _server.DisposeAsync();
            }
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public async Task Every_client_of_a_mesh_lobby_reaches_every_other_directly(int count)
    {
        await using var members = new Members();
        await members.JoinAsync(server.Uri, "", mesh: true, new WebRtcMultiplayerPeer());
        await PollUntilAsync(() => members[0].Signaling.Lobby is not null, "the lobby", members.All);
        for (var i = 1; i < count; i++)
        {
            await members.JoinAsync(server.Uri, members[0].Signaling.Lobby!, mesh: true, new WebRtcMultiplayerPeer());
        }
        await PollUntilAsync(() => members.Ids.All(id => id != 0), "ids", members.All);
        await PollUntilAsync(
            () => members.All.All(m => members.Ids.All(id => id == m.Signaling.PeerId || m.Peer.IsPeerConnected(id))),
            () => "every pair connected: " + members.Describe(), members.All);

        await ExchangeAsync(members);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public async Task Every_client_of_a_relay_lobby_reaches_every_other_through_MeshHost(int count)
    {
        var lobby = "relay-" + Guid.NewGuid().ToString("N")[..12];
        await using var members = new Members();
        for (var i = 0; i < count; i++)
        {
            await members.JoinAsync(server.Uri, lobby, mesh: false, SceneMultiplayerPeer());
        }
        await PollUntilAsync(() => members.All.All(m => m.Peer.ConnectionStatus == ConnectionStatus.Connected), () => "connected to MeshHost: " + members.Describe(), members.All);
        await PollUntilAsync(
            () => members.All.All(m => members.Ids.All(id => id == m.Signaling.PeerId || m.Peer.GetRelayedPeerIds().Contains(id))),
            () => "every client announced to every other: " + members.Describe(), members.All);
        Assert.All(members.All, m => Assert.Equal([1], m.Peer.GetPeerIds())); // one connection each: to MeshHost

        await ExchangeAsync(members);
    }

    /// <summary>Each member sends "from A to B" to each other member B; each must receive exactly those, from the right source.</summary>
    private static async Task ExchangeAsync(Members members)
    {
        foreach (var (signaling, peer) in members.All)
        {
            foreach (var to in members.Ids.Where(id => id != signaling.PeerId))
            {
                peer.TargetPeer = to;
                Assert.Equal(MultiplayerError.Ok, peer.PutPacket(Encoding.UTF8.GetBytes($"from {signaling.PeerId} to {to}")));
            }
        }
        var received = members.All.Select(_ => new List<string>()).ToArray();
        var expected = members.Ids.Count - 1;
        await PollUntilAsync(() =>
        {
            for (var i = 0; i < members.All.Length; i++)
            {
                var peer = members.All[i].Peer;
                while (peer.GetAvailablePacketCount() > 0)
                {
                    var source = peer.GetPacketPeer();
                    Assert.Equal(MultiplayerError.Ok, peer.GetPacket(out var packet));
                    received[i].Add($"{Encoding.UTF8.GetString(packet)} (source {source})");
                }
            }
            return received.All(r => r.Count >= expected);
        }, "every packet", members.All);

        for (var i = 0; i < members.All.Length; i++)
        {
            var me = members.All[i].Signaling.PeerId;
            var want = members.Ids.Where(id => id != me).Select(from => $"from {from} to {me} (source {from})").Order();
            Assert.Equal(want, received[i].Order());
        }
    }

    /// <summary>The lobby's members, disposed (signaling first) at the end of the test.</summary>
    private sealed class Members : IAsyncDisposable
    {
        private readonly List<(MultiplayerSignaling Signaling, WebRtcMultiplayerPeer Peer)> _members = [];

        public (MultiplayerSignaling Signaling, WebRtcMultiplayerPeer Peer) this[int index] => _members[index];

        public (MultiplayerSignaling Signaling, WebRtcMultiplayerPeer Peer)[] All => [.. _members];

        /// <summary>Each member's id, status, connected peers and lobby: what a timeout reports.</summary>
        public string Describe() => string.Join("; ", _members.Select(m => $"{m.Signaling.PeerId}: {m.Peer.ConnectionStatus} peers [{string.Join(",", m.Peer.GetPeerIds())}] lobby {m.Signaling.Lobby}"));

        public List<int> Ids => _members.Select(m => m.Signaling.PeerId).ToList();

        public async Task JoinAsync(Uri uri, string lobby, bool mesh, WebRtcMultiplayerPeer peer)
        {
            try
            {
                _members.Add((await MultiplayerSignaling.JoinAsync(uri, lobby, mesh, peer, Loopback()), peer));
            }
            catch
            {
                await peer.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var (signaling, peer) in _members)
            {
                await signaling.DisposeAsync();
                await peer.DisposeAsync();
            }
        }
    }
}
