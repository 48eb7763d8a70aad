namespace MeshActors.Multiplayer;

/// <summary>
/// How a packet travels (Godot's <c>MultiplayerPeer.TransferMode</c>, same numeric values;
/// reference/godot.md §2). Selects one of the three negotiated channels when
/// <see cref="WebRtcMultiplayerPeer.TransferChannel"/> is 0.
/// </summary>
public enum TransferMode
{
    /// <summary>
    /// Channel "unreliable" (SCTP stream 3): unordered, and retransmitted only while younger than the
    /// peer's unreliable lifetime. Packets may be lost, duplicated never, and arrive in any order.
    /// </summary>
    Unreliable = 0,

    /// <summary>
    /// Channel "ordered" (SCTP stream 2): ordered, and retransmitted only while younger than the peer's
    /// unreliable lifetime. Packets may be lost; those that arrive keep their order.
    /// </summary>
    UnreliableOrdered = 1,

    /// <summary>Channel "reliable" (SCTP stream 1): every packet arrives, once, in order. The default.</summary>
    Reliable = 2,
}
