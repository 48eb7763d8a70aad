using Akka.Actor;
using MeshActors.Multiplayer;
using MeshActors.Peers;

namespace MeshActors.Mesh;

/// <summary>Messages a <see cref="MeshActor"/> accepts.</summary>
internal interface IMeshCommand;

/// <summary>
/// What a <see cref="MeshActor"/> publishes to its observer and subscribers. A subscriber may stop while an
/// event is on its way, so an undelivered one is not reported as a dead letter.
/// </summary>
internal interface IMeshEvent : Akka.Event.IDeadLetterSuppression
{
    /// <summary>The peer concerned.</summary>
    int PeerId { get; }

    /// <summary>Which addition of that id.</summary>
    long Incarnation { get; }
}

/// <summary>Set mode and unique id (Godot's create_server/client/mesh after validation). Peers are kept.</summary>
internal sealed record ConfigureMesh(NetworkMode Mode, int UniqueId) : IMeshCommand
{
    public override string ToString() => $"ConfigureMesh({Mode}, id {UniqueId})";
}

/// <summary>Refuse (or accept again) new peers; replies nothing.</summary>
internal sealed record SetRefuseNewConnections(bool Refuse) : IMeshCommand
{
    public override string ToString() => $"SetRefuseNewConnections({Refuse})";
}

/// <summary>
/// Add a peer whose link already has its channels. The mesh checks Godot's rules 1–6 (reference/godot.md
/// §1.3; rules 7–8 concern the connection and are the caller's) and replies <see cref="AddPeerResult"/>.
/// An existing entry with the same id is replaced in place, silently.
/// </summary>
internal sealed record AddMeshPeer(IPeerLink Link, IPeerMessageSink Sink, int PeerId, long Incarnation, int UnreliableLifetime) : IMeshCommand
{
    public override string ToString() => $"AddMeshPeer(peer {PeerId} #{Incarnation}, lifetime {UnreliableLifetime} ms)";
}

/// <summary>Reply to <see cref="AddMeshPeer"/>.</summary>
internal sealed record AddPeerResult(int PeerId, long Incarnation, MultiplayerError Error)
{
    public override string ToString() => $"AddPeerResult(peer {PeerId} #{Incarnation}: {Error})";
}

/// <summary>
/// Remove a peer: its actor stops and its link is disposed. With an incarnation, only that addition
/// is removed (a newer one with the same id is left alone).
/// </summary>
internal sealed record RemoveMeshPeer(int PeerId, long? Incarnation = null) : IMeshCommand
{
    public override string ToString() => Incarnation is { } i ? $"RemoveMeshPeer(peer {PeerId} #{i})" : $"RemoveMeshPeer(peer {PeerId})";
}

/// <summary>
/// Disconnect a peer: forced = removed at once; graceful = its connection is closed and the peer is
/// reported lost once closed (reference/godot.md §1.10).
/// </summary>
internal sealed record DisconnectMeshPeer(int PeerId, bool Force, long? Incarnation = null) : IMeshCommand
{
    public override string ToString() => $"DisconnectMeshPeer(peer {PeerId}{(Incarnation is { } i ? $" #{i}" : "")}, {(Force ? "forced" : "graceful")})";
}

/// <summary>Remove every peer without events, and forget mode and id (reference/godot.md §1.11).</summary>
internal sealed class CloseMesh : IMeshCommand
{
    public static readonly CloseMesh Instance = new();

    private CloseMesh()
    {
    }

    public override string ToString() => "CloseMesh";
}

/// <summary>
/// Send one message through the mailbox, routed by target as Godot's put_packet routes it
/// (reference/godot.md §1.8 steps 3–4): &gt; 0 one peer, 0 everyone, &lt; 0 everyone but −target.
/// Replies <see cref="SendResult"/>. The bytes go out unchanged.
/// </summary>
internal sealed record SendToPeers(int Target, int Channel, ReadOnlyMemory<byte> Payload) : IMeshCommand
{
    public override string ToString() => $"SendToPeers(target {Target}, channel {Channel}, {Payload.Length} bytes)";
}

/// <summary>Reply to <see cref="SendToPeers"/>.</summary>
internal sealed record SendResult(MultiplayerError Error)
{
    public override string ToString() => $"SendResult({Error})";
}

/// <summary>Ask for the peer table; replies <see cref="MeshPeerList"/>.</summary>
internal sealed class GetMeshPeers : IMeshCommand
{
    public static readonly GetMeshPeers Instance = new();

    private GetMeshPeers()
    {
    }

    public override string ToString() => "GetMeshPeers";
}

/// <summary>Ask for one peer; replies <see cref="MeshPeerList"/> with zero or one entry.</summary>
internal sealed record GetMeshPeer(int PeerId) : IMeshCommand
{
    public override string ToString() => $"GetMeshPeer({PeerId})";
}

/// <summary>A snapshot of peers in insertion order, with the mesh's mode and id.</summary>
internal sealed record MeshPeerList(NetworkMode Mode, int UniqueId, bool RefuseNewConnections, IReadOnlyList<MeshPeerInfo> Peers)
{
    public override string ToString() => $"MeshPeerList({Mode}, id {UniqueId}, [{string.Join(", ", Peers)}])";
}

/// <summary>One entry of <see cref="MeshPeerList"/>.</summary>
internal sealed record MeshPeerInfo(int PeerId, long Incarnation, bool Connected, IActorRef Actor, IPeerLink Link)
{
    public override string ToString() => $"{PeerId}#{Incarnation}{(Connected ? " connected" : "")}";
}

/// <summary>Receive <see cref="IMeshEvent"/>s until <see cref="UnsubscribeMesh"/> or termination.</summary>
internal sealed record SubscribeMesh(IActorRef Subscriber) : IMeshCommand;

/// <summary>Stop receiving <see cref="IMeshEvent"/>s.</summary>
internal sealed record UnsubscribeMesh(IActorRef Subscriber) : IMeshCommand;

/// <summary>A peer became connected (connection connected and every channel open).</summary>
internal sealed record MeshPeerConnected(int PeerId, long Incarnation) : IMeshEvent
{
    public override string ToString() => $"MeshPeerConnected(peer {PeerId} #{Incarnation})";
}

/// <summary>A peer left the mesh; <paramref name="WasConnected"/> tells whether it had been connected.</summary>
internal sealed record MeshPeerDisconnected(int PeerId, long Incarnation, PeerLostReason Reason, bool WasConnected) : IMeshEvent
{
    public override string ToString() => $"MeshPeerDisconnected(peer {PeerId} #{Incarnation}: {Reason}{(WasConnected ? "" : ", never connected")})";
}

/// <summary>Receives mesh events on the mesh actor's thread without a mailbox (the facade's queue).</summary>
internal interface IMeshObserver
{
    void OnMeshEvent(IMeshEvent meshEvent);
}
