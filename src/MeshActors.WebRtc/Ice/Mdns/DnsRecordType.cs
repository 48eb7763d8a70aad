namespace MeshActors.WebRtc.Ice.Mdns;

/// <summary>TYPE / QTYPE values this codec knows by name (RFC 1035 §3.2.2, §3.2.3; RFC 3596 §2.1). Other values pass through.</summary>
public enum DnsRecordType : ushort
{
    /// <summary>A: one IPv4 address, 4 octets of RDATA (RFC 1035 §3.4.1).</summary>
    A = 1,

    /// <summary>PTR: a domain name pointer (RFC 1035 §3.3.12).</summary>
    Ptr = 12,

    /// <summary>TXT: text strings (RFC 1035 §3.3.14).</summary>
    Txt = 16,

    /// <summary>AAAA: one IPv6 address, 16 octets of RDATA (RFC 3596 §2.2).</summary>
    Aaaa = 28,

    /// <summary>SRV: service location (RFC 2782).</summary>
    Srv = 33,

    /// <summary>NSEC: in mDNS, asserts which types a name does not have (RFC 6762 §6.1).</summary>
    Nsec = 47,

    /// <summary>QTYPE "*": all records of the name (RFC 1035 §3.2.3).</summary>
    Any = 255,
}
