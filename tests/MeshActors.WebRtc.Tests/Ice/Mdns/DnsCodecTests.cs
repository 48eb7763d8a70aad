using System.Net;
using MeshActors.WebRtc.Ice.Mdns;

namespace MeshActors.WebRtc.Tests.Ice.Mdns;

public class DnsCodecTests
{
    // A one-shot query for abc.local, type A, class IN with the QU bit, laid out per RFC 1035 §4.1.
    private static readonly byte[] QueryAbcLocalAWithQu =
    [
        0x00, 0x00, // ID 0 (RFC 6762 §18.1)
        0x00, 0x00, // QR=0 query, Opcode 0, no flags
        0x00, 0x01, // QDCOUNT 1
        0x00, 0x00, // ANCOUNT 0
        0x00, 0x00, // NSCOUNT 0
        0x00, 0x00, // ARCOUNT 0
        0x03, (byte)'a', (byte)'b', (byte)'c', // label "abc"
        0x05, (byte)'l', (byte)'o', (byte)'c', (byte)'a', (byte)'l', // label "local"
        0x00, // root
        0x00, 0x01, // QTYPE A
        0x80, 0x01, // QU bit | QCLASS IN
    ];

    // A multicast response: abc.local A 192.168.1.7, cache-flush, TTL 120.
    private static readonly byte[] ResponseAbcLocalA =
    [
        0x00, 0x00, // ID 0
        0x84, 0x00, // QR=1, Opcode 0, AA=1
        0x00, 0x00, // QDCOUNT 0: multicast responses carry no questions (RFC 6762 §6)
        0x00, 0x01, // ANCOUNT 1
        0x00, 0x00, // NSCOUNT 0
        0x00, 0x00, // ARCOUNT 0
        0x03, (byte)'a', (byte)'b', (byte)'c',
        0x05, (byte)'l', (byte)'o', (byte)'c', (byte)'a', (byte)'l',
        0x00,
        0x00, 0x01, // TYPE A
        0x80, 0x01, // cache-flush | CLASS IN
        0x00, 0x00, 0x00, 0x78, // TTL 120
        0x00, 0x04, // RDLENGTH 4
        0xC0, 0xA8, 0x01, 0x07, // 192.168.1.7
    ];

    // A legacy unicast response (RFC 6762 §6.7): ID copied, question repeated, the answer's NAME is a
    // pointer to the question's name at offset 12; an additional AAAA record for "xyz.local" spells
    // "xyz" and points at "local" (offset 16) for the rest.
    private static readonly byte[] CompressedResponse =
    [
        0x12, 0x34, // ID 0x1234
        0x84, 0x00, // QR, AA
        0x00, 0x01, // QDCOUNT 1
        0x00, 0x01, // ANCOUNT 1
        0x00, 0x00, // NSCOUNT 0
        0x00, 0x01, // ARCOUNT 1
        // offset 12: question abc.local A IN
        0x03, (byte)'a', (byte)'b', (byte)'c',
        // offset 16: "local"
        0x05, (byte)'l', (byte)'o', (byte)'c', (byte)'a', (byte)'l',
        0x00,
        0x00, 0x01, 0x00, 0x01,
        // answer: NAME = pointer to offset 12
        0xC0, 0x0C,
        0x00, 0x01, 0x00, 0x01, // A, IN, no cache-flush
        0x00, 0x00, 0x00, 0x0A, // TTL 10
        0x00, 0x04, 0x0A, 0x00, 0x00, 0x05, // 10.0.0.5
        // additional: NAME = "xyz" + pointer to offset 16
        0x03, (byte)'x', (byte)'y', (byte)'z', 0xC0, 0x10,
        0x00, 0x1C, 0x00, 0x01, // AAAA, IN
        0x00, 0x00, 0x00, 0x0A,
        0x00, 0x10, 0xFE, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, // fe80::1
    ];

    [Fact]
    public void A_query_with_the_QU_bit_is_written_byte_for_byte_as_RFC_1035_lays_it_out()
    {
        var query = DnsMessage.CreateQuery([new DnsQuestion(DnsName.Parse("abc.local"), DnsRecordType.A, DnsClass.In, unicastResponse: true)]);
        Assert.Equal(QueryAbcLocalAWithQu.Length, query.GetLength());
        Assert.Equal(QueryAbcLocalAWithQu, query.ToArray());
    }

