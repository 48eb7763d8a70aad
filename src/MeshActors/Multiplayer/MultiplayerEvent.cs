using MeshActors.Relay;

namespace MeshActors.Multiplayer;

/// <summary>What <see cref="WebRtcMultiplayerPeer.ReadAllAsync"/> yields.</summary>
public enum MultiplayerEventKind
{
    /// <summary>A peer became connected (<see cref="WebRtcMultiplayerPeer.PeerConnected"/>).</summary>
    PeerConnected,

    /// <summary>A connected peer left (<see cref="WebRtcMultiplayerPeer.PeerDisconnected"/>).</summary>
    PeerDisconnected,

    /// <summary>A packet arrived.</summary>
    Packet,
}

/// <summary>
/// One event or packet from <see cref="WebRtcMultiplayerPeer.ReadAllAsync"/>. <see cref="Packet"/> is
/// only valid until the enumeration moves on; copy it to keep it.
/// </summary>
public readonly struct MultiplayerEvent
{
    internal MultiplayerEvent(MultiplayerEventKind kind, int peerId, int channel, TransferMode mode, SceneCommand command, ReadOnlyMemory<byte> packet)
    {
        Kind = kind;
        PeerId = peerId;
        Channel = channel;
        Mode = mode;
        Command = command;
        Packet = packet;
    }

    /// <summary>What happened.</summary>
    public MultiplayerEventKind Kind { get; }

    /// <summary>The peer concerned; for a packet, its sender (the original source of a relayed packet).</summary>
    public int PeerId { get; }

    /// <summary>Transfer channel of a packet (0 for the three reserved channels).</summary>
    public int Channel { get; }

    /// <summary>Transfer mode of a packet.</summary>
    public TransferMode Mode { get; }

    /// <summary>SceneMultiplayer command of a packet (<see cref="SceneCommand.Raw"/> for user bytes and in the Raw profile).</summary>
    public SceneCommand Command { get; }

    /// <summary>The packet's bytes; empty for peer events.</summary>
    public ReadOnlyMemory<byte> Packet { get; }

    /// <inheritdoc/>
    public override string ToString() => Kind == MultiplayerEventKind.Packet
        ? $"Packet(from {PeerId}, channel {Channel}, {Mode}, {Command}, {Packet.Length} bytes)"
        : $"{Kind}({PeerId})";

    internal static MultiplayerEvent ForPeer(MultiplayerEventKind kind, int peerId) =>
        new(kind, peerId, 0, TransferMode.Reliable, SceneCommand.Raw, ReadOnlyMemory<byte>.Empty);
}

/// <summary>Arguments of <see cref="WebRtcMultiplayerPeer.PeerConnected"/> and <see cref="WebRtcMultiplayerPeer.PeerDisconnected"/>.</summary>
public sealed class PeerEventArgs(int peerId) : EventArgs
{
    /// <summary>The peer concerned.</summary>
    public int PeerId { get; } = peerId;
}
