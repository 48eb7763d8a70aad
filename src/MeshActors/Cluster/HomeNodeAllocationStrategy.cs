using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;

namespace MeshActors.Cluster;

/// <summary>
/// Allocates the shard whose id is a node's home token (<see cref="HomeNode"/>) to that node's region, a hash bucket
/// shard (<see cref="LobbyMessageExtractor"/>) to the region with the fewest shards, and never rebalances. Lobbies are
/// in-memory state bound to their members' live WebSockets: moving a shard would stop its lobbies (their members would
/// be closed), so a node that joins takes no existing lobbies; it hosts the lobbies created through it and buckets not
/// yet allocated. A token shard whose node has no region (it left) goes to the requesting region.
/// </summary>
/// <remarks>Used only by the shard coordinator actor (one call at a time): the token cache needs no lock.</remarks>
public sealed class HomeNodeAllocationStrategy : IShardAllocationStrategy
{
    private static readonly Task<IImmutableSet<string>> NoRebalance = Task.FromResult<IImmutableSet<string>>(ImmutableHashSet<string>.Empty);

    private readonly Address _selfAddress;
    private readonly Dictionary<Address, string> _tokens = [];

    /// <summary>Creates the strategy for the coordinator running in <paramref name="system"/> (a cluster node).</summary>
    public HomeNodeAllocationStrategy(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        _selfAddress = Akka.Cluster.Cluster.Get(system).SelfAddress;
    }

    /// <inheritdoc />
    public Task<IActorRef> AllocateShard(IActorRef requester, string shardId, IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations)
    {
        var bucket = shardId.Length > 0 && shardId[0] == LobbyMessageExtractor.BucketMark;
        // Ties go to the requester: the lobby then starts on the node that asked for it.
        var leastLoaded = requester;
        var fewest = currentShardAllocations.TryGetValue(requester, out var own) ? own.Count : int.MaxValue;
        foreach (var (region, shards) in currentShardAllocations)
        {
            if (!bucket && string.Equals(TokenOf(region), shardId, StringComparison.Ordinal))
            {
                return Task.FromResult(region);
            }
            if (shards.Count < fewest)
            {
                fewest = shards.Count;
                leastLoaded = region;
            }
        }
        return Task.FromResult(bucket || !currentShardAllocations.ContainsKey(requester) ? leastLoaded : requester);
    }

    /// <inheritdoc />
    public Task<IImmutableSet<string>> Rebalance(IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations, IImmutableSet<string> rebalanceInProgress) =>
        NoRebalance;

    /// <summary>The home token of the node a region lives on (the coordinator's own region has a local address).</summary>
    private string TokenOf(IActorRef region)
    {
        var address = region.Path.Address.HasGlobalScope ? region.Path.Address : _selfAddress;
        if (!_tokens.TryGetValue(address, out var token))
        {
            token = HomeNode.TokenOf(address);
            _tokens.Add(address, token);
        }
        return token;
    }
}
