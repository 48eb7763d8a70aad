using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Akka.Actor;

namespace MeshActors.Cluster;

/// <summary>
/// Home-node entity ids: a generated lobby name (<see cref="EntityIdLength"/> characters of [A-Za-z0-9]) starts with
/// the <see cref="TokenLength"/>-character token of the cluster node that created it, so every node can tell where the
/// lobby lives from its name alone. Lobby sharding uses the token as the shard id and
/// <see cref="HomeNodeAllocationStrategy"/> puts that shard on that node: a lobby lives on the node its creator is
/// connected to, and so do its WebRTC endpoints (a relay host), so game packets never cross nodes. Names of any other
/// form (chosen by clients) are spread over hash buckets instead (<see cref="LobbyMessageExtractor"/>).
/// </summary>
/// <remarks>
/// A token is derived from the node's address (<c>akka.tcp://system@host:port</c>): 62^4 ≈ 14.8 million values. Two
/// nodes of one cluster sharing a token (odds about n²/30 million) only cost locality: both nodes' lobbies then live on
/// one of them; names stay unique because the lobby entity, not the token, decides whether a name is taken.
/// </remarks>
public static class HomeNode
{
    /// <summary>Characters of a node token.</summary>
    public const int TokenLength = 4;

    /// <summary>Characters of a home-node entity id: the token and 12 random characters (71 bits).</summary>
    public const int EntityIdLength = 16;

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>The token of the node at <paramref name="address"/> (which must carry a host and port).</summary>
    /// <exception cref="ArgumentException">The address is local (no host or port): use the cluster's self address.</exception>
    public static string TokenOf(Address address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!address.HasGlobalScope)
        {
            throw new ArgumentException($"{address} has no host and port; a home token needs the node's cluster address (Cluster.SelfAddress).", nameof(address));
        }
        // SHA-256 only for an even spread of similar addresses (ports 4053, 4054, …); nothing here is secret.
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(address.ToString()), hash);
        var value = BinaryPrimitives.ReadUInt64LittleEndian(hash);
        return string.Create(TokenLength, value, static (chars, v) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = Alphabet[(int)(v % (ulong)Alphabet.Length)];
                v /= (ulong)Alphabet.Length;
            }
        });
    }

    /// <summary>
    /// A new entity id of <see cref="EntityIdLength"/> characters of [A-Za-z0-9]: <paramref name="homeToken"/>, then
    /// characters from a cryptographic generator (knowing a lobby's name is what lets anyone join it).
    /// </summary>
    public static string NewEntityId(string homeToken)
    {
        ArgumentNullException.ThrowIfNull(homeToken);
        if (!IsToken(homeToken))
        {
            throw new ArgumentException($"'{homeToken}' is not a home token ({TokenLength} characters of A-Z, a-z, 0-9).", nameof(homeToken));
        }
        return homeToken + RandomNumberGenerator.GetString(Alphabet, EntityIdLength - TokenLength);
    }

    /// <summary>
    /// The home token of <paramref name="entityId"/> (its first <see cref="TokenLength"/> characters) when the id has
    /// the home-node form (<see cref="EntityIdLength"/> characters of [A-Za-z0-9]); false for any other id.
    /// </summary>
    public static bool TryGetToken(string entityId, out string token)
    {
        ArgumentNullException.ThrowIfNull(entityId);
        if (entityId.Length != EntityIdLength || !IsAlphanumeric(entityId))
        {
            token = string.Empty;
            return false;
        }
        token = entityId[..TokenLength];
        return true;
    }

    private static bool IsToken(ReadOnlySpan<char> token) => token.Length == TokenLength && IsAlphanumeric(token);

    private static bool IsAlphanumeric(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }
        return true;
    }
}
