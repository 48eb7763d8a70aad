namespace MeshActors.WebRtc.Ice.Mdns;

/// <summary>
/// A whole DNS message (RFC 1035 §4.1): header, then the question, answer, authority and additional
/// sections in that order, their sizes given by the header counts.
/// <code>
/// +---------------------+
/// |        Header       |  12 bytes, <see cref="DnsHeader"/>
/// |       Question      |  QDCOUNT × <see cref="DnsQuestion"/>
/// |        Answer       |  ANCOUNT × <see cref="DnsResourceRecord"/>
/// |      Authority      |  NSCOUNT × <see cref="DnsResourceRecord"/>
/// |      Additional     |  ARCOUNT × <see cref="DnsResourceRecord"/>
/// +---------------------+
/// </code>
/// The factories build the two messages mDNS ICE needs: a query (RFC 6762 §5) and a response
/// (§6; §6.7 for legacy unicast). Bytes after the last counted record are ignored.
/// </summary>
public sealed class DnsMessage(
    ushort id,
    ushort flags,
    IReadOnlyList<DnsQuestion> questions,
    IReadOnlyList<DnsResourceRecord> answers,
    IReadOnlyList<DnsResourceRecord>? authorities = null,
    IReadOnlyList<DnsResourceRecord>? additionals = null)
{
    /// <summary>ID.</summary>
    public ushort Id { get; } = id;

    /// <summary>Header flags word (QR, Opcode, AA, TC, RD, RA, Z, RCODE).</summary>
    public ushort Flags { get; } = flags;

    /// <summary>The question section.</summary>
    public IReadOnlyList<DnsQuestion> Questions { get; } = questions ?? throw new ArgumentNullException(nameof(questions));

    /// <summary>The answer section.</summary>
    public IReadOnlyList<DnsResourceRecord> Answers { get; } = answers ?? throw new ArgumentNullException(nameof(answers));

    /// <summary>The authority section (mDNS probes put proposed records here, RFC 6762 §8.2).</summary>
    public IReadOnlyList<DnsResourceRecord> Authorities { get; } = authorities ?? [];

    /// <summary>The additional records section.</summary>
    public IReadOnlyList<DnsResourceRecord> Additionals { get; } = additionals ?? [];

    /// <summary>The header this message writes.</summary>
    public DnsHeader Header => new(Id, Flags, checked((ushort)Questions.Count), checked((ushort)Answers.Count),
        checked((ushort)Authorities.Count), checked((ushort)Additionals.Count));

    /// <summary>
    /// A query: ID 0 and no flags (RFC 6762 §18.1-§18.3), the given questions, and known answers
    /// (records the querier already holds, for known-answer suppression, §7.1) in the answer section.
    /// </summary>
    public static DnsMessage CreateQuery(IReadOnlyList<DnsQuestion> questions, IReadOnlyList<DnsResourceRecord>? knownAnswers = null) =>
        new(0, 0, questions, knownAnswers ?? []);

    /// <summary>
    /// A response: QR and AA set (RFC 6762 §18.2, §18.4). A multicast response has ID 0 and no questions
    /// (§6, §18.1); a legacy unicast response copies the query ID and repeats its questions (§6.7).
    /// </summary>
    public static DnsMessage CreateResponse(ushort id, IReadOnlyList<DnsQuestion> questions, IReadOnlyList<DnsResourceRecord> answers,
        IReadOnlyList<DnsResourceRecord>? additionals = null) =>
        new(id, DnsHeader.ResponseFlag | DnsHeader.AuthoritativeAnswerFlag, questions, answers, null, additionals);

    /// <summary>QR is set.</summary>
    public bool IsResponse => (Flags & DnsHeader.ResponseFlag) != 0;

    /// <summary>Length on the wire (names uncompressed).</summary>
    public int GetLength()
    {
        var length = MdnsConstants.HeaderLength;
        foreach (var q in Questions)
        {
            length += q.GetLength();
        }
        length += RecordsLength(Answers) + RecordsLength(Authorities) + RecordsLength(Additionals);
        return length;
    }

    /// <summary>Writes the message; <paramref name="destination"/> must hold <see cref="GetLength"/> bytes. Returns the bytes written.</summary>
    public int Write(Span<byte> destination)
    {
        Header.Write(destination);
        var n = MdnsConstants.HeaderLength;
        foreach (var q in Questions)
        {
            n += q.Write(destination[n..]);
        }
        n += WriteRecords(Answers, destination[n..]);
        n += WriteRecords(Authorities, destination[n..]);
        n += WriteRecords(Additionals, destination[n..]);
        return n;
    }

    /// <summary>The message as a new array.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[GetLength()];
        Write(bytes);
        return bytes;
    }

    /// <summary>
    /// Reads a whole message; never throws. <paramref name="result"/> is set exactly when the status is
    /// <see cref="DnsReadStatus.Ok"/>. Every entry consumes at least 5 input bytes, so the header counts
    /// cannot make it allocate beyond a small multiple of the input.
    /// </summary>
    public static DnsReadStatus TryRead(ReadOnlySpan<byte> message, out DnsMessage? result)
    {
        result = null;
        var status = DnsHeader.TryRead(message, out var header);
        if (status != DnsReadStatus.Ok)
        {
            return status;
        }

        var offset = MdnsConstants.HeaderLength;
        var questions = new List<DnsQuestion>(Math.Min((int)header.QuestionCount, 16));
        for (var i = 0; i < header.QuestionCount; i++)
        {
            status = DnsQuestion.TryRead(message, offset, out var q, out var consumed);
            if (status != DnsReadStatus.Ok)
            {
                return status;
            }
            questions.Add(q);
            offset += consumed;
        }

        if ((status = ReadRecords(message, ref offset, header.AnswerCount, out var answers)) != DnsReadStatus.Ok ||
            (status = ReadRecords(message, ref offset, header.AuthorityCount, out var authorities)) != DnsReadStatus.Ok ||
            (status = ReadRecords(message, ref offset, header.AdditionalCount, out var additionals)) != DnsReadStatus.Ok)
        {
            return status;
        }

        result = new DnsMessage(header.Id, header.Flags, questions, answers, authorities, additionals);
        return DnsReadStatus.Ok;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Header}: [{string.Join(", ", Questions)}] an=[{string.Join(", ", Answers)}] ar=[{string.Join(", ", Additionals)}]";

    private static DnsReadStatus ReadRecords(ReadOnlySpan<byte> message, ref int offset, int count, out List<DnsResourceRecord> records)
    {
        records = new List<DnsResourceRecord>(Math.Min(count, 16));
        for (var i = 0; i < count; i++)
        {
            var status = DnsResourceRecord.TryRead(message, offset, out var record, out var consumed);
            if (status != DnsReadStatus.Ok)
            {
                return status;
            }
            records.Add(record);
            offset += consumed;
        }
        return DnsReadStatus.Ok;
    }

    private static int RecordsLength(IReadOnlyList<DnsResourceRecord> records)
    {
        var length = 0;
        foreach (var r in records)
        {
            length += r.GetLength();
        }
        return length;
    }

    private static int WriteRecords(IReadOnlyList<DnsResourceRecord> records, Span<byte> destination)
    {
        var n = 0;
        foreach (var r in records)
        {
            n += r.Write(destination[n..]);
        }
        return n;
    }
}
