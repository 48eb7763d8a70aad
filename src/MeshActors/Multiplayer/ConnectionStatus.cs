namespace MeshActors.Multiplayer;

/// <summary>Godot's <c>MultiplayerPeer.ConnectionStatus</c>, same numeric values (reference/godot.md §1.9, §2).</summary>
public enum ConnectionStatus
{
    /// <summary>Not created, closed, or (client) the server was lost.</summary>
    Disconnected = 0,

    /// <summary>A client whose server (peer 1) is not connected yet.</summary>
    Connecting = 1,

    /// <summary>A server or mesh peer after creation; a client once peer 1 is connected.</summary>
    Connected = 2,
}
