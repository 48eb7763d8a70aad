using Akka.Configuration;

namespace MeshActors.Peers;

/// <summary>Settings of <see cref="PeerConnectionActor"/> (HOCON <c>meshactors.peer</c>).</summary>
/// <param name="ConnectTimeout">A peer not connected within this time fails (<c>connect-timeout</c>).</param>
/// <param name="CloseTimeout">A graceful close that does not complete within this time is cut short (<c>close-timeout</c>).</param>
/// <param name="StateCheckInterval">How often the link's states are read besides its events (<c>state-check-interval</c>).</param>
internal sealed record PeerSettings(TimeSpan ConnectTimeout, TimeSpan CloseTimeout, TimeSpan StateCheckInterval)
{
    /// <summary>Reads <c>meshactors.peer</c> from <paramref name="config"/> (defaults already applied).</summary>
    public static PeerSettings From(Config config)
    {
        var peer = config.GetConfig("meshactors.peer");
        var settings = new PeerSettings(peer.GetTimeSpan("connect-timeout"), peer.GetTimeSpan("close-timeout"), peer.GetTimeSpan("state-check-interval"));
        if (settings.ConnectTimeout <= TimeSpan.Zero || settings.CloseTimeout <= TimeSpan.Zero || settings.StateCheckInterval <= TimeSpan.Zero)
        {
            throw new ConfigurationException(
                $"meshactors.peer.connect-timeout, close-timeout and state-check-interval must be positive (got {settings.ConnectTimeout}, {settings.CloseTimeout} and {settings.StateCheckInterval}).");
        }
        return settings;
    }
}
