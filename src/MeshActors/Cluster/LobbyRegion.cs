using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Cluster.Sharding;

namespace MeshActors.Cluster;

/// <summary>
/// This node's handle on the lobby shard region: names new lobbies so they live on this node
/// (<see cref="NewLobbyName"/>), tells whether a name can belong to a live lobby at all (<see cref="IsHomeKnown"/>,
/// checked before a name from a client reaches the region), and sends to a lobby wherever it lives (<see cref="Tell"/>).
/// Safe to use from any thread.
/// </summary>
public sealed class LobbyRegion
{
    private readonly Akka.Cluster.Cluster _cluster;
    private readonly ConcurrentDictionary<Address, string> _tokens = new();

    /// <summary>Wraps <paramref name="region"/>, the lobby shard region (or proxy) of <paramref name="system"/>.</summary>
    public LobbyRegion(ActorSystem system, IActorRef region)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(region);
        _cluster = Akka.Cluster.Cluster.Get(system);
        Region = region;
        HomeToken = HomeNode.TokenOf(_cluster.SelfAddress);
    }

    /// <summary>The shard region actor.</summary>
    public IActorRef Region { get; }

    /// <summary>This node's home token: the first characters of every lobby name it creates.</summary>
    public string HomeToken { get; }

    /// <summary>
    /// Starts the lobby shard region <paramref name="typeName"/> on <paramref name="system"/> with
    /// <see cref="LobbyMessageExtractor"/> and <see cref="HomeNodeAllocationStrategy"/>, settings from
    /// <c>akka.cluster.sharding</c>; <paramref name="handOffStopMessage"/> is what an entity receives when its node
    /// leaves (it must stop itself).
    /// </summary>
    public static IActorRef Start(ActorSystem system, string typeName, Func<string, Props> entityProps, object handOffStopMessage)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentException.ThrowIfNullOrEmpty(typeName);
        ArgumentNullException.ThrowIfNull(entityProps);
        ArgumentNullException.ThrowIfNull(handOffStopMessage);
        return ClusterSharding.Get(system).Start(
            typeName,
            entityProps,
            ClusterShardingSettings.Create(system),
            LobbyMessageExtractor.Instance,
            new HomeNodeAllocationStrategy(system),
            handOffStopMessage);
    }

    /// <summary>A new lobby name (<see cref="HomeNode.EntityIdLength"/> characters) that makes the lobby live on this node.</summary>
    public string NewLobbyName() => HomeNode.NewEntityId(HomeToken);

    /// <summary>
    /// Whether <paramref name="lobbyName"/> is a home-node name (<see cref="HomeNode.TryGetToken"/>) starting with the
    /// token of a current cluster member (any status but removed). Such a lobby can only live on a member, so other
    /// home-node names are refused without asking the region (which would otherwise allocate a shard for every made-up
    /// token a client sends).
    /// </summary>
    public bool IsHomeKnown(string lobbyName)
    {
        if (!HomeNode.TryGetToken(lobbyName, out var token))
        {
            return false;
        }
        if (string.Equals(token, HomeToken, StringComparison.Ordinal))
        {
            return true;
        }
        foreach (var member in _cluster.State.Members)
        {
            if (string.Equals(_tokens.GetOrAdd(member.Address, HomeNode.TokenOf), token, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Sends <paramref name="message"/> to the lobby <paramref name="lobbyName"/>, starting its entity if needed.</summary>
    public void Tell(string lobbyName, object message, IActorRef? sender) =>
        Region.Tell(new LobbyEnvelope(lobbyName, message), sender ?? ActorRefs.NoSender);
}
