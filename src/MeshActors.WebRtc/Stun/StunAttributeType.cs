namespace MeshActors.WebRtc.Stun;

/// <summary>
/// STUN attribute types this stack understands (RFC 8489 §18.3, RFC 8445 §16.1). Types below 0x8000
/// are comprehension-required: a message carrying an unknown one must be rejected with 420.
/// </summary>
public enum StunAttributeType : ushort
{
    /// <summary>MAPPED-ADDRESS (RFC 8489 §14.1).</summary>
    MappedAddress = 0x0001,

    /// <summary>USERNAME (RFC 8489 §14.3).</summary>
    Username = 0x0006,

    /// <summary>MESSAGE-INTEGRITY, HMAC-SHA1 (RFC 8489 §14.5).</summary>
    MessageIntegrity = 0x0008,

    /// <summary>ERROR-CODE (RFC 8489 §14.8).</summary>
    ErrorCode = 0x0009,

    /// <summary>UNKNOWN-ATTRIBUTES (RFC 8489 §14.9).</summary>
    UnknownAttributes = 0x000A,

    /// <summary>XOR-MAPPED-ADDRESS (RFC 8489 §14.2).</summary>
    XorMappedAddress = 0x0020,

    /// <summary>PRIORITY (RFC 8445 §7.1.1).</summary>
    Priority = 0x0024,

    /// <summary>USE-CANDIDATE (RFC 8445 §7.1.2).</summary>
    UseCandidate = 0x0025,

    /// <summary>SOFTWARE (RFC 8489 §14.14).</summary>
    Software = 0x8022,

    /// <summary>FINGERPRINT (RFC 8489 §14.7).</summary>
    Fingerprint = 0x8028,

    /// <summary>ICE-CONTROLLED (RFC 8445 §7.1.3).</summary>
    IceControlled = 0x8029,

    /// <summary>ICE-CONTROLLING (RFC 8445 §7.1.3).</summary>
    IceControlling = 0x802A,
}

/// <summary>Helpers for attribute type numbers.</summary>
public static class StunAttributeTypes
{
    /// <summary>True for types 0x0000-0x7FFF, which an agent must understand (RFC 8489 §14).</summary>
    public static bool IsComprehensionRequired(ushort type) => type < 0x8000;
}
