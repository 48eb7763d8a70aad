namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// Parameter types of INIT, INIT ACK, HEARTBEAT and RE-CONFIG (RFC 9260 §3.3.2.1, RFC 6525 §4,
/// RFC 3758, RFC 5061, RFC 9653 and the IANA registry). The two top bits say what a receiver that
/// does not know the type does (see <see cref="SctpTypeBits.ForParameter"/>).
/// </summary>
public enum SctpParameterType : ushort
{
    /// <summary>Heartbeat Info, RFC 9260 §3.3.5.</summary>
    HeartbeatInfo = 1,
    /// <summary>IPv4 Address, RFC 9260 §3.3.2.1 (ignored: the path is DTLS).</summary>
    IPv4Address = 5,
    /// <summary>IPv6 Address, RFC 9260 §3.3.2.1 (ignored).</summary>
    IPv6Address = 6,
    /// <summary>State Cookie, RFC 9260 §3.3.3.1.</summary>
    StateCookie = 7,
    /// <summary>Unrecognized Parameter, RFC 9260 §3.3.3.1.</summary>
    UnrecognizedParameter = 8,
    /// <summary>Cookie Preservative, RFC 9260 §3.3.2.1 (ignored).</summary>
    CookiePreservative = 9,
    /// <summary>Host Name Address, deprecated by RFC 9260 §3.3.2.1.</summary>
    HostNameAddress = 11,
    /// <summary>Supported Address Types, RFC 9260 §3.3.2.1 (ignored).</summary>
    SupportedAddressTypes = 12,
    /// <summary>Outgoing SSN Reset Request, RFC 6525 §4.1.</summary>
    OutgoingSsnResetRequest = 13,
    /// <summary>Incoming SSN Reset Request, RFC 6525 §4.2 (answered "denied").</summary>
    IncomingSsnResetRequest = 14,
    /// <summary>SSN/TSN Reset Request, RFC 6525 §4.3 (answered "denied").</summary>
    SsnTsnResetRequest = 15,
    /// <summary>Re-configuration Response, RFC 6525 §4.4.</summary>
    ReconfigurationResponse = 16,
    /// <summary>Add Outgoing Streams Request, RFC 6525 §4.5 (answered "denied").</summary>
    AddOutgoingStreamsRequest = 17,
    /// <summary>Add Incoming Streams Request, RFC 6525 §4.6 (answered "denied").</summary>
    AddIncomingStreamsRequest = 18,
    /// <summary>ECN Capable (never offered).</summary>
    EcnCapable = 0x8000,
    /// <summary>Zero Checksum Acceptable, RFC 9653 (not offered).</summary>
    ZeroChecksumAcceptable = 0x8001,
    /// <summary>Random, RFC 4895 (AUTH is not supported).</summary>
    Random = 0x8002,
    /// <summary>Chunk List, RFC 4895.</summary>
    ChunkList = 0x8003,
    /// <summary>Requested HMAC Algorithm, RFC 4895.</summary>
    RequestedHmacAlgorithm = 0x8004,
    /// <summary>Padding, RFC 4820.</summary>
    Padding = 0x8005,
    /// <summary>Supported Extensions, RFC 5061 §4.2.7.</summary>
    SupportedExtensions = 0x8008,
    /// <summary>Forward-TSN-Supported, RFC 3758 §3.1.</summary>
    ForwardTsnSupported = 0xC000,
    /// <summary>Adaptation Layer Indication, RFC 5061 (ignored).</summary>
    AdaptationLayerIndication = 0xC006,
}
