namespace MeshActors.Multiplayer;

/// <summary>
/// Counters of one peer. Packets and bytes count data-channel messages as sent and received by this
/// facade (framing of the SceneMultiplayer profile included); RTT and retransmissions come from the stack.
/// </summary>
/// <param name="RoundTripTime">Smoothed SCTP round-trip time, or null before the first measurement.</param>
/// <param name="PacketsSent">Messages sent to the peer.</param>
/// <param name="BytesSent">Bytes of those messages.</param>
/// <param name="PacketsReceived">Messages received from the peer.</param>
/// <param name="BytesReceived">Bytes of those messages.</param>
/// <param name="Retransmissions">Retransmitted SCTP chunks of the connection.</param>
/// <param name="PacketsDropped">Received packets dropped because the peer's queue was full.</param>
public readonly record struct PeerStatistics(
    TimeSpan? RoundTripTime, long PacketsSent, long BytesSent, long PacketsReceived, long BytesReceived, long Retransmissions, long PacketsDropped);

/// <summary>Counters of the SceneMultiplayer relay.</summary>
/// <param name="RelayedPackets">Messages forwarded (one per destination).</param>
/// <param name="DroppedPackets">Messages dropped: malformed, from a peer not admitted, to an unknown target, or not allowed.</param>
public readonly record struct RelayStatistics(long RelayedPackets, long DroppedPackets);
