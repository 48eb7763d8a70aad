using System.Net;
using MeshActors.WebRtc.Ice.Mdns;

namespace MeshActors.WebRtc.Tests.Ice.Mdns;

/// <summary>The resolver's logic over an in-memory link and a manual clock: deterministic, no sockets.</summary>
public class MdnsResolverTests
{
    private const string Name = "0c6c3a9e-8f1b-4b5e-9d0a-2f1e6c7b8a9d.local";
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    private readonly InMemoryMdnsLink _link = new();
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void A_lookup_sends_one_query_for_A_and_AAAA_from_port_5353_without_the_QU_bit()
    {
        var transport = _link.Attach("192.0.2.10", onMulticastPort: true);
        using var resolver = new MdnsResolver(transport, _time, new MdnsResolverOptions());

        _ = resolver.ResolveAsync(Name);

        var query = Assert.Single(transport.SentMulticast);
        Assert.Equal(DnsReadStatus.Ok, DnsMessage.TryRead(query, out var m));
        Assert.False(m!.IsResponse);
        Assert.Equal(0, m.Id);
        Assert.Collection(m.Questions,
            q => Assert.Equal((DnsName.Parse(Name), DnsRecordType.A, false), (q.Name, q.Type, q.UnicastResponse)),
            q => Assert.Equal((DnsName.Parse(Name), DnsRecordType.Aaaa, false), (q.Name, q.Type, q.UnicastResponse)));
        Assert.Equal(1, resolver.QueriesSent);
    }

    [Fact]
    public void From_an_ephemeral_port_every_question_asks_for_a_unicast_response()
    {
        var transport = _link.Attach("192.0.2.10", onMulticastPort: false);
        using var resolver = new MdnsResolver(transport, _time, new MdnsResolverOptions { QueryIPv6 = false });
        Assert.False(resolver.ListensOnMulticastPort);

        _ = resolver.ResolveAsync(Name);

        DnsMessage.TryRead(Assert.Single(transport.SentMulticast), out var m);
        var q = Assert.Single(m!.Questions);
        Assert.Equal(DnsRecordType.A, q.Type);
        Assert.True(q.UnicastResponse);
    }

    [Fact]
    public void Unanswered_lookups_retransmit_at_250_and_750_ms_and_complete_with_null_at_1500_ms()
    {
        var transport = _link.Attach("192.0.2.10", onMulticastPort: true);
        using var resolver = new MdnsResolver(transport, _time, new MdnsResolverOptions());

        var task = resolver.ResolveAsync(Name);
        Assert.Single(transport.SentMulticast);

        _time.Advance(TimeSpan.FromMilliseconds(249));
        Assert.Single(transport.SentMulticast);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, transport.SentMulticast.Count);
        _time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.Equal(2, transport.SentMulticast.Count);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(3, transport.SentMulticast.Count);
        Assert.Equal(transport.SentMulticast[0], transport.SentMulticast[2]);

        _time.Advance(TimeSpan.FromMilliseconds(749));
        Assert.False(task.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(task.IsCompletedSuccessfully);
        Assert.Null(task.Completed());
        Assert.Equal(3, transport.SentMulticast.Count);
        Assert.Equal(0, _time.ActiveTimers);
    }

    [Fact]
    public void A_timeout_shorter_than_the_retransmit_schedule_cuts_it_short()
    {
        var transport = _link.Attach("192.0.2.10", onMulticastPort: true);
        using var resolver = new MdnsResolver(transport, _time, new MdnsResolverOptions { Timeout = TimeSpan.FromMilliseconds(300) });

        var task = resolver.ResolveAsync(Name);
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.Null(task.Completed());
        Assert.Equal(2, transport.SentMulticast.Count); // at 0 and 250 ms; the 750 ms one is past the timeout
    }

    [Fact]
    public void A_responder_on_the_link_answers_and_the_lookup_completes_with_its_address()
    {
        using var responder = new MdnsResponder(_link.Attach("192.0.2.20", onMulticastPort: true));
        responder.Register(Name, IPAddress.Parse("192.0.2.20"));
        using var resolver = new MdnsResolver(_link.Attach("192.0.2.10", onMulticastPort: true), _time, new MdnsResolverOptions());

        var task = resolver.ResolveAsync(Name);

        Assert.True(task.IsCompletedSuccessfully);
        Assert.Equal(IPAddress.Parse("192.0.2.20"), task.Completed());
        Assert.Equal(1, responder.QueriesAnswered);
        Assert.Equal(0, _time.ActiveTimers);
    }

