using System.Net;

namespace MeshActors.WebRtc.Ice.Mdns;

/// <summary>Fixed numbers of Multicast DNS (RFC 6762) and the DNS wire format it reuses (RFC 1035).</summary>
public static class MdnsConstants
{
    /// <summary>UDP port of Multicast DNS queries and responses (RFC 6762 §3).</summary>
    public const int Port = 5353;

    /// <summary>IPv4 link-local multicast group 224.0.0.251 (RFC 6762 §3).</summary>
    public static readonly IPAddress IPv4Group = IPAddress.Parse("224.0.0.251");

    /// <summary>IPv6 link-local multicast group ff02::fb (RFC 6762 §3).</summary>
    public static readonly IPAddress IPv6Group = IPAddress.Parse("ff02::fb");

    /// <summary>Top bit of QCLASS in a question: "unicast response requested", the QU bit (RFC 6762 §5.4).</summary>
    public const ushort UnicastResponseBit = 0x8000;

    /// <summary>Top bit of CLASS in a resource record: the cache-flush bit (RFC 6762 §10.2).</summary>
    public const ushort CacheFlushBit = 0x8000;

    /// <summary>Length of the DNS message header (RFC 1035 §4.1.1).</summary>
    public const int HeaderLength = 12;

    /// <summary>Longest label, 63 octets: the two top bits of the length byte are a type (RFC 1035 §2.3.4).</summary>
    public const int MaxLabelLength = 63;

    /// <summary>Longest name on the wire, length bytes and root included: 255 octets (RFC 1035 §2.3.4).</summary>
    public const int MaxNameLength = 255;

    /// <summary>
    /// Largest Multicast DNS packet, IP and UDP headers included: 9000 bytes (RFC 6762 §17). Receive
    /// buffers use this size.
    /// </summary>
    public const int MaxMessageLength = 9000;

    /// <summary>TTL for records with a host name as owner or rdata: 120 s (RFC 6762 §10).</summary>
    public const uint HostNameTtl = 120;

    /// <summary>Largest TTL a responder gives in a legacy unicast response: 10 s (RFC 6762 §6.7).</summary>
    public const uint MaxLegacyUnicastTtl = 10;

    /// <summary>IP TTL / hop limit of every Multicast DNS packet sent: 255 (RFC 6762 §11).</summary>
    public const int MulticastTimeToLive = 255;

    /// <summary>The top-level label of link-local names (RFC 6762 §3).</summary>
    public const string LocalDomain = "local";
}
