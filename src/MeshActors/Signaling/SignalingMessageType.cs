namespace MeshActors.Signaling;

/// <summary>
/// The <c>type</c> of a message of Godot's webrtc_signaling demo protocol (godot-demo-projects,
/// networking/webrtc_signaling, Godot 4 versions). Values are the numbers on the wire.
/// </summary>
public enum SignalingMessageType
{
    /// <summary>Client → server: join the lobby named in <c>data</c> ("" creates one); <c>id</c> 0 asks for a mesh
    /// lobby, non-zero for client/server. Server → client: <c>data</c> is the lobby's name, sent after ID and
    /// PEER_CONNECT.</summary>
    Join = 0,

    /// <summary>Server → client: <c>id</c> is the joiner's peer id (1 for the lobby's creator); <c>data</c> is
    /// "true" in a mesh lobby, "" otherwise.</summary>
    Id = 1,

    /// <summary>Server → client: the peer <c>id</c> is in the lobby and should be connected to.</summary>
    PeerConnect = 2,

    /// <summary>Server → client: the peer <c>id</c> left the lobby.</summary>
    PeerDisconnect = 3,

    /// <summary>Relayed SDP offer. Client → server: <c>id</c> = destination; server → client: <c>id</c> = sender.</summary>
    Offer = 4,

    /// <summary>Relayed SDP answer, with the same id rule as <see cref="Offer"/>.</summary>
    Answer = 5,

    /// <summary>Relayed ICE candidate: <c>data</c> = "\n" + mid + "\n" + m-line index + "\n" + candidate
    /// (see <see cref="SignalingCandidate"/>), with the same id rule as <see cref="Offer"/>.</summary>
    Candidate = 6,

    /// <summary>Client → server: the host seals its lobby (no more joins). Server → every member: <c>id</c> 0.</summary>
    Seal = 7,
}
