namespace MeshActors.Peers;

/// <summary>What Godot's poll concludes about one peer (reference/godot.md §1.5 step 2, §6.3).</summary>
internal enum PeerReadiness
{
    /// <summary>Connection new or connecting, or connected with a channel still connecting.</summary>
    Pending,

    /// <summary>Connection connected and every channel open.</summary>
    Ready,

    /// <summary>Connection disconnected, failed or closed, or a channel closing or closed.</summary>
    Lost,
}

/// <summary>Godot's per-peer decision in one place, shared by everything that needs it.</summary>
internal static class PeerReadinessRule
{
    /// <summary>
    /// §1.5 step 2b–2d: new/connecting connections are not looked at further (even a closed channel
    /// waits until the connection is connected); a connected connection is ready when every channel is
    /// open and lost as soon as the walk meets a closing or closed channel; any other connection state
    /// is lost (the transient ICE "disconnected" included).
    /// </summary>
    public static PeerReadiness Evaluate(IPeerLink link, out PeerLostReason reason)
    {
        reason = default;
        switch (link.ConnectionState)
        {
            case LinkConnectionState.New:
            case LinkConnectionState.Connecting:
                return PeerReadiness.Pending;
            case LinkConnectionState.Connected:
                break;
            case LinkConnectionState.Disconnected:
                reason = PeerLostReason.ConnectionDisconnected;
                return PeerReadiness.Lost;
            case LinkConnectionState.Failed:
                reason = PeerLostReason.ConnectionFailed;
                return PeerReadiness.Lost;
            default:
                reason = PeerLostReason.ConnectionClosed;
                return PeerReadiness.Lost;
        }
        var count = link.ChannelCount;
        var ready = 0;
        for (var i = 0; i < count; i++)
        {
            switch (link.GetChannelState(i))
            {
                case LinkChannelState.Connecting:
                    continue;
                case LinkChannelState.Open:
                    ready++;
                    continue;
                default:
                    reason = PeerLostReason.ChannelClosed;
                    return PeerReadiness.Lost;
            }
        }
        return ready == count ? PeerReadiness.Ready : PeerReadiness.Pending;
    }
}