    [Fact]
    public void From_an_ephemeral_port_the_lookup_is_answered_by_legacy_unicast()
    {
        using var responder = new MdnsResponder(_link.Attach("192.0.2.20", onMulticastPort: true));
        responder.Register(Name, IPAddress.Parse("192.0.2.20"));
        var transport = _link.Attach("192.0.2.10", onMulticastPort: false);
        using var resolver = new MdnsResolver(transport, _time, new MdnsResolverOptions());

        var task = resolver.ResolveAsync(Name);

        Assert.Equal(IPAddress.Parse("192.0.2.20"), task.Completed());
    }

    [Fact]
    public void Concurrent_lookups_of_one_name_share_one_query_and_one_answer()
    {
        var transport = _link.Attach("192.0.2.10", onMulticastPort: true);
        using var resolver = new MdnsResolver(transport, _time, new MdnsResolverOptions());

        var first = resolver.ResolveAsync(Name);
        var second = resolver.ResolveAsync(Name.ToUpperInvariant());
        Assert.Single(transport.SentMulticast);

        Respond(transport, Record(Name, "10.0.0.7", 120));

        Assert.Equal(IPAddress.Parse("10.0.0.7"), first.Completed());
        Assert.Equal(IPAddress.Parse("10.0.0.7"), second.Completed());
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Single(transport.SentMulticast);
    }

    [Fact]
    public void A_cached_answer_is_returned_without_a_query_until_its_ttl_runs_out()
    {
        var transport = _link.Attach("192.0.2.10", onMulticastPort: true);
        using var resolver = new MdnsResolver(transport, _time, new MdnsResolverOptions());
        var first = resolver.ResolveAsync(Name);
        Respond(transport, Record(Name, "10.0.0.7", 10));
        Assert.Equal(IPAddress.Parse("10.0.0.7"), first.Completed());

        _time.Advance(TimeSpan.FromSeconds(9.9));
        var cached = resolver.ResolveAsync(Name);
        Assert.True(cached.IsCompletedSuccessfully);
        Assert.Equal(IPAddress.Parse("10.0.0.7"), cached.Completed());
        Assert.Single(transport.SentMulticast);

        _time.Advance(TimeSpan.FromSeconds(0.1));
        var expired = resolver.ResolveAsync(Name);
        Assert.False(expired.IsCompleted);
        Assert.Equal(2, transport.SentMulticast.Count);
    }

    [Fact]
    public void A_goodbye_record_removes_the_cached_address()
    {
        var transport = _link.Attach("192.0.2.10", onMulticastPort: true);
        using var resolver = new MdnsResolver(transport, _time, new MdnsResolverOptions());
        var first = resolver.ResolveAsync(Name);
        Respond(transport, Record(Name, "10.0.0.7", 120));
        Assert.NotNull(first.Completed());

        Respond(transport, Record(Name, "10.0.0.7", 0));

        var again = resolver.ResolveAsync(Name);
        Assert.False(again.IsCompleted);
        Assert.Equal(2, transport.SentMulticast.Count);
    }

    [Fact]
    public void A_goodbye_does_not_answer_a_lookup_in_progress()
    {
        var transport = _link.Attach("192.0.2.10", onMulticastPort: true);
        using var resolver = new MdnsResolver(transport, _time, new MdnsResolverOptions());
        var task = resolver.ResolveAsync(Name);

        Respond(transport, Record(Name, "10.0.0.7", 0));

        Assert.False(task.IsCompleted);
    }

    [Fact]
    public void Answers_for_names_nobody_asked_for_are_not_cached()
    {
        var transport = _link.Attach("192.0.2.10", onMulticastPort: true);
        using var resolver = new MdnsResolver(transport, _time, new MdnsResolverOptions());

        Respond(transport, Record(Name, "10.0.0.7", 120));

        var task = resolver.ResolveAsync(Name);
        Assert.False(task.IsCompleted);
        Assert.Single(transport.SentMulticast);
        Assert.Equal(1, resolver.ResponsesReceived);
    }

