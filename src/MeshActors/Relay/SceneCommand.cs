namespace MeshActors.Relay;

/// <summary>
/// The command in the low three bits of the first byte of every SceneMultiplayer packet
/// (Godot 4 <c>modules/multiplayer</c>; reference/godot.md §4.1). Bits 4–7 carry per-command flags.
/// </summary>
public enum SceneCommand : byte
{
    /// <summary>An RPC (<c>NETWORK_COMMAND_REMOTE_CALL</c>).</summary>
    RemoteCall = 0,

    /// <summary>Node path caching request (<c>NETWORK_COMMAND_SIMPLIFY_PATH</c>).</summary>
    SimplifyPath = 1,

    /// <summary>Node path caching reply (<c>NETWORK_COMMAND_CONFIRM_PATH</c>).</summary>
    ConfirmPath = 2,

    /// <summary>User bytes from <c>multiplayer.send_bytes()</c> (<c>NETWORK_COMMAND_RAW</c>).</summary>
    Raw = 3,

    /// <summary>Replication spawn (<c>NETWORK_COMMAND_SPAWN</c>).</summary>
    Spawn = 4,

    /// <summary>Replication despawn (<c>NETWORK_COMMAND_DESPAWN</c>).</summary>
    Despawn = 5,

    /// <summary>Replication sync (<c>NETWORK_COMMAND_SYNC</c>).</summary>
    Sync = 6,

    /// <summary>System command: auth, peer exchange, relay (<c>NETWORK_COMMAND_SYS</c>).</summary>
    Sys = 7,
}
