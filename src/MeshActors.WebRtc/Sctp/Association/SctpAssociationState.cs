namespace MeshActors.WebRtc.Sctp;

/// <summary>States of an SCTP association (RFC 9260 §4).</summary>
public enum SctpAssociationState
{
    /// <summary>No association (before <see cref="SctpAssociation.Connect"/> or after the end).</summary>
    Closed,
    /// <summary>INIT sent, waiting for INIT ACK.</summary>
    CookieWait,
    /// <summary>COOKIE ECHO sent, waiting for COOKIE ACK.</summary>
    CookieEchoed,
    /// <summary>Messages flow both ways.</summary>
    Established,
    /// <summary>Shutdown asked locally; queued data is still being sent and acknowledged.</summary>
    ShutdownPending,
    /// <summary>SHUTDOWN sent.</summary>
    ShutdownSent,
    /// <summary>SHUTDOWN received; our queued data is still being sent and acknowledged.</summary>
    ShutdownReceived,
    /// <summary>SHUTDOWN ACK sent.</summary>
    ShutdownAckSent,
}
