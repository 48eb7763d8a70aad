using MeshActors.Cluster;
using MeshHost.Hosting;

namespace MeshHost.Tests.Cluster;

/// <summary>
/// Three MeshHost nodes in this process forming one cluster on 127.0.0.1 (free ports): A forms it, B and C join A.
/// Ready once every node sees all three members up.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private MeshHostServer[] _nodes = [];

    internal MeshHostServer A => _nodes[0];

    internal MeshHostServer B => _nodes[1];

    internal MeshHostServer C => _nodes[2];

    internal IReadOnlyList<MeshHostServer> Nodes => _nodes;

    /// <summary>The home token of a node: generated lobby names created through it start with it.</summary>
    internal static string TokenOf(MeshHostServer node) => HomeNode.TokenOf(node.ClusterAddress!);

    public async Task InitializeAsync()
    {
        var a = await ClusterMembers.StartNodeAsync();
        var others = await Task.WhenAll(ClusterMembers.StartNodeAsync(ClusterMembers.SeedArgs(a)), ClusterMembers.StartNodeAsync(ClusterMembers.SeedArgs(a)));
        _nodes = [a, .. others];
        await Task.WhenAll(_nodes.Select(n => ClusterMembers.WaitUntilUpAsync(n, _nodes.Length)));
    }

    public async Task DisposeAsync()
    {
        // The joiners leave first, then the node that formed the cluster (leaving all at once waits on each other).
        await Task.WhenAll(_nodes.Skip(1).Select(StopAsync));
        if (_nodes.Length > 0)
        {
            await StopAsync(_nodes[0]);
        }
    }

    private static async Task StopAsync(MeshHostServer node)
    {
        await node.StopAsync();
        await node.DisposeAsync();
    }
}
