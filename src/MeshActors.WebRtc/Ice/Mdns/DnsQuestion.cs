using System.Buffers.Binary;

namespace MeshActors.WebRtc.Ice.Mdns;

/// <summary>
/// One entry of the question section (RFC 1035 §4.1.2) with the mDNS QU bit (RFC 6762 §5.4).
/// <code>
/// +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
/// /                     QNAME                     /   labels, possibly compressed
/// |                     QTYPE                     |
/// |QU|                  QCLASS                    |   QU: unicast response requested
/// +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
/// </code>
/// </summary>
public readonly struct DnsQuestion(DnsName name, DnsRecordType type, DnsClass @class = DnsClass.In, bool unicastResponse = false)
{
    private const int FixedLength = 4;

    /// <summary>QNAME.</summary>
    public DnsName Name { get; } = name ?? throw new ArgumentNullException(nameof(name));

    /// <summary>QTYPE.</summary>
    public DnsRecordType Type { get; } = type;

    /// <summary>QCLASS without the QU bit.</summary>
    public DnsClass Class { get; } = @class;

    /// <summary>
    /// The QU bit: the querier asks for a unicast response (RFC 6762 §5.4), e.g. because it does not
    /// listen on port 5353.
    /// </summary>
    public bool UnicastResponse { get; } = unicastResponse;

    /// <summary>Length on the wire (name uncompressed).</summary>
    public int GetLength() => Name.GetLength() + FixedLength;

    /// <summary>Writes the question; returns the bytes written.</summary>
    public int Write(Span<byte> destination)
    {
        var n = Name.Write(destination);
        BinaryPrimitives.WriteUInt16BigEndian(destination[n..], (ushort)Type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(n + 2)..], (ushort)((ushort)Class | (UnicastResponse ? MdnsConstants.UnicastResponseBit : 0)));
        return n + FixedLength;
    }

    /// <summary>Reads a question starting at <paramref name="offset"/> of <paramref name="message"/>; never throws.</summary>
    public static DnsReadStatus TryRead(ReadOnlySpan<byte> message, int offset, out DnsQuestion question, out int bytesConsumed)
    {
        question = default;
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
        var qclass = BinaryPrimitives.ReadUInt16BigEndian(message[(at + 2)..]);
        question = new DnsQuestion(name, (DnsRecordType)type, (DnsClass)(qclass & ~MdnsConstants.UnicastResponseBit),
            (qclass & MdnsConstants.UnicastResponseBit) != 0);
        bytesConsumed = nameLength + FixedLength;
        return DnsReadStatus.Ok;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} {Type} {Class}{(UnicastResponse ? " QU" : "")}";
}
