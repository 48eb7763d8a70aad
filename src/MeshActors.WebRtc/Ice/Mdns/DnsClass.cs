namespace MeshActors.WebRtc.Ice.Mdns;

/// <summary>
/// CLASS / QCLASS values (RFC 1035 §3.2.4, §3.2.5). In mDNS the top bit is not part of the class: it is
/// the QU bit in questions and the cache-flush bit in records (RFC 6762 §5.4, §10.2), so values here are
/// the low 15 bits.
/// </summary>
public enum DnsClass : ushort
{
    /// <summary>IN, the Internet (RFC 1035 §3.2.4).</summary>
    In = 1,

    /// <summary>QCLASS "*": any class (RFC 1035 §3.2.5).</summary>
    Any = 255,
}
