using Akka.Configuration;

namespace MeshActors.Multiplayer;

/// <summary>Settings of <see cref="WebRtcMultiplayerPeer"/> (HOCON <c>meshactors.multiplayer</c>).</summary>
internal sealed record MultiplayerSettings(long MaxQueuedBytesPerChannel, TimeSpan StopTimeout)
{
    public static MultiplayerSettings From(Config config)
    {
        var section = config.GetConfig("meshactors.multiplayer");
        var maxQueued = section.GetByteSize("max-queued-bytes-per-channel") ?? 0;
        var stopTimeout = section.GetTimeSpan("stop-timeout");
        if (maxQueued <= 0 || stopTimeout <= TimeSpan.Zero)
        {
            throw new ConfigurationException(
                $"meshactors.multiplayer.max-queued-bytes-per-channel and stop-timeout must be positive (got {maxQueued} and {stopTimeout}).");
        }
        return new MultiplayerSettings(maxQueued, stopTimeout);
    }
}
