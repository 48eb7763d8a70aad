namespace MeshActors.Peers;

/// <summary>Messages a <see cref="PeerConnectionActor"/> accepts from its parent.</summary>
internal interface IPeerCommand;

/// <summary>
/// Transport events of the link, turned into messages the actor sends itself. They may race with the
/// actor stopping, so an undelivered one is not reported as a dead letter.
/// </summary>
internal interface ILinkEvent : Akka.Event.IDeadLetterSuppression;

/// <summary>
/// What a <see cref="PeerConnectionActor"/> tells its parent. A notification may race with the parent
/// stopping (disposal), so an undelivered one is not reported as a dead letter.
/// </summary>
internal interface IPeerNotification : Akka.Event.IDeadLetterSuppression
{
    /// <summary>The remote peer's id.</summary>
    int PeerId { get; }

    /// <summary>Which addition of that id this is (ids can be re-used after a removal).</summary>
    long Incarnation { get; }
}

/// <summary>Close the connection gracefully and report the peer lost once it is closed.</summary>
internal sealed class ClosePeer : IPeerCommand
{
    public static readonly ClosePeer Instance = new();

    private ClosePeer()
    {
    }

    public override string ToString() => "ClosePeer";
}

/// <summary>The link's connection state changed.</summary>
internal sealed record LinkConnectionStateChanged(LinkConnectionState State) : ILinkEvent
{
    public override string ToString() => $"LinkConnectionStateChanged({State})";
}

/// <summary>A channel of the link changed state.</summary>
internal sealed record LinkChannelStateChanged(int Channel, LinkChannelState State) : ILinkEvent
{
    public override string ToString() => $"LinkChannelStateChanged(channel {Channel}: {State})";
}

/// <summary>The peer became connected: connection connected and every channel open (reference/godot.md §1.5).</summary>
internal sealed record PeerBecameConnected(int PeerId, long Incarnation) : IPeerNotification
{
    public override string ToString() => $"PeerBecameConnected(peer {PeerId} #{Incarnation})";
}

/// <summary>
/// The peer is lost: connection disconnected, failed or closed, a channel closing or closed, the
/// connect timeout, or a graceful close completed. The actor then waits to be stopped.
/// </summary>
internal sealed record PeerLost(int PeerId, long Incarnation, PeerLostReason Reason) : IPeerNotification
{
    public override string ToString() => $"PeerLost(peer {PeerId} #{Incarnation}: {Reason})";
}

/// <summary>Timer key and message: the peer did not connect in time.</summary>
internal sealed class ConnectTimeout
{
    public static readonly ConnectTimeout Instance = new();

    private ConnectTimeout()
    {
    }

    public override string ToString() => "ConnectTimeout";
}

/// <summary>Timer key and message: read the link's states now (they may change without an event).</summary>
internal sealed class CheckLink : ILinkEvent
{
    public static readonly CheckLink Instance = new();

    private CheckLink()
    {
    }

    public override string ToString() => "CheckLink";
}

/// <summary>Timer key and message: a graceful close did not complete in time.</summary>
internal sealed class CloseTimeout
{
    public static readonly CloseTimeout Instance = new();

    private CloseTimeout()
    {
    }

    public override string ToString() => "CloseTimeout";
}
