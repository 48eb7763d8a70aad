namespace MeshActors.Relay;

/// <summary>The sub-command in byte 1 of a <see cref="SceneCommand.Sys"/> packet (reference/godot.md §4.1).</summary>
public enum SysCommand : byte
{
    /// <summary>Authentication payload; a bare two-byte packet means "authentication completed" (<c>SYS_COMMAND_AUTH</c>).</summary>
    Auth = 0,

    /// <summary>Server → client: another client joined (<c>SYS_COMMAND_ADD_PEER</c>).</summary>
    AddPeer = 1,

    /// <summary>Server → client: another client left (<c>SYS_COMMAND_DEL_PEER</c>).</summary>
    DelPeer = 2,

    /// <summary>A packet relayed through the server (<c>SYS_COMMAND_RELAY</c>).</summary>
    Relay = 3,
}
