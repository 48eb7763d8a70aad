using MeshActors.Signaling;
using MeshHost.Hosting;
using MeshHost.Tests.Signaling;

namespace MeshHost.Tests.Cluster;

/// <summary>A node leaving the cluster gracefully: its lobbies end cleanly, its members leave the lobbies elsewhere.</summary>
public sealed class ClusterLeaveTests : IAsyncLifetime
{
    private MeshHostServer? _stays;
    private MeshHostServer? _leaves;

    public async Task InitializeAsync()
    {
        _stays = await ClusterMembers.StartNodeAsync();
        _leaves = await ClusterMembers.StartNodeAsync(ClusterMembers.SeedArgs(_stays));
        await Task.WhenAll(ClusterMembers.WaitUntilUpAsync(_stays, 2), ClusterMembers.WaitUntilUpAsync(_leaves, 2));
    }

    public async Task DisposeAsync()
    {
        foreach (var node in new[] { _leaves, _stays })
        {
            if (node is not null)
            {
                await node.StopAsync();
                await node.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_node_leaving_closes_the_members_of_its_lobbies_on_other_nodes_and_its_members_leave_lobbies_elsewhere()
    {
        var stays = _stays!;
        var leaves = _leaves!;
        // A lobby living on the leaving node (its host is connected there), with a member on the node that stays.
        var (hostThere, _, lobbyThere) = await SignalingTestClient.JoinAsync(leaves.SignalingUri, "", mesh: true);
        await using var _ht = hostThere;
        var (memberHere, memberHereId, _) = await SignalingTestClient.JoinAsync(stays.SignalingUri, lobbyThere, mesh: true);
        await using var _mh = memberHere;
        Assert.Equal(new SignalingMessage(SignalingMessageType.PeerConnect, memberHereId, ""), await hostThere.ReceiveAsync());
        // A lobby living on the node that stays, with a member on the leaving node.
        var (hostHere, _, lobbyHere) = await SignalingTestClient.JoinAsync(stays.SignalingUri, "", mesh: true);
        await using var _hh = hostHere;
        var (memberThere, memberThereId, _) = await SignalingTestClient.JoinAsync(leaves.SignalingUri, lobbyHere, mesh: true);
        await using var _mt = memberThere;
        Assert.Equal(new SignalingMessage(SignalingMessageType.PeerConnect, memberThereId, ""), await hostHere.ReceiveAsync());

        // Read the closing handshakes while the node stops (it waits for them before it lets its sockets go).
        var stopping = leaves.StopAsync();

        // The leaving node closes its own sockets (1001); its host leaving ends its lobby, whose member here is closed
        // with 4000 (or, should the lobby be handed off first, with 1001 from the hand-off: either is a clean close).
        Assert.Equal((1001, SignalingCloseCodes.ServerShuttingDown), await hostThere.ExpectCloseAsync());
        Assert.Equal((1001, SignalingCloseCodes.ServerShuttingDown), await memberThere.ExpectCloseAsync());
        Assert.Contains(await memberHere.ExpectCloseAsync(), new[] { (4000, SignalingCloseCodes.HostDisconnected), (1001, SignalingCloseCodes.ServerShuttingDown) });
        // The lobby here lives on; the member that was connected to the leaving node has left it.
        Assert.Equal(new SignalingMessage(SignalingMessageType.PeerDisconnect, memberThereId, ""), await hostHere.ReceiveAsync());

        // Once the node is gone, its lobby names are unknown and the lobbies here still work.
        await stopping;
        await ClusterMembers.WaitUntilUpAsync(stays, 1);
        await using var late = await SignalingTestClient.ConnectAsync(stays.SignalingUri);
        await late.SendAsync(SignalingMessageType.Join, 0, lobbyThere);
        Assert.Equal((4000, SignalingCloseCodes.LobbyDoesNotExist), await late.ExpectCloseAsync());
        var (joiner, joinerId, _) = await SignalingTestClient.JoinAsync(stays.SignalingUri, lobbyHere, mesh: true);
        await using var _j = joiner;
        Assert.Equal(new SignalingMessage(SignalingMessageType.PeerConnect, joinerId, ""), await hostHere.ReceiveAsync());
    }
}
