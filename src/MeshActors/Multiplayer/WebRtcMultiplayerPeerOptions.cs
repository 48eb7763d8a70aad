namespace MeshActors.Multiplayer;

/// <summary>
/// Options of a <see cref="WebRtcMultiplayerPeer"/>. Null properties keep the HOCON defaults
/// (<c>meshactors.peer</c>, <c>meshactors.multiplayer</c>).
/// </summary>
public sealed class WebRtcMultiplayerPeerOptions
{
    /// <summary>How packets are framed; <see cref="WireProfile.Raw"/> by default.</summary>
    public WireProfile WireProfile { get; set; } = WireProfile.Raw;

    /// <summary>A peer not connected within this time fails (<c>meshactors.peer.connect-timeout</c>).</summary>
    public TimeSpan? ConnectTimeout { get; set; }

    /// <summary>Received bytes waiting per channel of each peer (<c>meshactors.multiplayer.max-queued-bytes-per-channel</c>).</summary>
    public long? MaxQueuedBytesPerChannel { get; set; }
}
