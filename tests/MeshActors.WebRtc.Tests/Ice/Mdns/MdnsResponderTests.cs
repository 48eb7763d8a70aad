using System.Net;
using MeshActors.WebRtc.Ice.Mdns;

namespace MeshActors.WebRtc.Tests.Ice.Mdns;

/// <summary>The responder's answers over an in-memory link: what is sent, to whom, in which shape.</summary>
public class MdnsResponderTests
{
    private const string Name = "7d3c0a2b-1111-4e2f-8a9b-0c1d2e3f4a5b.local";
    private static readonly IPAddress HostV4 = IPAddress.Parse("192.0.2.20");
    private static readonly IPAddress HostV6 = IPAddress.Parse("fd00::20");

    private readonly InMemoryMdnsLink _link = new();
    private readonly InMemoryMdnsTransport _responderTransport;
    private readonly InMemoryMdnsTransport _querier;
    private readonly MdnsResponder _responder;

    public MdnsResponderTests()
    {
        _responderTransport = _link.Attach("192.0.2.20", onMulticastPort: true);
        _querier = _link.Attach("192.0.2.10", onMulticastPort: true);
        _responder = new MdnsResponder(_responderTransport);
        _responder.Register(Name, HostV4);
    }

    [Fact]
    public void A_multicast_query_gets_a_multicast_response_with_id_0_no_questions_cache_flush_and_ttl_120()
    {
        Query(DnsRecordType.A);

        var response = SingleMulticastResponse();
        Assert.Equal(0, response.Id);
        Assert.True(response.IsResponse);
        Assert.True(response.Header.IsAuthoritativeAnswer);
        Assert.Empty(response.Questions);
        var answer = Assert.Single(response.Answers);
        Assert.Equal(DnsName.Parse(Name), answer.Name);
        Assert.True(answer.CacheFlush);
        Assert.Equal(120u, answer.Ttl);
        Assert.True(answer.TryGetAddress(out var address));
        Assert.Equal(HostV4, address);
        Assert.Empty(_responderTransport.SentUnicast);
    }

    [Fact]
    public void A_query_from_another_port_gets_a_legacy_unicast_response()
    {
        var legacy = _link.Attach("192.0.2.11", onMulticastPort: false, port: 49152);
        var query = DnsMessage.CreateQuery([new DnsQuestion(DnsName.Parse(Name), DnsRecordType.A)]);
        var withId = new DnsMessage(0xBEEF, query.Flags, query.Questions, query.Answers);
        legacy.SendMulticast(withId.ToArray(), System.Net.Sockets.AddressFamily.InterNetwork, -1);

        var (datagram, to) = Assert.Single(_responderTransport.SentUnicast);
        Assert.Equal(legacy.EndPoint, to);
        Assert.Equal(DnsReadStatus.Ok, DnsMessage.TryRead(datagram, out var response));
        Assert.Equal(0xBEEF, response!.Id);
        var question = Assert.Single(response.Questions);
        Assert.Equal(DnsName.Parse(Name), question.Name);
        var answer = Assert.Single(response.Answers);
        Assert.False(answer.CacheFlush);
        Assert.Equal(10u, answer.Ttl);
        Assert.Empty(_responderTransport.SentMulticast);
    }

    [Fact]
    public void A_QU_question_from_port_5353_gets_a_unicast_response()
    {
        Query(DnsRecordType.A, unicastResponse: true);

        var (datagram, to) = Assert.Single(_responderTransport.SentUnicast);
        Assert.Equal(_querier.EndPoint, to);
        DnsMessage.TryRead(datagram, out var response);
        Assert.Equal(0, response!.Id);
        Assert.Empty(response.Questions);
        Assert.True(Assert.Single(response.Answers).CacheFlush);
    }

    [Fact]
    public void Unknown_names_and_missing_address_families_get_no_response()
    {
        Query(DnsRecordType.A, "someone-else.local");
        Query(DnsRecordType.Aaaa); // registered with IPv4 only
        Query(DnsRecordType.Txt);

        Assert.Empty(_responderTransport.SentMulticast);
        Assert.Empty(_responderTransport.SentUnicast);
        Assert.Equal(0, _responder.QueriesAnswered);
    }

    [Fact]
    public void An_ANY_question_gets_every_address_of_the_name()
    {
        _responder.Register(Name, HostV6);

        Query(DnsRecordType.Any);

        var response = SingleMulticastResponse();
        Assert.Equal(2, response.Answers.Count);
        Assert.Contains(response.Answers, r => r.Type == DnsRecordType.A);
        Assert.Contains(response.Answers, r => r.Type == DnsRecordType.Aaaa);
    }

    [Fact]
    public void Names_match_without_regard_to_case()
    {
        Query(DnsRecordType.A, Name.ToUpperInvariant());

        Assert.Single(SingleMulticastResponse().Answers);
    }

