namespace MeshActors.Signaling;

/// <summary>
/// What a <see cref="SignalingClient"/> received from the signaling server, one per server message (in order),
/// then one <see cref="Closed"/>.
/// </summary>
public abstract record SignalingEvent
{
    private SignalingEvent()
    {
    }

    /// <summary>ID: this client is peer <paramref name="PeerId"/> (1 = the lobby's host) of a mesh or client/server lobby.</summary>
    public sealed record IdAssigned(int PeerId, bool Mesh) : SignalingEvent;

    /// <summary>JOIN: the join completed; <paramref name="Lobby"/> is the lobby's name (share it to let others join).</summary>
    public sealed record LobbyJoined(string Lobby) : SignalingEvent;

    /// <summary>PEER_CONNECT: peer <paramref name="PeerId"/> is in the lobby; connect to it.</summary>
    public sealed record PeerConnected(int PeerId) : SignalingEvent;

    /// <summary>PEER_DISCONNECT: peer <paramref name="PeerId"/> left the lobby.</summary>
    public sealed record PeerDisconnected(int PeerId) : SignalingEvent;

    /// <summary>OFFER relayed from peer <paramref name="PeerId"/>.</summary>
    public sealed record OfferReceived(int PeerId, string Sdp) : SignalingEvent;

    /// <summary>ANSWER relayed from peer <paramref name="PeerId"/>.</summary>
    public sealed record AnswerReceived(int PeerId, string Sdp) : SignalingEvent;

    /// <summary>CANDIDATE relayed from peer <paramref name="PeerId"/>.</summary>
    public sealed record CandidateReceived(int PeerId, SignalingCandidate Candidate) : SignalingEvent;

    /// <summary>SEAL: the host sealed the lobby; the server will close the connection (normally 10 s later).</summary>
    public sealed record LobbySealed : SignalingEvent;

    /// <summary>
    /// The connection ended: the server's close <paramref name="Code"/> and <paramref name="Reason"/> (see
    /// <see cref="SignalingCloseCodes"/>), 1006 when the connection was lost, or 1000 after <see cref="SignalingClient.CloseAsync"/>.
    /// </summary>
    public sealed record Closed(int Code, string Reason) : SignalingEvent;
}
