namespace MeshActors.WebRtc.Sctp;

/// <summary>SCTP chunk types (RFC 9260 §3.2, RFC 3758, RFC 6525, RFC 8260 and the IANA registry).</summary>
public enum SctpChunkType : byte
{
    /// <summary>DATA, RFC 9260 §3.3.1.</summary>
    Data = 0,
    /// <summary>INIT, RFC 9260 §3.3.2.</summary>
    Init = 1,
    /// <summary>INIT ACK, RFC 9260 §3.3.3.</summary>
    InitAck = 2,
    /// <summary>SACK, RFC 9260 §3.3.4.</summary>
    Sack = 3,
    /// <summary>HEARTBEAT, RFC 9260 §3.3.5.</summary>
    Heartbeat = 4,
    /// <summary>HEARTBEAT ACK, RFC 9260 §3.3.6.</summary>
    HeartbeatAck = 5,
    /// <summary>ABORT, RFC 9260 §3.3.7.</summary>
    Abort = 6,
    /// <summary>SHUTDOWN, RFC 9260 §3.3.8.</summary>
    Shutdown = 7,
    /// <summary>SHUTDOWN ACK, RFC 9260 §3.3.9.</summary>
    ShutdownAck = 8,
    /// <summary>ERROR, RFC 9260 §3.3.10.</summary>
    Error = 9,
    /// <summary>COOKIE ECHO, RFC 9260 §3.3.11.</summary>
    CookieEcho = 10,
    /// <summary>COOKIE ACK, RFC 9260 §3.3.12.</summary>
    CookieAck = 11,
    /// <summary>ECNE (not supported: ECN is never offered).</summary>
    Ecne = 12,
    /// <summary>CWR (not supported: ECN is never offered).</summary>
    Cwr = 13,
    /// <summary>SHUTDOWN COMPLETE, RFC 9260 §3.3.13.</summary>
    ShutdownComplete = 14,
    /// <summary>AUTH, RFC 4895 (not supported).</summary>
    Auth = 15,
    /// <summary>I-DATA, RFC 8260 §2.1.</summary>
    IData = 64,
    /// <summary>ASCONF-ACK, RFC 5061 (not supported).</summary>
    AsconfAck = 128,
    /// <summary>RE-CONFIG, RFC 6525 §3.1.</summary>
    ReConfig = 130,
    /// <summary>PAD, RFC 4820 (skipped as unknown).</summary>
    Pad = 132,
    /// <summary>FORWARD TSN, RFC 3758 §3.2.</summary>
    ForwardTsn = 192,
    /// <summary>ASCONF, RFC 5061 (not supported).</summary>
    Asconf = 193,
    /// <summary>I-FORWARD-TSN, RFC 8260 §2.2.</summary>
    IForwardTsn = 194,
}

/// <summary>
/// What a receiver does with a chunk or parameter type it does not understand: the two highest bits
/// of the type (RFC 9260 §3.2 for chunks, §3.2.1 for parameters).
/// </summary>
public enum SctpUnrecognizedAction
{
    /// <summary>00: stop processing (the rest of the packet, or the rest of the chunk's parameters).</summary>
    Stop = 0,
    /// <summary>01: stop processing and report it.</summary>
    StopAndReport = 1,
    /// <summary>10: skip it and carry on.</summary>
    Skip = 2,
    /// <summary>11: skip it, carry on and report it.</summary>
    SkipAndReport = 3,
}

/// <summary>Helpers on type codes.</summary>
public static class SctpTypeBits
{
    /// <summary>The action for an unrecognized chunk type (RFC 9260 §3.2).</summary>
    public static SctpUnrecognizedAction ForChunk(byte type) => (SctpUnrecognizedAction)(type >> 6);

    /// <summary>The action for an unrecognized parameter type (RFC 9260 §3.2.1).</summary>
    public static SctpUnrecognizedAction ForParameter(ushort type) => (SctpUnrecognizedAction)(type >> 14);

    /// <summary>True when the action asks for a report (ERROR chunk or Unrecognized Parameter).</summary>
    public static bool Reports(this SctpUnrecognizedAction action) => ((int)action & 1) != 0;

    /// <summary>True when processing continues after the unknown item.</summary>
    public static bool Continues(this SctpUnrecognizedAction action) => ((int)action & 2) != 0;
}
