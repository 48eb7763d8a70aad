namespace MeshActors.Multiplayer;

/// <summary>How packets are framed on the data channels (DESIGN.md "Wire profiles of the facade").</summary>
public enum WireProfile
{
    /// <summary>
    /// Packets travel unframed, exactly as Godot's <c>WebRTCMultiplayerPeer</c> sends them: one
    /// <see cref="WebRtcMultiplayerPeer.PutPacket"/> is one data-channel message with the same bytes.
    /// </summary>
    Raw = 0,

    /// <summary>
    /// Packets carry SceneMultiplayer's first byte (reference/godot.md §4): user bytes travel as RAW
    /// (<c>0x03</c> + bytes, what Godot's <c>multiplayer.send_bytes()</c> sends); a server exchanges peers
    /// (ADD_PEER / DEL_PEER) and relays (RELAY) so that clients see each other as peers while all bytes
    /// flow through peer 1. Other commands (RPC, spawn, sync) are relayed untouched and handed to the
    /// application with their command byte (<see cref="WebRtcMultiplayerPeer.GetPacketCommand"/>).
    /// </summary>
    SceneMultiplayer = 1,
}