    [Fact]
    public void An_IPv4_answer_wins_over_an_IPv6_answer_in_the_same_packet()
    {
        var transport = _link.Attach("192.0.2.10", onMulticastPort: true);
        using var resolver = new MdnsResolver(transport, _time, new MdnsResolverOptions());
        var task = resolver.ResolveAsync(Name);

        Respond(transport, Record(Name, "fd00::7", 120), Record(Name, "10.0.0.7", 120));

        Assert.Equal(IPAddress.Parse("10.0.0.7"), task.Completed());
    }

    [Fact]
    public void An_IPv6_link_local_answer_carries_the_scope_of_the_interface_it_arrived_on()
    {
        var transport = _link.Attach("192.0.2.10", onMulticastPort: true);
        using var resolver = new MdnsResolver(transport, _time, new MdnsResolverOptions());
        var task = resolver.ResolveAsync(Name);

        Respond(transport, Record(Name, "fe80::7", 120));

        Assert.Equal(IPAddress.Parse("fe80::7%1"), task.Completed());
        Assert.Equal(1, task.Completed()!.ScopeId);
    }

    [Fact]
    public void An_answer_in_the_additional_section_completes_the_lookup()
    {
        var transport = _link.Attach("192.0.2.10", onMulticastPort: true);
        using var resolver = new MdnsResolver(transport, _time, new MdnsResolverOptions());
        var task = resolver.ResolveAsync(Name);

        transport.Deliver(DnsMessage.CreateResponse(0, [], [], [Record(Name, "10.0.0.8", 120)]).ToArray(), Responder);

        Assert.Equal(IPAddress.Parse("10.0.0.8"), task.Completed());
    }

    [Fact]
    public void Responses_from_a_port_other_than_5353_or_with_a_nonzero_rcode_or_opcode_are_ignored()
    {
        var transport = _link.Attach("192.0.2.10", onMulticastPort: true);
        using var resolver = new MdnsResolver(transport, _time, new MdnsResolverOptions());
        var task = resolver.ResolveAsync(Name);
        var answer = Record(Name, "10.0.0.7", 120);

        transport.Deliver(DnsMessage.CreateResponse(0, [], [answer]).ToArray(), new IPEndPoint(IPAddress.Parse("192.0.2.20"), 5354));
        transport.Deliver(new DnsMessage(0, DnsHeader.ResponseFlag | DnsHeader.AuthoritativeAnswerFlag | 3, [], [answer]).ToArray(), Responder);
        transport.Deliver(new DnsMessage(0, DnsHeader.ResponseFlag | DnsHeader.AuthoritativeAnswerFlag | (1 << 11), [], [answer]).ToArray(), Responder);

        Assert.False(task.IsCompleted);
        Assert.Equal(3, resolver.IgnoredPackets);
        Assert.Equal(0, resolver.ResponsesReceived);
    }

    [Fact]
    public void Malformed_packets_are_counted_and_dropped()
    {
        var transport = _link.Attach("192.0.2.10", onMulticastPort: true);
        using var resolver = new MdnsResolver(transport, _time, new MdnsResolverOptions());
        var task = resolver.ResolveAsync(Name);

        transport.Deliver([0, 0, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0xC0, 0x0C], Responder);
        transport.Deliver([1, 2, 3], Responder);

        Assert.Equal(2, resolver.MalformedPackets);
        Assert.False(task.IsCompleted);
    }

    [Fact]
    public void When_the_network_refuses_multicast_the_lookup_completes_with_null_at_once()
    {
        _link.RefuseMulticast = true;
        using var resolver = new MdnsResolver(_link.Attach("192.0.2.10", onMulticastPort: true), _time, new MdnsResolverOptions());

        var task = resolver.ResolveAsync(Name);

        Assert.True(task.IsCompletedSuccessfully);
        Assert.Null(task.Completed());
        Assert.Equal(0, _time.ActiveTimers);
    }

    [Theory]
    [InlineData("example.com")]
    [InlineData("local")]
    [InlineData("host.local.example")]
    [InlineData("a..local")]
    [InlineData("")]
    public void Names_outside_dot_local_are_refused(string name)
    {
        using var resolver = new MdnsResolver(_link.Attach("192.0.2.10", onMulticastPort: true), _time, new MdnsResolverOptions());
        Assert.Throws<ArgumentException>(() => { _ = resolver.ResolveAsync(name); });
    }

