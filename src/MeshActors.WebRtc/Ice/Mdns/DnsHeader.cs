using System.Buffers.Binary;

namespace MeshActors.WebRtc.Ice.Mdns;

/// <summary>
/// The 12-byte DNS message header (RFC 1035 §4.1.1), as Multicast DNS uses it (RFC 6762 §18).
/// <code>
///   0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15
/// +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
/// |                      ID                       |
/// |QR|   Opcode  |AA|TC|RD|RA| Z|AD|CD|   RCODE   |
/// |                    QDCOUNT                    |
/// |                    ANCOUNT                    |
/// |                    NSCOUNT                    |
/// |                    ARCOUNT                    |
/// +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
/// </code>
/// mDNS rules: multicast queries and responses carry ID 0 (§18.1) and a legacy unicast response copies
/// the query's ID (§6.7); responses set QR and AA (§18.2, §18.4); receivers ignore messages whose Opcode
/// or RCODE is not zero (§18.3, §18.11).
/// </summary>
public readonly struct DnsHeader(ushort id, ushort flags, ushort questionCount, ushort answerCount, ushort authorityCount, ushort additionalCount)
{
    /// <summary>QR: the message is a response (RFC 1035 §4.1.1).</summary>
    public const ushort ResponseFlag = 0x8000;

    /// <summary>AA: authoritative answer; set in every mDNS response (RFC 6762 §18.4).</summary>
    public const ushort AuthoritativeAnswerFlag = 0x0400;

    /// <summary>TC: in an mDNS query, more known answers follow in another packet (RFC 6762 §18.5).</summary>
    public const ushort TruncatedFlag = 0x0200;

    private const int OpcodeShift = 11;
    private const ushort OpcodeMask = 0x7800;
    private const ushort ResponseCodeMask = 0x000F;

    /// <summary>ID: 0 in multicast mDNS messages; copied from the query in legacy unicast responses.</summary>
    public ushort Id { get; } = id;

    /// <summary>The second 16-bit word: QR, Opcode, AA, TC, RD, RA, Z, AD, CD, RCODE.</summary>
    public ushort Flags { get; } = flags;

    /// <summary>QDCOUNT: entries in the question section.</summary>
    public ushort QuestionCount { get; } = questionCount;

    /// <summary>ANCOUNT: resource records in the answer section.</summary>
    public ushort AnswerCount { get; } = answerCount;

    /// <summary>NSCOUNT: resource records in the authority section.</summary>
    public ushort AuthorityCount { get; } = authorityCount;

    /// <summary>ARCOUNT: resource records in the additional records section.</summary>
    public ushort AdditionalCount { get; } = additionalCount;

    /// <summary>QR is set: a response, not a query.</summary>
    public bool IsResponse => (Flags & ResponseFlag) != 0;

    /// <summary>AA is set.</summary>
    public bool IsAuthoritativeAnswer => (Flags & AuthoritativeAnswerFlag) != 0;

    /// <summary>TC is set.</summary>
    public bool IsTruncated => (Flags & TruncatedFlag) != 0;

    /// <summary>The 4-bit Opcode; 0 (standard query) is the only one mDNS accepts.</summary>
    public int Opcode => (Flags & OpcodeMask) >> OpcodeShift;

    /// <summary>The 4-bit RCODE; 0 is the only one mDNS accepts.</summary>
    public int ResponseCode => Flags & ResponseCodeMask;

    /// <summary>Length on the wire: 12.</summary>
    public int GetLength() => MdnsConstants.HeaderLength;

    /// <summary>Writes the 12 bytes; <paramref name="destination"/> must hold at least 12.</summary>
    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, Id);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Flags);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], QuestionCount);
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], AnswerCount);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], AuthorityCount);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], AdditionalCount);
    }

    /// <summary>Reads the header from the start of a message; never throws.</summary>
    public static DnsReadStatus TryRead(ReadOnlySpan<byte> message, out DnsHeader header)
    {
        if (message.Length < MdnsConstants.HeaderLength)
        {
            header = default;
            return DnsReadStatus.TooShort;
        }
        header = new DnsHeader(
            BinaryPrimitives.ReadUInt16BigEndian(message),
            BinaryPrimitives.ReadUInt16BigEndian(message[2..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[4..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[6..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[8..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[10..]));
        return DnsReadStatus.Ok;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"id={Id} {(IsResponse ? "response" : "query")} opcode={Opcode} rcode={ResponseCode}{(IsAuthoritativeAnswer ? " AA" : "")}{(IsTruncated ? " TC" : "")} qd={QuestionCount} an={AnswerCount} ns={AuthorityCount} ar={AdditionalCount}";
}
