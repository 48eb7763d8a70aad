namespace MeshActors.Signaling;

/// <summary>
/// WebSocket close codes and reasons of the signaling protocol. 4000 and its reasons are those of the
/// webrtc_signaling demo's Node.js server (spelling included, so clients that show them read the same text);
/// the other codes are MeshHost's for its configurable limits.
/// </summary>
public static class SignalingCloseCodes
{
    /// <summary>1000: normal closure, used 10 s after a lobby is sealed (reason <see cref="SealComplete"/>).</summary>
    public const int Normal = 1000;

    /// <summary>1001 (going away): the server is shutting down.</summary>
    public const int GoingAway = 1001;

    /// <summary>1009 (message too big, RFC 6455 §7.4.1): a message exceeded the configured size.</summary>
    public const int MessageTooBig = 1009;

    /// <summary>4000: a protocol error, as in the demo server; the reason says which.</summary>
    public const int ProtocolError = 4000;

    /// <summary>4001: the connection sent more messages per second than allowed.</summary>
    public const int RateLimited = 4001;

    /// <summary>4002: the lobby already has the configured maximum number of peers.</summary>
    public const int LobbyFull = 4002;

    /// <summary>4003: the client did not read its messages fast enough; the server's queue for it overflowed.</summary>
    public const int SlowConsumer = 4003;

    /// <summary>Reason with 1000 after a seal.</summary>
    public const string SealComplete = "Seal complete";

    /// <summary>Reason with 1001.</summary>
    public const string ServerShuttingDown = "Server shutting down";

    /// <summary>Reason with 1009.</summary>
    public const string MessageTooBigReason = "Message too big";

    /// <summary>Reason with 4001.</summary>
    public const string TooManyMessages = "Too many messages per second";

    /// <summary>Reason with 4002.</summary>
    public const string LobbyIsFull = "Lobby is full";

    /// <summary>Reason with 4003.</summary>
    public const string TooSlow = "Too many unread messages";

    /// <summary>4000: no JOIN within the join timeout (1 s by default).</summary>
    public const string NoLobby = "Have not joined lobby yet";

    /// <summary>4000: the lobby's host left; every member is closed.</summary>
    public const string HostDisconnected = "Room host has disconnected";

    /// <summary>4000: a non-host sent SEAL.</summary>
    public const string OnlyHostCanSeal = "Only host can seal the lobby";

    /// <summary>4000: creating a lobby would exceed the lobby limit.</summary>
    public const string TooManyLobbies = "Too many lobbies open, disconnecting";

    /// <summary>4000: JOIN from a connection that is already in (or joining) a lobby.</summary>
    public const string AlreadyInLobby = "Already in a lobby";

    /// <summary>4000: JOIN names no open lobby (the demo's spelling).</summary>
    public const string LobbyDoesNotExist = "Lobby does not exists";

    /// <summary>4000: JOIN names a lobby that is sealed.</summary>
    public const string LobbyIsSealed = "Lobby is sealed";

    /// <summary>4000: JOIN names a lobby that cannot exist (not 1–64 characters of A–Z, a–z, 0–9).</summary>
    public const string InvalidLobbyName = "Invalid lobby name";

    /// <summary>4000: the frame is not a signaling message.</summary>
    public const string InvalidFormat = "Invalid message format";

    /// <summary>4000: SEAL, OFFER, ANSWER, CANDIDATE (or anything but JOIN) before joining a lobby.</summary>
    public const string NeedLobby = "Invalid message when not in a lobby";

    /// <summary>4000: the member's lobby vanished (it failed).</summary>
    public const string ServerError = "Server error, lobby not found";

    /// <summary>4000: OFFER/ANSWER/CANDIDATE to a peer that is not in the lobby (or, in a client/server lobby,
    /// from a client to anyone but the host).</summary>
    public const string InvalidDestination = "Invalid destination";

    /// <summary>4000: a type a client may not send (ID, PEER_CONNECT, PEER_DISCONNECT, or unknown) while in a lobby.</summary>
    public const string InvalidCommand = "Invalid command";

    /// <summary>4000: the server already has its maximum number of connections.</summary>
    public const string TooManyPeers = "Too many peers connected";

    /// <summary>4000: a binary frame.</summary>
    public const string InvalidTransferMode = "Invalid transfer mode, must be text";
}
