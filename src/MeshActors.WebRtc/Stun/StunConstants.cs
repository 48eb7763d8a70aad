namespace MeshActors.WebRtc.Stun;

/// <summary>Fixed numbers of the STUN wire format (RFC 8489).</summary>
public static class StunConstants
{
    /// <summary>Magic cookie, bytes 4..7 of every message (RFC 8489 §5).</summary>
    public const uint MagicCookie = 0x2112A442;

    /// <summary>Length of the message header in bytes (RFC 8489 §5).</summary>
    public const int HeaderLength = 20;

    /// <summary>Length of an attribute's type + length fields (RFC 8489 §14).</summary>
    public const int AttributeHeaderLength = 4;

    /// <summary>Value XORed into the CRC-32 of FINGERPRINT (RFC 8489 §14.7).</summary>
    public const uint FingerprintXor = 0x5354554E;

    /// <summary>Length of the HMAC-SHA1 value of MESSAGE-INTEGRITY (RFC 8489 §14.5).</summary>
    public const int MessageIntegrityLength = 20;

    /// <summary>Length of the FINGERPRINT value (RFC 8489 §14.7).</summary>
    public const int FingerprintLength = 4;

    /// <summary>
    /// Largest message this codec writes or reads without fragmentation concerns: a STUN message
    /// must fit one UDP datagram; 548 bytes is the RFC's conservative path MTU floor for IPv4.
    /// </summary>
    public const int MaxMessageLength = 1500;

    /// <summary>Pads an attribute value length to the 4-byte boundary (RFC 8489 §14).</summary>
    public static int Pad4(int length) => (length + 3) & ~3;
}
