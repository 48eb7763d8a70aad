namespace MeshActors.Peers;

/// <summary>Why a peer left the mesh.</summary>
public enum PeerLostReason
{
    /// <summary>The connection reported "disconnected" (Godot removes the peer at once, §1.5).</summary>
    ConnectionDisconnected,

    /// <summary>The connection failed.</summary>
    ConnectionFailed,

    /// <summary>The connection was closed (by either end).</summary>
    ConnectionClosed,

    /// <summary>A data channel started closing or closed.</summary>
    ChannelClosed,

    /// <summary>The peer did not become connected within the connect timeout.</summary>
    ConnectTimeout,

    /// <summary>The application disconnected it gracefully (<c>DisconnectPeer(id, force: false)</c>).</summary>
    Disconnected,

    /// <summary>The application removed it (<c>RemovePeer</c>, forced disconnect, a replacement, or close).</summary>
    Removed,

    /// <summary>Its actor failed and was stopped by the mesh's supervisor.</summary>
    Crashed,
}
