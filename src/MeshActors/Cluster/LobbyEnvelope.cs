using Akka.Actor;

namespace MeshActors.Cluster;

/// <summary>
/// A message for the lobby entity named <see cref="LobbyName"/>, sent to the lobby shard region
/// (<see cref="LobbyRegion"/>); the region delivers <see cref="Message"/> to the entity on whichever node it lives,
/// starting it if needed. Serialized by <see cref="MeshClusterSerializer"/>; <see cref="Message"/> needs a serializer
/// of its own when it crosses nodes.
/// </summary>
public sealed class LobbyEnvelope : IEquatable<LobbyEnvelope>, IWrappedMessage
{
    /// <summary>Creates an envelope.</summary>
    /// <param name="lobbyName">The entity id: the lobby's name.</param>
    /// <param name="message">The message for the lobby.</param>
    public LobbyEnvelope(string lobbyName, object message)
    {
        ArgumentException.ThrowIfNullOrEmpty(lobbyName);
        ArgumentNullException.ThrowIfNull(message);
        LobbyName = lobbyName;
        Message = message;
    }

    /// <summary>The lobby's name, which is its entity id.</summary>
    public string LobbyName { get; }

    /// <summary>The message delivered to the lobby.</summary>
    public object Message { get; }

    /// <inheritdoc />
    public bool Equals(LobbyEnvelope? other) =>
        other is not null && string.Equals(LobbyName, other.LobbyName, StringComparison.Ordinal) && Equals(Message, other.Message);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is LobbyEnvelope other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(LobbyName), Message);

    /// <inheritdoc />
    public override string ToString() => $"LobbyEnvelope({LobbyName}, {Message})";
}