    [Fact]
    public void A_known_answer_with_at_least_half_its_ttl_left_is_not_repeated()
    {
        var known = DnsResourceRecord.ForAddress(DnsName.Parse(Name), HostV4, 60, cacheFlush: true);
        var query = DnsMessage.CreateQuery([new DnsQuestion(DnsName.Parse(Name), DnsRecordType.A)], [known]);
        _querier.SendMulticast(query.ToArray(), System.Net.Sockets.AddressFamily.InterNetwork, -1);
        Assert.Empty(_responderTransport.SentMulticast);

        var stale = DnsResourceRecord.ForAddress(DnsName.Parse(Name), HostV4, 59, cacheFlush: true);
        query = DnsMessage.CreateQuery([new DnsQuestion(DnsName.Parse(Name), DnsRecordType.A)], [stale]);
        _querier.SendMulticast(query.ToArray(), System.Net.Sockets.AddressFamily.InterNetwork, -1);
        Assert.Single(SingleMulticastResponse().Answers);
    }

    [Fact]
    public void Responses_and_malformed_packets_are_not_answered()
    {
        var response = DnsMessage.CreateResponse(0, [new DnsQuestion(DnsName.Parse(Name), DnsRecordType.A)], []);
        _querier.SendMulticast(response.ToArray(), System.Net.Sockets.AddressFamily.InterNetwork, -1);
        _querier.SendMulticast(new byte[] { 0, 0, 0 }, System.Net.Sockets.AddressFamily.InterNetwork, -1);

        Assert.Empty(_responderTransport.SentMulticast);
        Assert.Equal(1, _responder.MalformedPackets);
    }

    [Fact]
    public void Unregistering_sends_a_goodbye_and_stops_the_answers()
    {
        Assert.True(_responder.Unregister(Name));
        var goodbye = SingleMulticastResponse();
        Assert.Equal(0u, Assert.Single(goodbye.Answers).Ttl);
        _responderTransport.SentMulticast.Clear();

        Query(DnsRecordType.A);

        Assert.Empty(_responderTransport.SentMulticast);
        Assert.False(_responder.Unregister(Name));
    }

    [Fact]
    public void A_random_name_is_a_uuid_under_local_and_is_answered()
    {
        var name = _responder.RegisterRandomName(IPAddress.Parse("10.9.8.7"));

        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\\.local$", name);
        Query(DnsRecordType.A, name);
        Assert.True(SingleMulticastResponse().Answers[0].TryGetAddress(out var address));
        Assert.Equal(IPAddress.Parse("10.9.8.7"), address);
    }

    [Theory]
    [InlineData("host.example")]
    [InlineData("local")]
    public void Names_outside_dot_local_cannot_be_registered(string name)
    {
        Assert.Throws<ArgumentException>(() => _responder.Register(name, HostV4));
    }

    [Fact]
    public void Disposing_says_goodbye_for_every_name_and_releases_the_transport()
    {
        _responder.Dispose();

        Assert.Equal(0u, Assert.Single(SingleMulticastResponse().Answers).Ttl);
        Assert.True(_responderTransport.Disposed);
        Assert.Throws<ObjectDisposedException>(() => _responder.Register(Name, HostV4));
    }

    [Fact]
    public void Goodbyes_for_many_names_are_split_into_packets_of_at_most_1200_bytes()
    {
        for (var i = 0; i < 50; i++)
        {
            _responder.RegisterRandomName(IPAddress.Parse($"10.0.0.{i + 1}"));
        }

        _responder.Dispose();

        Assert.True(_responderTransport.SentMulticast.Count > 1);
        var records = 0;
        foreach (var packet in _responderTransport.SentMulticast)
        {
            Assert.True(packet.Length <= 1200, $"a goodbye packet of {packet.Length} bytes");
            Assert.Equal(DnsReadStatus.Ok, DnsMessage.TryRead(packet, out var m));
            Assert.All(m!.Answers, a => Assert.Equal(0u, a.Ttl));
            records += m.Answers.Count;
        }
        Assert.Equal(51, records);
    }

    private void Query(DnsRecordType type, string name = Name, bool unicastResponse = false) =>
        _querier.SendMulticast(
            DnsMessage.CreateQuery([new DnsQuestion(DnsName.Parse(name), type, DnsClass.In, unicastResponse)]).ToArray(),
            System.Net.Sockets.AddressFamily.InterNetwork, -1);

    private DnsMessage SingleMulticastResponse()
    {
        var datagram = Assert.Single(_responderTransport.SentMulticast);
        Assert.Equal(DnsReadStatus.Ok, DnsMessage.TryRead(datagram, out var message));
        return message!;
    }
}
