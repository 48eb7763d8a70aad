using System.Text;
using MeshActors.Multiplayer;
using MeshActors.Signaling;
using MeshActors.WebRtc;
using static MeshHost.Tests.Signaling.GameLoop;

namespace MeshHost.Tests.Signaling;

/// <summary>
/// <see cref="MultiplayerSignaling"/> drives real <see cref="WebRtcMultiplayerPeer"/>s through the real server: the
/// connections are real RtcPeerConnections over loopback UDP.
/// </summary>
public sealed class MultiplayerSignalingTests(SignalingServerFixture server) : IClassFixture<SignalingServerFixture>
{
    [Fact]
    public async Task Three_dotnet_peers_form_a_mesh_through_a_lobby_and_exchange_packets()
    {
        var errors = new List<Exception>();
        await using var a = new WebRtcMultiplayerPeer();
        await using var signalingA = await MultiplayerSignaling.JoinAsync(server.Uri, "", mesh: true, a, Loopback());
        signalingA.Error += (_, e) => errors.Add(e);
        await PollUntilAsync(() => signalingA.Lobby is not null, "the lobby", (signalingA, a));
        Assert.Equal(NetworkMode.Mesh, a.Mode);
        Assert.Equal(1, a.UniqueId);

        await using var b = new WebRtcMultiplayerPeer();
        await using var signalingB = await MultiplayerSignaling.JoinAsync(server.Uri, signalingA.Lobby!, mesh: true, b, Loopback());
        await using var c = new WebRtcMultiplayerPeer();
        await using var signalingC = await MultiplayerSignaling.JoinAsync(server.Uri, signalingA.Lobby!, mesh: true, c, Loopback());
        signalingB.Error += (_, e) => errors.Add(e);
        signalingC.Error += (_, e) => errors.Add(e);
        var members = new[] { (signalingA, a), (signalingB, b), (signalingC, c) };
        await PollUntilAsync(() => signalingB.PeerId != 0 && signalingC.PeerId != 0, "ids", members);
        var bId = signalingB.PeerId;
        var cId = signalingC.PeerId;
        await PollUntilAsync(
            () => a.IsPeerConnected(bId) && a.IsPeerConnected(cId) && b.IsPeerConnected(1) && b.IsPeerConnected(cId) && c.IsPeerConnected(1) && c.IsPeerConnected(bId),
            "every pair connected", members);

        c.TargetPeer = WebRtcMultiplayerPeer.TargetPeerBroadcast;
        Assert.Equal(MultiplayerError.Ok, c.PutPacket(Encoding.UTF8.GetBytes("hello from c")));
        string? atA = null, atB = null;
        await PollUntilAsync(() =>
        {
            atA ??= Read(a, cId);
            atB ??= Read(b, cId);
            return atA is not null && atB is not null;
        }, "the broadcast", members);
        Assert.Equal("hello from c", atA);
        Assert.Equal("hello from c", atB);
        Assert.Empty(errors);

        // b leaves the lobby: the others remove it.
        await signalingB.DisposeAsync();
        await PollUntilAsync(() => !a.HasPeer(bId) && !c.HasPeer(bId), "b removed", (signalingA, a), (signalingC, c));
    }

    [Fact]
    public async Task A_client_server_lobby_makes_the_host_a_server_and_joiners_clients_of_it()
    {
        await using var host = new WebRtcMultiplayerPeer();
        await using var signalingHost = await MultiplayerSignaling.JoinAsync(server.Uri, "", mesh: false, host, Loopback());
        await PollUntilAsync(() => signalingHost.Lobby is not null, "the lobby", (signalingHost, host));
        Assert.Equal(NetworkMode.Server, host.Mode);

        await using var client = new WebRtcMultiplayerPeer();
        await using var signalingClient = await MultiplayerSignaling.JoinAsync(server.Uri, signalingHost.Lobby!, mesh: false, client, Loopback());
        var members = new[] { (signalingHost, host), (signalingClient, client) };
        await PollUntilAsync(() => client.ConnectionStatus == ConnectionStatus.Connected, "the client connected to the server", members);
        Assert.Equal(NetworkMode.Client, client.Mode);
        Assert.True(host.IsPeerConnected(signalingClient.PeerId));

        // Sealing keeps the peers connected after the server closes signaling.
        await signalingHost.SealAsync();
        await PollUntilAsync(() => signalingHost.IsClosed && signalingClient.IsClosed, "signaling closed after the seal", members);
        Assert.True(signalingClient.IsSealed);
        Assert.Equal(ConnectionStatus.Connected, client.ConnectionStatus);
        client.TargetPeer = 1;
        Assert.Equal(MultiplayerError.Ok, client.PutPacket("after seal"u8));
        string? received = null;
        await PollUntilAsync(() => (received ??= Read(host, signalingClient.PeerId)) is not null, "a packet after the seal", members);
        Assert.Equal("after seal", received);
    }

    [Fact]
    public async Task Losing_signaling_before_the_seal_closes_the_peer_as_the_demo_client_does()
    {
        await using var peer = new WebRtcMultiplayerPeer();
        await using var signaling = await MultiplayerSignaling.JoinAsync(server.Uri, "NoSuchLobby", mesh: true, peer, Loopback());
        SignalingEvent.Closed? closed = null;
        signaling.Closed += (_, c) => closed = c;
        await PollUntilAsync(() => closed is not null, "the close", (signaling, peer));
        Assert.Equal(new SignalingEvent.Closed(4000, "Lobby does not exists"), closed);
        Assert.Equal(ConnectionStatus.Disconnected, peer.ConnectionStatus);
    }

    private static string? Read(WebRtcMultiplayerPeer peer, int from)
    {
        while (peer.GetAvailablePacketCount() > 0)
        {
            var source = peer.GetPacketPeer();
            Assert.Equal(MultiplayerError.Ok, peer.GetPacket(out var packet));
            if (source == from)
            {
                return Encoding.UTF8.GetString(packet);
            }
        }
        return null;
    }
}
