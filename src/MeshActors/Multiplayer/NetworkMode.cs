namespace MeshActors.Multiplayer;

/// <summary>What a <see cref="WebRtcMultiplayerPeer"/> was created as (reference/godot.md §1.1).</summary>
public enum NetworkMode
{
    /// <summary>Not created, or closed.</summary>
    None = 0,

    /// <summary><see cref="WebRtcMultiplayerPeer.CreateServer"/>: unique id 1, talks to clients.</summary>
    Server = 1,

    /// <summary><see cref="WebRtcMultiplayerPeer.CreateClient"/>: talks to the server (peer 1) only.</summary>
    Client = 2,

    /// <summary><see cref="WebRtcMultiplayerPeer.CreateMesh"/>: talks to every peer directly.</summary>
    Mesh = 3,
}
