using MeshActors.Multiplayer;
using MeshActors.WebRtc;

namespace MeshActors.Signaling;

/// <summary>Options of <see cref="MultiplayerSignaling"/>.</summary>
public sealed class MultiplayerSignalingOptions
{
    /// <summary>
    /// Configuration of each new <see cref="RtcPeerConnection"/> (ICE servers, ports, network). Null: defaults with no ICE
    /// servers, so only host candidates are gathered (Godot's demo uses <c>stun:stun.l.google.com:19302</c>; pass your own
    /// STUN server, e.g. MeshHost's, to cross NATs).
    /// </summary>
    public RtcConfiguration? Configuration { get; set; }

    /// <summary>Modes of extra channels given to <c>CreateMesh</c>/<c>CreateServer</c>/<c>CreateClient</c> (null: none).</summary>
    public IReadOnlyList<TransferMode>? ChannelsConfig { get; set; }

    /// <summary><c>unreliable_lifetime</c> given to <c>AddPeer</c>, in milliseconds (Godot's default 1).</summary>
    public int UnreliableLifetime { get; set; } = 1;

    /// <summary>Largest signaling message accepted from the server, in bytes.</summary>
    public int MaxMessageBytes { get; set; } = 1 << 20;
}
