namespace MeshActors.WebRtc.Ice.Mdns;

/// <summary>Outcome of decoding DNS bytes. Decoding never throws; it returns one of these.</summary>
public enum DnsReadStatus
{
    /// <summary>Well formed.</summary>
    Ok = 0,

    /// <summary>The bytes end before the header, a name, a fixed field or a count says they should.</summary>
    TooShort,

    /// <summary>A label length byte starts with the reserved bits 01 or 10 (RFC 1035 §4.1.4, RFC 6891 §5).</summary>
    BadLabelType,

    /// <summary>A name is longer than 255 octets once decompressed (RFC 1035 §2.3.4).</summary>
    NameTooLong,

    /// <summary>
    /// A compression pointer points at or after itself, or past the message (RFC 1035 §4.1.4: a pointer
    /// refers to a prior occurrence), or pointers chain more often than a name can have labels.
    /// </summary>
    BadPointer,

    /// <summary>A resource record's RDLENGTH runs past the end of the message (RFC 1035 §4.1.3).</summary>
    BadRecordLength,
}
