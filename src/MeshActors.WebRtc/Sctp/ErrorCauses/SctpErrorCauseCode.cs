namespace MeshActors.WebRtc.Sctp;

/// <summary>Error cause codes of ABORT and ERROR chunks (RFC 9260 §3.3.10).</summary>
public enum SctpErrorCauseCode : ushort
{
    /// <summary>No cause was given.</summary>
    None = 0,
    /// <summary>1: DATA on a stream that does not exist (§3.3.10.1).</summary>
    InvalidStreamIdentifier = 1,
    /// <summary>2: a mandatory parameter is missing (§3.3.10.2).</summary>
    MissingMandatoryParameter = 2,
    /// <summary>3: the State Cookie expired (§3.3.10.3).</summary>
    StaleCookie = 3,
    /// <summary>4: out of resource (§3.3.10.4).</summary>
    OutOfResource = 4,
    /// <summary>5: unresolvable address (§3.3.10.5).</summary>
    UnresolvableAddress = 5,
    /// <summary>6: unrecognized chunk type (§3.3.10.6).</summary>
    UnrecognizedChunkType = 6,
    /// <summary>7: invalid mandatory parameter (§3.3.10.7).</summary>
    InvalidMandatoryParameter = 7,
    /// <summary>8: unrecognized parameters (§3.3.10.8).</summary>
    UnrecognizedParameters = 8,
    /// <summary>9: a DATA chunk without user data (§3.3.10.9).</summary>
    NoUserData = 9,
    /// <summary>10: COOKIE ECHO received while shutting down (§3.3.10.10).</summary>
    CookieReceivedWhileShuttingDown = 10,
    /// <summary>11: restart of an association with new addresses (§3.3.10.11).</summary>
    RestartWithNewAddresses = 11,
    /// <summary>12: the upper layer aborted; the information is its reason (§3.3.10.12).</summary>
    UserInitiatedAbort = 12,
    /// <summary>13: protocol violation; the information describes it (§3.3.10.13).</summary>
    ProtocolViolation = 13,
}
