namespace MeshActors.Peers;

/// <summary>
/// Where a peer's received messages go without passing through a mailbox (the data path): the
/// facade's per-channel queues, and the relay in the SceneMultiplayer profile.
/// </summary>
internal interface IPeerMessageSink
{
    /// <summary>A message arrived on channel index <paramref name="channel"/>; the span is only valid during the call.</summary>
    void OnMessage(int channel, ReadOnlySpan<byte> message);
}
