using Akka.Cluster.Sharding;

namespace MeshActors.Cluster;

/// <summary>
/// Routes <see cref="LobbyEnvelope"/>s: the entity id is the lobby name. The shard id is a pure function of the name,
/// the same on every node: the home token for a generated name (<see cref="HomeNode.TryGetToken"/>), so all lobbies
/// created through one node form one shard living on that node; <c>#</c> and one of <see cref="BucketCount"/> hash
/// buckets (FNV-1a of the name) for any other name, e.g. relay lobbies named by clients. Akka handles its own
/// <c>ShardRegion.StartEntity</c> before asking the extractor. Never throws.
/// </summary>
public sealed class LobbyMessageExtractor : IMessageExtractor
{
    /// <summary>Hash buckets (shards) for names that are not home-node ids. Every node of a cluster must agree on it.</summary>
    public const int BucketCount = 64;

    /// <summary>The first character of a bucket shard id (never the first character of a home token).</summary>
    public const char BucketMark = '#';

    /// <summary>The one instance (the extractor has no state).</summary>
    public static readonly LobbyMessageExtractor Instance = new();

    private static readonly string[] BucketIds = CreateBucketIds();

    private LobbyMessageExtractor()
    {
    }

    /// <inheritdoc />
    public string? EntityId(object message) => message is LobbyEnvelope envelope ? envelope.LobbyName : null;

    /// <inheritdoc />
    public object? EntityMessage(object message) => message is LobbyEnvelope envelope ? envelope.Message : message;

    /// <inheritdoc />
    public string? ShardId(object message) => EntityId(message) is { } entityId ? ShardOf(entityId) : null;

    /// <inheritdoc />
    public string ShardId(string entityId, object? messageHint = null) => ShardOf(entityId);

    /// <summary>The shard id of the lobby named <paramref name="lobbyName"/>.</summary>
    public static string ShardOf(string lobbyName)
    {
        if (HomeNode.TryGetToken(lobbyName, out var token))
        {
            return token;
        }
        // FNV-1a over the UTF-16 code units: stable across processes and runtimes, unlike string.GetHashCode.
        var hash = 2166136261u;
        foreach (var c in lobbyName)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return BucketIds[hash % BucketCount];
    }

    private static string[] CreateBucketIds()
    {
        var ids = new string[BucketCount];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = BucketMark + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return ids;
    }
}
