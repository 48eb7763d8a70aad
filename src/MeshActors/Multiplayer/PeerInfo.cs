using MeshActors.WebRtc;
using MeshActors.WebRtc.DataChannels;

namespace MeshActors.Multiplayer;

/// <summary>One peer of a <see cref="WebRtcMultiplayerPeer"/> (Godot's <c>get_peer</c> dictionary, §1.4).</summary>
/// <param name="PeerId">The peer's id.</param>
/// <param name="Connection">The connection given to <see cref="WebRtcMultiplayerPeer.AddPeer"/>.</param>
/// <param name="Channels">Its channels in list order: "reliable", "ordered", "unreliable", then the extras.</param>
/// <param name="Connected">Whether Poll has seen it connected.</param>
public sealed record PeerInfo(int PeerId, RtcPeerConnection Connection, IReadOnlyList<RtcDataChannel> Channels, bool Connected)
{
    /// <inheritdoc/>
    public override string ToString() => $"Peer {PeerId} ({(Connected ? "connected" : "not connected")}, {Channels.Count} channels, {Connection.ConnectionState})";
}