    [Fact]
    public void A_hand_assembled_query_reads_back_its_fields()
    {
        Assert.Equal(DnsReadStatus.Ok, DnsMessage.TryRead(QueryAbcLocalAWithQu, out var m));
        Assert.NotNull(m);
        Assert.False(m.IsResponse);
        Assert.Equal(0, m.Id);
        var q = Assert.Single(m.Questions);
        Assert.Equal("abc.local", q.Name.ToString());
        Assert.Equal(DnsRecordType.A, q.Type);
        Assert.Equal(DnsClass.In, q.Class);
        Assert.True(q.UnicastResponse);
        Assert.Empty(m.Answers);
    }

    [Fact]
    public void A_multicast_response_is_written_byte_for_byte_and_reads_back()
    {
        var record = DnsResourceRecord.ForAddress(DnsName.Parse("abc.local"), IPAddress.Parse("192.168.1.7"), 120, cacheFlush: true);
        var response = DnsMessage.CreateResponse(0, [], [record]);
        Assert.Equal(ResponseAbcLocalA, response.ToArray());

        Assert.Equal(DnsReadStatus.Ok, DnsMessage.TryRead(ResponseAbcLocalA, out var m));
        Assert.NotNull(m);
        Assert.True(m.IsResponse);
        Assert.True(m.Header.IsAuthoritativeAnswer);
        Assert.Empty(m.Questions);
        var a = Assert.Single(m.Answers);
        Assert.Equal(DnsRecordType.A, a.Type);
        Assert.True(a.CacheFlush);
        Assert.Equal(120u, a.Ttl);
        Assert.True(a.TryGetAddress(out var address));
        Assert.Equal(IPAddress.Parse("192.168.1.7"), address);
    }

    [Fact]
    public void Compression_pointers_are_followed_for_whole_names_and_for_name_tails()
    {
        Assert.Equal(DnsReadStatus.Ok, DnsMessage.TryRead(CompressedResponse, out var m));
        Assert.NotNull(m);
        Assert.Equal(0x1234, m.Id);
        Assert.Equal("abc.local", Assert.Single(m.Questions).Name.ToString());

        var answer = Assert.Single(m.Answers);
        Assert.Equal(DnsName.Parse("abc.local"), answer.Name);
        Assert.False(answer.CacheFlush);
        Assert.True(answer.TryGetAddress(out var v4));
        Assert.Equal(IPAddress.Parse("10.0.0.5"), v4);

        var additional = Assert.Single(m.Additionals);
        Assert.Equal("xyz.local", additional.Name.ToString());
        Assert.Equal(DnsRecordType.Aaaa, additional.Type);
        Assert.True(additional.TryGetAddress(out var v6));
        Assert.Equal(IPAddress.Parse("fe80::1"), v6);
    }

    [Fact]
    public void A_name_read_through_a_pointer_reports_only_the_bytes_at_its_own_position()
    {
        // The additional record's name starts at offset 59: "xyz" (4 bytes) then a 2-byte pointer.
        var offset = Array.IndexOf(CompressedResponse, (byte)'x') - 1;
        Assert.Equal(DnsReadStatus.Ok, DnsName.TryRead(CompressedResponse, offset, out var name, out var consumed));
        Assert.Equal(6, consumed);
        Assert.Equal(11, name.GetLength()); // 3abc-style: 1+3 + 1+5 + 1
    }

    [Fact]
    public void A_compressed_message_rewritten_uncompressed_reads_back_equal()
    {
        Assert.Equal(DnsReadStatus.Ok, DnsMessage.TryRead(CompressedResponse, out var m));
        var rewritten = m!.ToArray();
        Assert.True(rewritten.Length > CompressedResponse.Length);
        Assert.Equal(DnsReadStatus.Ok, DnsMessage.TryRead(rewritten, out var again));
        Assert.Equal(m.ToString(), again!.ToString());
        Assert.Equal(rewritten, again.ToArray());
    }

    [Fact]
    public void A_pointer_to_itself_is_rejected()
    {
        byte[] bytes = [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 0x0C, 0, 1, 0, 1];
        Assert.Equal(DnsReadStatus.BadPointer, DnsMessage.TryRead(bytes, out var m));
        Assert.Null(m);
    }

    [Fact]
    public void A_forward_pointer_is_rejected()
    {
        byte[] bytes = [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 0x0E, 0x00, 0, 1, 0, 1];
        Assert.Equal(DnsReadStatus.BadPointer, DnsMessage.TryRead(bytes, out _));
    }

    [Fact]
    public void A_pointer_past_the_message_is_rejected()
    {
        byte[] bytes = [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 1, 0, 1];
        Assert.Equal(DnsReadStatus.BadPointer, DnsMessage.TryRead(bytes, out _));
    }