    [Fact]
    public async Task Cancelling_one_caller_leaves_the_other_waiting_for_the_answer()
    {
        var transport = _link.Attach("192.0.2.10", onMulticastPort: true);
        using var resolver = new MdnsResolver(transport, _time, new MdnsResolverOptions());
        using var cts = new CancellationTokenSource();
        var cancelled = resolver.ResolveAsync(Name, cts.Token);
        var other = resolver.ResolveAsync(Name);

        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Hang));
        Respond(transport, Record(Name, "10.0.0.7", 120));

        Assert.Equal(IPAddress.Parse("10.0.0.7"), await other.WaitAsync(Hang));
    }

    [Fact]
    public void Disposing_completes_lookups_in_progress_with_null_and_releases_the_transport()
    {
        var transport = _link.Attach("192.0.2.10", onMulticastPort: true);
        var resolver = new MdnsResolver(transport, _time, new MdnsResolverOptions());
        var task = resolver.ResolveAsync(Name);

        resolver.Dispose();

        Assert.True(task.IsCompletedSuccessfully);
        Assert.Null(task.Completed());
        Assert.True(transport.Disposed);
        Assert.Equal(0, _time.ActiveTimers);
        Assert.Throws<ObjectDisposedException>(() => { _ = resolver.ResolveAsync(Name); });
    }

    [Fact]
    public void A_full_cache_forgets_the_answer_that_expires_first()
    {
        var transport = _link.Attach("192.0.2.10", onMulticastPort: true);
        using var resolver = new MdnsResolver(transport, _time, new MdnsResolverOptions { MaxCacheEntries = 2 });
        foreach (var (name, ttl) in new[] { ("a.local", 100u), ("b.local", 50u), ("c.local", 200u) })
        {
            var task = resolver.ResolveAsync(name);
            Respond(transport, Record(name, "10.0.0.1", ttl));
            Assert.NotNull(task.Completed());
        }
        var sent = transport.SentMulticast.Count;

        Assert.True(resolver.ResolveAsync("a.local").IsCompleted);
        Assert.True(resolver.ResolveAsync("c.local").IsCompleted);
        Assert.False(resolver.ResolveAsync("b.local").IsCompleted);
        Assert.Equal(sent + 1, transport.SentMulticast.Count);
    }

    [Fact]
    public void With_caching_off_answers_still_complete_lookups()
    {
        var transport = _link.Attach("192.0.2.10", onMulticastPort: true);
        using var resolver = new MdnsResolver(transport, _time, new MdnsResolverOptions { MaxCacheEntries = 0 });
        var task = resolver.ResolveAsync(Name);
        Respond(transport, Record(Name, "10.0.0.7", 120));
        Assert.Equal(IPAddress.Parse("10.0.0.7"), task.Completed());
        Assert.False(resolver.ResolveAsync(Name).IsCompleted);
    }

    [Fact]
    public void Options_out_of_range_are_refused()
    {
        var transport = _link.Attach("192.0.2.10", onMulticastPort: true);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MdnsResolver(transport, _time, new MdnsResolverOptions { Timeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MdnsResolver(transport, _time, new MdnsResolverOptions { RetransmitIntervals = [TimeSpan.FromSeconds(-1)] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MdnsResolver(transport, _time, new MdnsResolverOptions { MaxCacheEntries = -1 }));
    }

    private static readonly IPEndPoint Responder = new(IPAddress.Parse("192.0.2.20"), MdnsConstants.Port);

    private static DnsResourceRecord Record(string name, string address, uint ttl) =>
        DnsResourceRecord.ForAddress(DnsName.Parse(name), IPAddress.Parse(address), ttl, cacheFlush: true);

    private static void Respond(InMemoryMdnsTransport to, params DnsResourceRecord[] answers) =>
        to.Deliver(DnsMessage.CreateResponse(0, [], answers).ToArray(), Responder);
}

internal static class CompletedTaskExtensions
{
    /// <summary>The result of a task that must already have completed successfully (the in-memory link delivers synchronously).</summary>
    public static T Completed<T>(this Task<T> task)
    {
        Assert.True(task.IsCompletedSuccessfully, $"The task is {task.Status}, not completed.");
        return task.GetAwaiter().GetResult();
    }
}
