namespace MeshActors.Multiplayer;

/// <summary>
/// Results of operations that can fail at run time for reasons the caller cannot rule out beforehand
/// (a peer left, a channel is not open, an id came from the network). Numeric values are Godot's
/// <c>Error</c> codes (reference/godot.md, header), so logs read the same on both sides.
/// Programming errors (null arguments, use after dispose, undefined enum values) throw instead.
/// </summary>
public enum MultiplayerError
{
    /// <summary>Success (<c>OK</c>).</summary>
    Ok = 0,

    /// <summary>The operation failed, e.g. a data channel could not be created (<c>FAILED</c>).</summary>
    Failed = 1,

    /// <summary>Nothing to return, e.g. no packet is available (<c>ERR_UNAVAILABLE</c>).</summary>
    Unavailable = 2,

    /// <summary>Not created, disconnected, or the channel is not open (<c>ERR_UNCONFIGURED</c>).</summary>
    Unconfigured = 3,

    /// <summary>New connections are refused (<c>ERR_UNAUTHORIZED</c>).</summary>
    Unauthorized = 4,

    /// <summary>An argument is out of its valid range (<c>ERR_INVALID_PARAMETER</c>).</summary>
    InvalidParameter = 31,

    /// <summary>Internal inconsistency that should not happen (<c>ERR_BUG</c>).</summary>
    Bug = 47,
}
