using System.Collections.Immutable;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using MeshActors.Cluster;

namespace MeshActors.Tests.Cluster;

/// <summary>The allocation strategy on an unjoined cluster node; remote regions are references that are never used.</summary>
public sealed class HomeNodeAllocationStrategyTests() : TestKit(MeshClusterConfig.Defaults)
{
    private IActorRef RegionAt(string hostAndPort) =>
        ((ExtendedActorSystem)Sys).Provider.ResolveActorRef($"akka.tcp://{Sys.Name}@{hostAndPort}/system/sharding/lobby");

    private static string TokenOf(IActorRef region) => HomeNode.TokenOf(region.Path.Address);

    [Fact]
    public async Task A_token_shard_goes_to_the_region_of_its_node_whoever_asks()
    {
        var a = RegionAt("10.0.0.1:4053");
        var b = RegionAt("10.0.0.2:4053");
        var allocations = ImmutableDictionary<IActorRef, IImmutableList<string>>.Empty
            .Add(a, ImmutableList<string>.Empty)
            .Add(b, ImmutableList.Create("#1", "#2"));
        var strategy = new HomeNodeAllocationStrategy(Sys);
        Assert.Equal(b, await strategy.AllocateShard(a, TokenOf(b), allocations));
        Assert.Equal(a, await strategy.AllocateShard(b, TokenOf(a), allocations));
    }

    [Fact]
    public async Task The_coordinators_own_region_is_known_by_this_nodes_address()
    {
        var local = TestActor;
        var remote = RegionAt("10.0.0.2:4053");
        var allocations = ImmutableDictionary<IActorRef, IImmutableList<string>>.Empty
            .Add(local, ImmutableList.Create("#1"))
            .Add(remote, ImmutableList<string>.Empty);
        var self = HomeNode.TokenOf(Akka.Cluster.Cluster.Get(Sys).SelfAddress);
        Assert.Equal(local, await new HomeNodeAllocationStrategy(Sys).AllocateShard(remote, self, allocations));
    }

    [Fact]
    public async Task A_bucket_shard_goes_to_the_region_with_fewest_shards_ties_to_the_requester()
    {
        var a = RegionAt("10.0.0.1:4053");
        var b = RegionAt("10.0.0.2:4053");
        var c = RegionAt("10.0.0.3:4053");
        var strategy = new HomeNodeAllocationStrategy(Sys);
        var allocations = ImmutableDictionary<IActorRef, IImmutableList<string>>.Empty
            .Add(a, ImmutableList.Create("#1", "#2"))
            .Add(b, ImmutableList.Create("#3"))
            .Add(c, ImmutableList.Create("#4"));
        Assert.Equal(b, await strategy.AllocateShard(b, "#9", allocations));
        Assert.Equal(c, await strategy.AllocateShard(c, "#9", allocations));
        Assert.NotEqual(a, await strategy.AllocateShard(a, "#9", allocations));
    }

    [Fact]
    public async Task A_token_of_no_region_goes_to_the_requester_and_nothing_is_ever_rebalanced()
    {
        var a = RegionAt("10.0.0.1:4053");
        var b = RegionAt("10.0.0.2:4053");
        var allocations = ImmutableDictionary<IActorRef, IImmutableList<string>>.Empty
            .Add(a, ImmutableList.Create("#1", "#2", "#3", "#4"))
            .Add(b, ImmutableList<string>.Empty);
        var strategy = new HomeNodeAllocationStrategy(Sys);
        Assert.Equal(a, await strategy.AllocateShard(a, "Zz9Q", allocations));
        Assert.Empty(await strategy.Rebalance(allocations, ImmutableHashSet<string>.Empty));
    }
}
