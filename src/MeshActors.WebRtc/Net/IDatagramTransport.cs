namespace MeshActors.WebRtc.Net;

/// <summary>
/// A datagram path to one remote peer: what ICE offers to DTLS (send and receive on the selected
/// candidate pair) and what DTLS offers to SCTP. All calls and callbacks happen on the owning
/// connection's <see cref="SerialExecutor"/>.
/// </summary>
public interface IDatagramTransport
{
    /// <summary>Largest datagram payload this path carries without IP fragmentation, in bytes.</summary>
    int MaxDatagramSize { get; }

    /// <summary>
    /// Sends one datagram; returns <c>false</c> when the path cannot send now (no selected pair,
    /// closed). A <c>false</c> is a loss, not an error: the upper layer retransmits.
    /// </summary>
    bool Send(ReadOnlySpan<byte> datagram);

    /// <summary>Sets the receiver of incoming datagrams (the layer above). Replaces any previous one.</summary>
    void SetReceiver(IDatagramReceiver receiver);
}

/// <summary>Receives the datagrams of an <see cref="IDatagramTransport"/>.</summary>
public interface IDatagramReceiver
{
    /// <summary>One datagram. The span is valid only during the call.</summary>
    void OnDatagram(ReadOnlySpan<byte> datagram);
}