    [Fact]
    public void A_label_and_a_pointer_back_to_it_form_a_loop_that_stops_at_255_octets()
    {
        // offset 12: label "a", then a pointer back to offset 12: a.a.a.a... forever.
        byte[] bytes = [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x01, (byte)'a', 0xC0, 0x0C, 0, 1, 0, 1];
        Assert.Equal(DnsReadStatus.NameTooLong, DnsMessage.TryRead(bytes, out _));
    }

    [Fact]
    public void A_chain_of_pointers_each_pointing_further_back_is_followed()
    {
        // offset 12: "local" root; 19: pointer to 12; 21: pointer to 19; question name at 23: "h" + pointer to 21.
        byte[] bytes =
        [
            0, 0, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0,
            0x05, (byte)'l', (byte)'o', (byte)'c', (byte)'a', (byte)'l', 0x00,
            0xC0, 0x0C,
            0xC0, 0x13,
            0x01, (byte)'h', 0xC0, 0x15, 0, 1, 0, 1, 0, 0, 0, 1, 0, 4, 1, 2, 3, 4,
        ];
        Assert.Equal(DnsReadStatus.Ok, DnsResourceRecord.TryRead(bytes, 23, out var record, out var consumed));
        Assert.Equal("h.local", record.Name.ToString());
        Assert.Equal(bytes.Length - 23, consumed);
    }

    [Theory]
    [InlineData(0x40)]
    [InlineData(0x80)]
    public void Reserved_label_types_are_rejected(byte lengthByte)
    {
        byte[] bytes = [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, lengthByte, 0x01, 0, 0, 1, 0, 1];
        Assert.Equal(DnsReadStatus.BadLabelType, DnsMessage.TryRead(bytes, out _));
    }

    [Fact]
    public void A_name_of_255_octets_is_accepted_and_one_of_256_is_not()
    {
        var ok = BuildQuestionMessage([63, 63, 63, 61]); // 3×64 + 62 + 1 = 255 octets
        Assert.Equal(DnsReadStatus.Ok, DnsMessage.TryRead(ok, out var m));
        Assert.Equal(255, m!.Questions[0].Name.GetLength());

        var tooLong = BuildQuestionMessage([63, 63, 63, 62]); // 256 octets
        Assert.Equal(DnsReadStatus.NameTooLong, DnsMessage.TryRead(tooLong, out _));
    }

    [Fact]
    public void An_rdlength_that_runs_past_the_message_is_rejected()
    {
        var bytes = (byte[])ResponseAbcLocalA.Clone();
        bytes[^5] = 0x05; // RDLENGTH 5 but only 4 bytes follow
        Assert.Equal(DnsReadStatus.BadRecordLength, DnsMessage.TryRead(bytes, out _));
    }

    [Fact]
    public void Every_truncation_of_a_valid_message_is_reported_not_thrown()
    {
        foreach (var packet in new[] { QueryAbcLocalAWithQu, ResponseAbcLocalA, CompressedResponse })
        {
            for (var length = 0; length < packet.Length; length++)
            {
                var status = DnsMessage.TryRead(packet.AsSpan(0, length), out var m);
                Assert.NotEqual(DnsReadStatus.Ok, status);
                Assert.Null(m);
            }
        }
    }

    [Fact]
    public void Counts_larger_than_the_content_are_too_short()
    {
        var bytes = (byte[])ResponseAbcLocalA.Clone();
        bytes[7] = 0xFF; // ANCOUNT 255, one record present
        Assert.Equal(DnsReadStatus.TooShort, DnsMessage.TryRead(bytes, out _));
        bytes[7] = 0x01;
        bytes[11] = 0x01; // ARCOUNT 1, nothing present
        Assert.Equal(DnsReadStatus.TooShort, DnsMessage.TryRead(bytes, out _));
    }

    [Fact]
    public void Bytes_after_the_last_counted_record_are_ignored()
    {
        byte[] bytes = [.. ResponseAbcLocalA, 0xDE, 0xAD];
        Assert.Equal(DnsReadStatus.Ok, DnsMessage.TryRead(bytes, out var m));
        Assert.Single(m!.Answers);
    }

    [Fact]
    public void A_ttl_with_the_top_bit_set_reads_as_zero()
    {
        var bytes = (byte[])ResponseAbcLocalA.Clone();
        bytes[^10] = 0x80; // TTL 0x80000078
        Assert.Equal(DnsReadStatus.Ok, DnsMessage.TryRead(bytes, out var m));
        Assert.Equal(0u, m!.Answers[0].Ttl);
    }

