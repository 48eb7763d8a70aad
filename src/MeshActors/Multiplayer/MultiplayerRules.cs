namespace MeshActors.Multiplayer;

/// <summary>
/// Godot's argument rules, written once and shared by the facade and <see cref="Mesh.MeshActor"/>
/// (reference/godot.md §1.2, §1.3).
/// </summary>
internal static class MultiplayerRules
{
    /// <summary>Highest peer id: ids are positive int32 values (reference/godot.md §1.2).</summary>
    public const int MaxPeerId = int.MaxValue;

    /// <summary>The server's id (<c>TARGET_PEER_SERVER</c>).</summary>
    public const int ServerId = 1;

    /// <summary>Number of channels every peer has before the extras (<c>CH_RESERVED_MAX</c>).</summary>
    public const int ReservedChannels = 3;

    /// <summary>§1.2 step 1: an id must be in 1..2147483647.</summary>
    public static bool IsValidPeerId(int peerId) => peerId >= 1;

    /// <summary>
    /// §1.3 checks 1–6, in Godot's order (first failure wins). Checks 7 (null connection) and 8
    /// (connection not new) need the connection and are made by the caller.
    /// </summary>
    public static MultiplayerError CheckAddPeer(NetworkMode mode, bool refuseNewConnections, int peerId, int unreliableLifetime)
    {
        if (mode == NetworkMode.None)
        {
            return MultiplayerError.Unconfigured;
        }
        if (mode == NetworkMode.Client && peerId != ServerId)
        {
            return MultiplayerError.InvalidParameter; // a client may only add the server
        }
        if (mode == NetworkMode.Server && peerId == ServerId)
        {
            return MultiplayerError.InvalidParameter;
        }
        if (!IsValidPeerId(peerId))
        {
            return MultiplayerError.InvalidParameter;
        }
        if (unreliableLifetime < 0)
        {
            return MultiplayerError.InvalidParameter;
        }
        if (refuseNewConnections)
        {
            return MultiplayerError.Unauthorized;
        }
        return MultiplayerError.Ok;
    }

    /// <summary>
    /// §1.8 step 2: channel list index for a transfer channel and mode. Channel 0 picks one of the three
    /// reserved channels by mode; channel k picks index k + 2 (the mode is then ignored). Godot does not
    /// clamp: −1 maps to 1 and −2 to 0; anything lower gives a negative index, which senders reject.
    /// </summary>
    public static int ChannelIndex(int transferChannel, TransferMode mode)
    {
        if (transferChannel == 0)
        {
            return mode switch
            {
                TransferMode.Reliable => 0,
                TransferMode.UnreliableOrdered => 1,
                _ => 2,
            };
        }
        return transferChannel + 2;
    }

    /// <summary>§1.7: the transfer channel a channel list index reports (0 for the three reserved ones).</summary>
    public static int TransferChannelOf(int channelIndex) => channelIndex < ReservedChannels ? 0 : channelIndex - 2;
}
