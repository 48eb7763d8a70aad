using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace MeshActors.WebRtc.Ice.Mdns;

/// <summary>
/// A resource record (RFC 1035 §4.1.3) with the mDNS cache-flush bit (RFC 6762 §10.2).
/// <code>
/// +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
/// /                     NAME                      /   labels, possibly compressed
/// |                     TYPE                      |
/// |CF|                  CLASS                     |   CF: cache-flush, the record set is unique
/// |                      TTL                      |   32 bits, seconds
/// |                   RDLENGTH                    |
/// /                     RDATA                     /   A: 4 octets (RFC 1035 §3.4.1); AAAA: 16 (RFC 3596 §2.2)
/// +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
/// </code>
/// RDATA is kept as raw bytes (copied on read); names inside the RDATA of other types (PTR, SRV) are
/// not decompressed, since mDNS ICE needs only A and AAAA. A TTL with the top bit set counts as 0
/// (RFC 2181 §8); TTL 0 in mDNS is a "goodbye": the record is withdrawn (RFC 6762 §10.1).
/// </summary>
public readonly struct DnsResourceRecord(DnsName name, DnsRecordType type, DnsClass @class, bool cacheFlush, uint ttl, ReadOnlyMemory<byte> data)
{
    private const int FixedLength = 10;
    private const int IPv4Length = 4;
    private const int IPv6Length = 16;

    /// <summary>NAME: the owner of the record.</summary>
    public DnsName Name { get; } = name ?? throw new ArgumentNullException(nameof(name));

    /// <summary>TYPE.</summary>
    public DnsRecordType Type { get; } = type;

    /// <summary>CLASS without the cache-flush bit.</summary>
    public DnsClass Class { get; } = @class;

    /// <summary>The cache-flush bit: this record replaces every cached record of the same name, type and class (RFC 6762 §10.2).</summary>
    public bool CacheFlush { get; } = cacheFlush;

    /// <summary>TTL in seconds.</summary>
    public uint Ttl { get; } = ttl;

    /// <summary>RDATA.</summary>
    public ReadOnlyMemory<byte> Data { get; } = data;

    /// <summary>An A record (IPv4 address) or AAAA record (IPv6 address) of class IN.</summary>
    /// <exception cref="ArgumentException">The address is neither IPv4 nor IPv6.</exception>
    public static DnsResourceRecord ForAddress(DnsName name, IPAddress address, uint ttl, bool cacheFlush)
    {
        ArgumentNullException.ThrowIfNull(address);
        var type = address.AddressFamily switch
        {
            AddressFamily.InterNetwork => DnsRecordType.A,
            AddressFamily.InterNetworkV6 => DnsRecordType.Aaaa,
            _ => throw new ArgumentException($"Only IPv4 and IPv6 addresses have DNS records, not {address.AddressFamily}.", nameof(address)),
        };
        return new DnsResourceRecord(name, type, DnsClass.In, cacheFlush, ttl, address.GetAddressBytes());
    }

    /// <summary>
    /// The address of a well-formed A or AAAA record of class IN; false for other records and for
    /// RDATA of the wrong length.
    /// </summary>
    public bool TryGetAddress([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        if (Class != DnsClass.In ||
            !(Type == DnsRecordType.A && Data.Length == IPv4Length || Type == DnsRecordType.Aaaa && Data.Length == IPv6Length))
        {
            return false;
        }
        address = new IPAddress(Data.Span);
        return true;
    }

    /// <summary>The same record with another TTL and cache-flush bit (legacy unicast answers lower both, RFC 6762 §6.7).</summary>
    public DnsResourceRecord With(uint ttl, bool cacheFlush) => new(Name, Type, Class, cacheFlush, ttl, Data);

    /// <summary>Length on the wire (name uncompressed).</summary>
    public int GetLength() => Name.GetLength() + FixedLength + Data.Length;

    /// <summary>Writes the record; returns the bytes written. RDATA must fit 65535 bytes.</summary>
    public int Write(Span<byte> destination)
    {
        var n = Name.Write(destination);
        BinaryPrimitives.WriteUInt16BigEndian(destination[n..], (ushort)Type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(n + 2)..], (ushort)((ushort)Class | (CacheFlush ? MdnsConstants.CacheFlushBit : 0)));
        BinaryPrimitives.WriteUInt32BigEndian(destination[(n + 4)..], Ttl);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(n + 8)..], checked((ushort)Data.Length));
        Data.Span.CopyTo(destination[(n + FixedLength)..]);
        return n + FixedLength + Data.Length;
    }

    /// <summary>Reads a record starting at <paramref name="offset"/> of <paramref name="message"/>; never throws.</summary>
    public static DnsReadStatus TryRead(ReadOnlySpan<byte> message, int offset, out DnsResourceRecord record, out int bytesConsumed)
    {
        record = default;
        bytesConsumed = 0;
        var status = DnsName.TryRead(message, offset, out var name, out var nameLength);
        if (status != DnsReadStatus.Ok)
        {
            return status;
        }
        var at = offset + nameLength;
        if (message.Length - at < FixedLength)
        {
            return DnsReadStatus.TooShort;
        }
        var type = BinaryPrimitives.ReadUInt16BigEndian(message[at..]);
        var rclass = BinaryPrimitives.ReadUInt16BigEndian(message[(at + 2)..]);
        var ttl = BinaryPrimitives.ReadUInt32BigEndian(message[(at + 4)..]);
        var dataLength = BinaryPrimitives.ReadUInt16BigEndian(message[(at + 8)..]);
        if (message.Length - at - FixedLength < dataLength)
        {
            return DnsReadStatus.BadRecordLength;
        }
        record = new DnsResourceRecord(name, (DnsRecordType)type, (DnsClass)(rclass & ~MdnsConstants.CacheFlushBit),
            (rclass & MdnsConstants.CacheFlushBit) != 0,
            ttl > int.MaxValue ? 0 : ttl, // RFC 2181 §8: a TTL with the most significant bit set is zero
            message.Slice(at + FixedLength, dataLength).ToArray());
        bytesConsumed = nameLength + FixedLength + dataLength;
        return DnsReadStatus.Ok;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Name} {Type} {Class}{(CacheFlush ? " CF" : "")} ttl={Ttl} {(TryGetAddress(out var a) ? a.ToString() : Convert.ToHexString(Data.Span))}";
}