    [Theory]
    [InlineData(DnsRecordType.A, 16)]
    [InlineData(DnsRecordType.Aaaa, 4)]
    [InlineData(DnsRecordType.Txt, 4)]
    public void Address_records_of_the_wrong_length_or_type_yield_no_address(DnsRecordType type, int length)
    {
        var record = new DnsResourceRecord(DnsName.Parse("a.local"), type, DnsClass.In, false, 120, new byte[length]);
        Assert.False(record.TryGetAddress(out var address));
        Assert.Null(address);
    }

    [Fact]
    public void Header_flags_expose_opcode_rcode_and_truncation()
    {
        byte[] bytes = [0xAB, 0xCD, 0xFA, 0x0F, 0, 1, 0, 2, 0, 3, 0, 4];
        Assert.Equal(DnsReadStatus.Ok, DnsHeader.TryRead(bytes, out var h));
        Assert.Equal(0xABCD, h.Id);
        Assert.True(h.IsResponse);
        Assert.Equal(15, h.Opcode);
        Assert.True(h.IsTruncated);
        Assert.Equal(15, h.ResponseCode);
        Assert.Equal((1, 2, 3, 4), (h.QuestionCount, h.AnswerCount, h.AuthorityCount, h.AdditionalCount));
        var written = new byte[12];
        h.Write(written);
        Assert.Equal(bytes, written);
        Assert.Equal(DnsReadStatus.TooShort, DnsHeader.TryRead(bytes.AsSpan(0, 11), out _));
    }

    [Fact]
    public void Names_compare_without_regard_to_ascii_case_or_a_trailing_dot()
    {
        var a = DnsName.Parse("Host-1.LOCAL.");
        var b = DnsName.Parse("host-1.local");
        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(DnsName.Parse("host-2.local"), b);
        Assert.True(a.IsLocal);
        Assert.Equal(2, a.LabelCount);
        Assert.False(DnsName.Parse("local.example").IsLocal);
    }

    [Theory]
    [InlineData("a..local")]
    [InlineData(".a.local")]
    [InlineData("a.local..")]
    public void Empty_labels_are_not_names(string text)
    {
        Assert.False(DnsName.TryParse(text, out _));
        Assert.Throws<ArgumentException>(() => DnsName.Parse(text));
    }

    [Fact]
    public void A_label_of_64_octets_is_not_a_name()
    {
        Assert.True(DnsName.TryParse(new string('a', 63) + ".local", out _));
        Assert.False(DnsName.TryParse(new string('a', 64) + ".local", out _));
    }

    [Fact]
    public void Dots_inside_a_label_are_escaped_in_text_and_survive_a_round_trip()
    {
        var name = DnsName.Parse(@"my\.printer.local");
        Assert.Equal(2, name.LabelCount);
        Assert.Equal(@"my\.printer.local", name.ToString());
        Assert.Equal(name, DnsName.Parse(name.ToString()));
        Assert.Equal(".", DnsName.Root.ToString());
        Assert.Same(DnsName.Root, DnsName.Parse("."));
    }

    [Fact]
    public void Utf8_labels_are_allowed_as_in_mdns()
    {
        var name = DnsName.Parse("büro.local");
        Assert.Equal(1 + 5 + 1 + 5 + 1, name.GetLength()); // "büro" is 5 UTF-8 octets
        Assert.Equal("büro.local", name.ToString());
    }

    [Fact]
    public void A_question_and_a_record_report_their_length_and_write_exactly_that_much()
    {
        var q = new DnsQuestion(DnsName.Parse("x.local"), DnsRecordType.Aaaa);
        var r = DnsResourceRecord.ForAddress(DnsName.Parse("x.local"), IPAddress.IPv6Loopback, 5, false);
        var buffer = new byte[100];
        Assert.Equal(q.GetLength(), q.Write(buffer));
        Assert.Equal(r.GetLength(), r.Write(buffer));
        Assert.Equal(DnsReadStatus.Ok, DnsResourceRecord.TryRead(buffer, 0, out var back, out var consumed));
        Assert.Equal(r.GetLength(), consumed);
        Assert.True(back.TryGetAddress(out var address));
        Assert.Equal(IPAddress.IPv6Loopback, address);
    }

    private static byte[] BuildQuestionMessage(int[] labelLengths)
    {
        var bytes = new List<byte> { 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0 };
        foreach (var length in labelLengths)
        {
            bytes.Add((byte)length);
            bytes.AddRange(Enumerable.Repeat((byte)'a', length));
        }
        bytes.AddRange([0, 0, 1, 0, 1]);
        return [.. bytes];
    }
}
