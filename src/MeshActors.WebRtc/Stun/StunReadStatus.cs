namespace MeshActors.WebRtc.Stun;

/// <summary>Outcome of decoding or verifying STUN bytes. Decoding never throws; it returns one of these.</summary>
public enum StunReadStatus
{
    /// <summary>Well formed (and verified, where verification was asked for).</summary>
    Ok = 0,

    /// <summary>Fewer bytes than a header, or than the value a field announces.</summary>
    TooShort,

    /// <summary>The two most significant bits are not zero: not STUN (RFC 8489 §6.3).</summary>
    NotStun,

    /// <summary>Bytes 4..7 are not the magic cookie 0x2112A442.</summary>
    BadMagicCookie,

    /// <summary>
    /// The header length is not a multiple of 4 (an attribute lacks its padding) or does not match
    /// the datagram.
    /// </summary>
    BadLength,

    /// <summary>An attribute's length runs past the end of the message.</summary>
    BadAttributeLength,

    /// <summary>An attribute value is malformed (wrong fixed length, unknown address family, bad error class).</summary>
    BadAttributeValue,

    /// <summary>FINGERPRINT is not the last attribute (RFC 8489 §14.7).</summary>
    FingerprintNotLast,

    /// <summary>The FINGERPRINT value does not match the message.</summary>
    FingerprintMismatch,

    /// <summary>MESSAGE-INTEGRITY is absent where it is required.</summary>
    MissingIntegrity,

    /// <summary>The MESSAGE-INTEGRITY HMAC does not match under the given key.</summary>
    IntegrityMismatch,

    /// <summary>The message is well formed but carries comprehension-required attributes this agent does not know.</summary>
    UnknownRequiredAttributes,
}
