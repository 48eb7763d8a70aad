namespace MeshActors.Relay;

/// <summary>Outcome of reading a SceneMultiplayer packet. Readers never throw on bad bytes.</summary>
public enum ScenePacketStatus
{
    /// <summary>The bytes hold a well-formed packet of the requested type.</summary>
    Ok = 0,

    /// <summary>No bytes at all.</summary>
    Empty,

    /// <summary>The command in the first byte is another one.</summary>
    OtherCommand,

    /// <summary>A SYS packet with another sub-command in byte 1.</summary>
    OtherSysCommand,

    /// <summary>Fewer bytes than the layout needs.</summary>
    TooShort,

    /// <summary>The layout has a fixed length and the packet is longer.</summary>
    WrongLength,
}
