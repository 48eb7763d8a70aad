using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using MeshActors.WebRtc.Net;

namespace MeshActors.WebRtc.Tests.Net;

public sealed class VirtualNetworkTests
{
    private static readonly IPAddress AddressA = IPAddress.Parse("10.0.0.1");
    private static readonly IPAddress AddressB = IPAddress.Parse("10.0.0.2");
    private static readonly IPAddress AddressC = IPAddress.Parse("10.0.0.3");

    private static byte[] Numbered(int i, int length = 100)
    {
        var payload = new byte[length];
        BinaryPrimitives.WriteInt32BigEndian(payload, i);
        return payload;
    }

    private static int Number(byte[] payload) => BinaryPrimitives.ReadInt32BigEndian(payload);

    [Fact]
    public void A_datagram_arrives_on_the_pump_with_the_senders_end_point()
    {
        using var network = new VirtualNetwork(1);
        var a = network.AddHost(AddressA).Bind(new IPEndPoint(AddressA, 1000));
        var b = network.AddHost(AddressB).Bind(new IPEndPoint(AddressB, 2000));
        var received = new RecordingHandler();
        b.Start(received);

        Assert.True(a.SendTo([7, 8, 9], b.LocalEndPoint));
        Assert.Equal(0, received.Count); // nothing happens until the pump runs
        network.RunUntilIdle();

        var (payload, remote, _) = Assert.Single(received.Snapshot());
        Assert.Equal(new byte[] { 7, 8, 9 }, payload);
        Assert.Equal(new IPEndPoint(AddressA, 1000), remote);
        Assert.Equal(1, network.DatagramsDelivered);
    }

    [Fact]
    public void Delay_and_jitter_put_arrivals_between_delay_and_delay_plus_jitter()
    {
        using var network = new VirtualNetwork(2);
        network.SetConditions(new LinkConditions { Delay = TimeSpan.FromMilliseconds(40), Jitter = TimeSpan.FromMilliseconds(10) });
        var a = network.AddHost(AddressA).Bind(new IPEndPoint(AddressA, 0));
        var b = network.AddHost(AddressB).Bind(new IPEndPoint(AddressB, 0));
        var received = new RecordingHandler(network.Clock);
        b.Start(received);

        for (var i = 0; i < 200; i++)
        {
            a.SendTo(Numbered(i), b.LocalEndPoint);
        }
        network.RunUntilIdle();

        var arrivals = received.Snapshot();
        Assert.Equal(200, arrivals.Count);
        Assert.All(arrivals, r => Assert.InRange(r.At, TimeSpan.FromMilliseconds(40), TimeSpan.FromMilliseconds(50)));
        Assert.True(arrivals.Select(r => r.At).Distinct().Count() > 100, "jitter spreads arrivals");
    }

    [Fact]
    public void Twenty_percent_loss_loses_about_a_fifth_of_ten_thousand_datagrams()
    {
        using var network = new VirtualNetwork(3);
        network.SetConditions(new LinkConditions { LossRate = 0.2 });
        var (a, b, received) = Pair(network);

        for (var i = 0; i < 10_000; i++)
        {
            a.SendTo(Numbered(i), b.LocalEndPoint);
        }
        network.RunUntilIdle();

        Assert.InRange(received.Count, 7_700, 8_300);
        Assert.Equal(10_000 - received.Count, network.DroppedByLoss);
        Assert.Equal(10_000, network.DatagramsSent);
    }

    [Fact]
    public void Ten_percent_duplication_delivers_about_a_tenth_twice()
    {
        using var network = new VirtualNetwork(4);
        network.SetConditions(new LinkConditions { DuplicateRate = 0.1 });
        var (a, b, received) = Pair(network);

        for (var i = 0; i < 10_000; i++)
        {
            a.SendTo(Numbered(i), b.LocalEndPoint);
        }
        network.RunUntilIdle();

        Assert.InRange(network.Duplicated, 850, 1_150);
        Assert.Equal(10_000 + network.Duplicated, received.Count);
        Assert.Equal(10_000, received.Snapshot().Select(r => Number(r.Payload)).Distinct().Count());
    }

    [Fact]
    public void Reordered_datagrams_are_overtaken_by_later_ones()
    {
        using var network = new VirtualNetwork(5);
        network.SetConditions(new LinkConditions { ReorderRate = 0.1, ReorderDelay = TimeSpan.FromMilliseconds(5) });
        var (a, b, received) = Pair(network);

        // One datagram per millisecond, so a 5 ms hold-back lets about five overtake it.
        for (var i = 0; i < 2_000; i++)
        {
            a.SendTo(Numbered(i), b.LocalEndPoint);
            network.RunFor(TimeSpan.FromMilliseconds(1));
        }
        network.RunUntilIdle();

        var order = received.Snapshot().Select(r => Number(r.Payload)).ToList();
        Assert.Equal(2_000, order.Count);
        Assert.InRange(network.Reordered, 140, 260);
        var inversions = order.Zip(order.Skip(1)).Count(p => p.First > p.Second);
        Assert.InRange(inversions, 100, 260);
        Assert.Equal(Enumerable.Range(0, 2_000), order.Order());
    }

    [Fact]
    public void A_bottleneck_serializes_datagrams_and_drops_what_would_wait_longer_than_the_queue_allows()
    {
        using var network = new VirtualNetwork(21);
        // 972 payload bytes + 28 header bytes = 8,000 bits: 8 ms each at 1 Mbit/s.
        network.SetConditions(new LinkConditions { BitsPerSecond = 1_000_000, MaxQueueDelay = TimeSpan.FromMilliseconds(50), Delay = TimeSpan.FromMilliseconds(5) });
        var (a, b, received) = Pair(network);

        for (var i = 0; i < 20; i++)
        {
            a.SendTo(Numbered(i, 972), b.LocalEndPoint);
        }
        network.RunUntilIdle();

        var arrivals = received.Snapshot();
        Assert.Equal(Enumerable.Range(0, 7), arrivals.Select(r => Number(r.Payload)));
        Assert.Equal(Enumerable.Range(1, 7).Select(k => TimeSpan.FromMilliseconds(8 * k + 5)), arrivals.Select(r => r.At));
        Assert.Equal(13, network.DroppedByQueue);

        // Once drained, the queue accepts again.
        a.SendTo(Numbered(99, 972), b.LocalEndPoint);
        network.RunUntilIdle();
        Assert.Equal(8, received.Count);
    }

    [Fact]
    public void The_same_seed_gives_the_same_delivery_trace_and_another_seed_a_different_one()
    {
        var first = Trace(seed: 42);
        var second = Trace(seed: 42);
        var other = Trace(seed: 43);

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    /// <summary>Two hosts echo through a lossy, jittery, duplicating, reordering link with timers driving the sender.</summary>
    private static List<string> Trace(int seed)
    {
        using var network = new VirtualNetwork(seed);
        network.SetConditions(new LinkConditions
        {
            LossRate = 0.1,
            DuplicateRate = 0.05,
            ReorderRate = 0.1,
            Delay = TimeSpan.FromMilliseconds(20),
            Jitter = TimeSpan.FromMilliseconds(15),
        });
        var a = network.AddHost(AddressA).Bind(new IPEndPoint(AddressA, 0));
        var b = network.AddHost(AddressB).Bind(new IPEndPoint(AddressB, 0));
        var trace = new List<string>();
        var echo = new RecordingHandler
        {
            OnReceived = (payload, remote) =>
            {
                trace.Add($"{network.Clock.Elapsed.Ticks} b<-{remote} #{Number(payload)}");
                b.SendTo(payload, remote);
            },
        };
        b.Start(echo);
        a.Start(new RecordingHandler { OnReceived = (payload, _) => trace.Add($"{network.Clock.Elapsed.Ticks} a<- #{Number(payload)}") });
        var next = 0;
        using var timer = network.Clock.CreateTimer(_ => a.SendTo(Numbered(next++), b.LocalEndPoint), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(3));

        network.RunFor(TimeSpan.FromSeconds(2));

        return trace;
    }

    [Fact]
    public void Drop_next_drops_exactly_that_many_datagrams_on_that_link_only()
    {
        using var network = new VirtualNetwork(6);
        var hostA = network.AddHost(AddressA);
        var hostB = network.AddHost(AddressB);
        var hostC = network.AddHost(AddressC);
        var a = hostA.Bind(new IPEndPoint(AddressA, 0));
        var b = hostB.Bind(new IPEndPoint(AddressB, 0));
        var c = hostC.Bind(new IPEndPoint(AddressC, 0));
        var atB = new RecordingHandler();
        b.Start(atB);

        network.GetLink(hostA, hostB).DropNext(3);
        for (var i = 0; i < 5; i++)
        {
            a.SendTo(Numbered(i), b.LocalEndPoint);
            c.SendTo(Numbered(100 + i), b.LocalEndPoint);
        }
        network.RunUntilIdle();

        Assert.Equal([3, 4, 100, 101, 102, 103, 104], atB.Snapshot().Select(r => Number(r.Payload)).Order());
        Assert.Equal(3, network.DroppedByCommand);
    }

    [Fact]
    public void Duplicate_next_and_reorder_next_act_on_the_next_datagrams()
    {
        using var network = new VirtualNetwork(7);
        network.SetConditions(new LinkConditions { ReorderDelay = TimeSpan.FromMilliseconds(10) });
        var (a, b, received) = Pair(network);

        network.DefaultLink.ReorderNext(1);
        network.DefaultLink.DuplicateNext(1);
        a.SendTo(Numbered(0), b.LocalEndPoint); // reordered and duplicated: the copy is not held back
        a.SendTo(Numbered(1), b.LocalEndPoint);
        network.RunUntilIdle();

        Assert.Equal([0, 1, 0], received.Snapshot().Select(r => Number(r.Payload)));
    }

    [Fact]
    public void A_partition_blackholes_both_directions_until_healed()
    {
        using var network = new VirtualNetwork(8);
        var hostA = network.AddHost(AddressA);
        var hostB = network.AddHost(AddressB);
        var a = hostA.Bind(new IPEndPoint(AddressA, 0));
        var b = hostB.Bind(new IPEndPoint(AddressB, 0));
        var atA = new RecordingHandler();
        var atB = new RecordingHandler();
        a.Start(atA);
        b.Start(atB);

        network.Partition(hostA, hostB);
        Assert.True(a.SendTo([1], b.LocalEndPoint)); // a blackhole is silent
        b.SendTo([2], a.LocalEndPoint);
        network.RunUntilIdle();
        Assert.Equal(0, atA.Count + atB.Count);
        Assert.Equal(2, network.DroppedByPartition);

        network.Heal(hostA, hostB);
        a.SendTo([3], b.LocalEndPoint);
        b.SendTo([4], a.LocalEndPoint);
        network.RunUntilIdle();
        Assert.Equal(1, atA.Count);
        Assert.Equal(1, atB.Count);
    }

    [Fact]
    public void Per_pair_conditions_override_the_network_wide_ones()
    {
        using var network = new VirtualNetwork(9);
        network.SetConditions(new LinkConditions { LossRate = 1 });
        var hostA = network.AddHost(AddressA);
        var hostB = network.AddHost(AddressB);
        var a = hostA.Bind(new IPEndPoint(AddressA, 0));
        var b = hostB.Bind(new IPEndPoint(AddressB, 0));
        var atB = new RecordingHandler(network.Clock);
        b.Start(atB);

        network.SetConditions(hostA, hostB, new LinkConditions { Delay = TimeSpan.FromMilliseconds(7) });
        a.SendTo([1], b.LocalEndPoint);
        network.RunUntilIdle();

        Assert.Equal(TimeSpan.FromMilliseconds(7), Assert.Single(atB.Snapshot()).At);
    }

    [Fact]
    public void A_host_behind_a_nat_appears_as_the_public_address_and_replies_come_back()
    {
        using var network = new VirtualNetwork(10);
        var nat = network.AddNat(IPAddress.Parse("203.0.113.1"));
        var inside = network.AddHostBehind(nat, IPAddress.Parse("192.168.1.10")).Bind(new IPEndPoint(IPAddress.Parse("192.168.1.10"), 5000));
        var server = network.AddHost(AddressB).Bind(new IPEndPoint(AddressB, 3478));
        var atServer = new RecordingHandler();
        var atInside = new RecordingHandler();
        server.Start(atServer);
        inside.Start(atInside);

        inside.SendTo([1], server.LocalEndPoint);
        network.RunUntilIdle();
        var seenAs = Assert.Single(atServer.Snapshot()).Remote;
        Assert.Equal(new IPEndPoint(IPAddress.Parse("203.0.113.1"), 20000), seenAs);
        Assert.Equal(seenAs, nat.GetMapping(inside.LocalEndPoint));

        server.SendTo([2], seenAs);
        network.RunUntilIdle();
        var reply = Assert.Single(atInside.Snapshot());
        Assert.Equal(server.LocalEndPoint, reply.Remote);

        // The mapping is endpoint-independent: another destination sees the same public end point.
        var other = network.AddHost(AddressC).Bind(new IPEndPoint(AddressC, 9));
        var atOther = new RecordingHandler();
        other.Start(atOther);
        inside.SendTo([3], other.LocalEndPoint);
        network.RunUntilIdle();
        Assert.Equal(seenAs, Assert.Single(atOther.Snapshot()).Remote);
        Assert.Equal(1, nat.MappingCount);
    }

    [Theory]
    [InlineData(NatFiltering.AddressAndPortDependent, false, false)]
    [InlineData(NatFiltering.AddressDependent, true, false)]
    [InlineData(NatFiltering.EndpointIndependent, true, true)]
    public void Nat_filtering_decides_which_unsolicited_sources_get_through(NatFiltering filtering, bool samehostOtherPortPasses, bool otherHostPasses)
    {
        using var network = new VirtualNetwork(11);
        var nat = network.AddNat(IPAddress.Parse("203.0.113.1"), filtering);
        var inside = network.AddHostBehind(nat, IPAddress.Parse("192.168.1.10")).Bind(new IPEndPoint(IPAddress.Parse("192.168.1.10"), 5000));
        var serverHost = network.AddHost(AddressB);
        var server = serverHost.Bind(new IPEndPoint(AddressB, 3478));
        var serverOtherPort = serverHost.Bind(new IPEndPoint(AddressB, 3479));
        var stranger = network.AddHost(AddressC).Bind(new IPEndPoint(AddressC, 9));
        var atInside = new RecordingHandler();
        inside.Start(atInside);

        inside.SendTo([0], server.LocalEndPoint);
        network.RunUntilIdle();
        var mapped = nat.GetMapping(inside.LocalEndPoint)!;
        server.SendTo([1], mapped);
        serverOtherPort.SendTo([2], mapped);
        stranger.SendTo([3], mapped);
        network.RunUntilIdle();

        var got = atInside.Snapshot().Select(r => r.Payload[0]).ToList();
        Assert.Contains((byte)1, got);
        Assert.Equal(samehostOtherPortPasses, got.Contains(2));
        Assert.Equal(otherHostPasses, got.Contains(3));
    }

    [Fact]
    public void A_nat_mapping_expires_without_outbound_traffic_and_is_replaced_by_a_new_port()
    {
        using var network = new VirtualNetwork(22);
        var nat = network.AddNat(IPAddress.Parse("203.0.113.1"));
        nat.MappingLifetime = TimeSpan.FromSeconds(30);
        var inside = network.AddHostBehind(nat, IPAddress.Parse("192.168.1.10")).Bind(new IPEndPoint(IPAddress.Parse("192.168.1.10"), 5000));
        var server = network.AddHost(AddressB).Bind(new IPEndPoint(AddressB, 3478));
        var atInside = new RecordingHandler();
        var atServer = new RecordingHandler();
        inside.Start(atInside);
        server.Start(atServer);

        inside.SendTo([0], server.LocalEndPoint);
        network.RunFor(TimeSpan.FromSeconds(20));
        var first = nat.GetMapping(inside.LocalEndPoint)!;
        server.SendTo([1], first); // inside the lifetime: forwarded, but does not refresh
        network.RunFor(TimeSpan.FromSeconds(11));
        server.SendTo([2], first); // 31 s after the last outbound datagram: expired
        network.RunUntilIdle();

        Assert.Equal([1], atInside.Snapshot().Select(r => r.Payload[0]));
        Assert.Null(nat.GetMapping(inside.LocalEndPoint));
        Assert.Equal(1, network.DroppedByNat);

        inside.SendTo([3], server.LocalEndPoint);
        network.RunUntilIdle();
        Assert.Equal(new IPEndPoint(IPAddress.Parse("203.0.113.1"), 20001), atServer.Snapshot()[^1].Remote);
    }

    [Fact]
    public void Ipv6_hosts_exchange_datagrams_and_ipv6_headers_count_on_a_bottleneck()
    {
        using var network = new VirtualNetwork(23);
        // 952 payload bytes + 48 header bytes = 8,000 bits: 8 ms at 1 Mbit/s.
        network.SetConditions(new LinkConditions { BitsPerSecond = 1_000_000 });
        var v6a = IPAddress.Parse("2001:db8::1");
        var v6b = IPAddress.Parse("2001:db8::2");
        var a = network.AddHost(v6a, AddressA).Bind(new IPEndPoint(IPAddress.IPv6Any, 0));
        var b = network.AddHost(v6b).Bind(new IPEndPoint(v6b, 0));
        var atB = new RecordingHandler(network.Clock);
        b.Start(atB);

        Assert.True(a.SendTo(new byte[952], b.LocalEndPoint));
        network.RunUntilIdle();

        var arrival = Assert.Single(atB.Snapshot());
        Assert.Equal(new IPEndPoint(v6a, a.LocalEndPoint.Port), arrival.Remote);
        Assert.Equal(TimeSpan.FromMilliseconds(8), arrival.At);
    }

    [Fact]
    public void A_private_address_is_unreachable_from_outside_its_nat_but_reachable_inside()
    {
        using var network = new VirtualNetwork(12);
        var nat = network.AddNat(IPAddress.Parse("203.0.113.1"));
        var privateA = IPAddress.Parse("192.168.1.10");
        var privateB = IPAddress.Parse("192.168.1.11");
        var inside = network.AddHostBehind(nat, privateA).Bind(new IPEndPoint(privateA, 5000));
        var neighbour = network.AddHostBehind(nat, privateB).Bind(new IPEndPoint(privateB, 5000));
        var outside = network.AddHost(AddressB).Bind(new IPEndPoint(AddressB, 1));
        var atInside = new RecordingHandler();
        inside.Start(atInside);

        outside.SendTo([1], inside.LocalEndPoint);
        neighbour.SendTo([2], inside.LocalEndPoint);
        network.RunUntilIdle();

        var only = Assert.Single(atInside.Snapshot());
        Assert.Equal(2, only.Payload[0]);
        Assert.Equal(neighbour.LocalEndPoint, only.Remote); // no translation inside the NAT
        Assert.Equal(1, network.DroppedUnroutable);
    }

    [Fact]
    public void Hairpinning_to_the_own_public_address_arrives_translated()
    {
        using var network = new VirtualNetwork(13);
        var nat = network.AddNat(IPAddress.Parse("203.0.113.1"), NatFiltering.EndpointIndependent);
        var privateA = IPAddress.Parse("192.168.1.10");
        var privateB = IPAddress.Parse("192.168.1.11");
        var server = network.AddHost(AddressB).Bind(new IPEndPoint(AddressB, 1));
        var a = network.AddHostBehind(nat, privateA).Bind(new IPEndPoint(privateA, 5000));
        var b = network.AddHostBehind(nat, privateB).Bind(new IPEndPoint(privateB, 5000));
        var atA = new RecordingHandler();
        a.Start(atA);

        a.SendTo([0], server.LocalEndPoint); // creates a's mapping
        b.SendTo([1], nat.GetMapping(a.LocalEndPoint)!);
        network.RunUntilIdle();

        var hairpinned = Assert.Single(atA.Snapshot());
        Assert.Equal(nat.GetMapping(b.LocalEndPoint), hairpinned.Remote);
    }

    [Fact]
    public void A_wildcard_binding_receives_on_every_host_address_and_sends_from_a_matching_one()
    {
        using var network = new VirtualNetwork(14);
        var second = IPAddress.Parse("10.0.1.1");
        var host = network.AddHost(AddressA, second);
        var socket = host.Bind(new IPEndPoint(IPAddress.Any, 4000));
        var peer = network.AddHost(AddressB).Bind(new IPEndPoint(AddressB, 0));
        var atSocket = new RecordingHandler();
        var atPeer = new RecordingHandler();
        socket.Start(atSocket);
        peer.Start(atPeer);

        peer.SendTo([1], new IPEndPoint(AddressA, 4000));
        peer.SendTo([2], new IPEndPoint(second, 4000));
        socket.SendTo([3], peer.LocalEndPoint);
        network.RunUntilIdle();

        Assert.Equal(2, atSocket.Count);
        Assert.Equal(new IPEndPoint(AddressA, 4000), Assert.Single(atPeer.Snapshot()).Remote);
        Assert.Throws<SocketException>(() => host.Bind(new IPEndPoint(second, 4000)));
    }

    [Fact]
    public void Port_zero_picks_free_ports_in_order_and_bad_binds_throw()
    {
        using var network = new VirtualNetwork(15);
        var host = network.AddHost(AddressA);

        var first = host.Bind(new IPEndPoint(AddressA, 0));
        var second = host.Bind(new IPEndPoint(AddressA, 0));

        Assert.Equal(49152, first.LocalEndPoint.Port);
        Assert.Equal(49153, second.LocalEndPoint.Port);
        Assert.Equal(SocketError.AddressAlreadyInUse, Assert.Throws<SocketException>(() => host.Bind(new IPEndPoint(AddressA, 49152))).SocketErrorCode);
        Assert.Equal(SocketError.AddressNotAvailable, Assert.Throws<SocketException>(() => host.Bind(new IPEndPoint(AddressB, 1))).SocketErrorCode);
        first.Dispose();
        host.Bind(new IPEndPoint(AddressA, 49152)).Dispose();
        Assert.Equal([AddressA], host.GetLocalAddresses(false));
        Assert.Contains(IPAddress.Loopback, host.GetLocalAddresses(true));
        Assert.Same(network.Clock, host.Time);
    }

    [Fact]
    public void Executor_turns_run_on_the_pump_in_post_order_interleaved_with_deliveries()
    {
        using var network = new VirtualNetwork(16);
        var executor = network.CreateExecutor();
        var (a, b, received) = Pair(network);
        var log = new List<string>();
        received.OnReceived = (payload, _) => log.Add("datagram " + payload[0]);
        var pump = Thread.CurrentThread;

        executor.Post(() => log.Add("turn 1"));
        a.SendTo([9], b.LocalEndPoint);
        executor.Post(() => log.Add(Thread.CurrentThread == pump && executor.IsCurrent ? "turn 2 on pump" : "turn 2 elsewhere"));
        Assert.Empty(log);
        network.RunUntilIdle();

        // Both turns were queued before the executor's pump turn started, so they run as one batch.
        Assert.Equal(["turn 1", "turn 2 on pump", "datagram 9"], log);

        a.SendTo([10], b.LocalEndPoint);
        executor.Post(() => log.Add("turn 3"));
        network.RunUntilIdle();
        Assert.Equal(["turn 1", "turn 2 on pump", "datagram 9", "datagram 10", "turn 3"], log);
    }

    [Fact]
    public void Run_until_advances_virtual_time_only_when_nothing_is_runnable_and_stops_at_the_limit()
    {
        using var network = new VirtualNetwork(17);
        var fired = new List<TimeSpan>();
        using var timer = network.Clock.CreateTimer(_ => fired.Add(network.Clock.Elapsed), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        Assert.True(network.RunUntil(() => fired.Count == 3, TimeSpan.FromMinutes(1)));
        Assert.Equal(TimeSpan.FromSeconds(3), network.Clock.Elapsed);

        Assert.False(network.RunUntil(() => false, TimeSpan.FromSeconds(2.5)));
        Assert.Equal(TimeSpan.FromSeconds(5.5), network.Clock.Elapsed);
        Assert.Equal(5, fired.Count);
    }

    [Fact]
    public void Handler_exceptions_on_the_pump_are_counted_and_the_pump_carries_on()
    {
        using var network = new VirtualNetwork(18);
        var a = network.AddHost(AddressA).Bind(new IPEndPoint(AddressA, 0));
        var b = network.AddHost(AddressB).Bind(new IPEndPoint(AddressB, 0));
        var received = new RecordingHandler();
        var calls = 0;
        received.OnReceived = (_, _) =>
        {
            if (++calls == 1)
            {
                throw new InvalidOperationException("bug in a handler");
            }
        };
        b.Start(received);

        a.SendTo([1], b.LocalEndPoint);
        a.SendTo([2], b.LocalEndPoint);
        network.RunUntilIdle();

        Assert.Equal(2, received.Count);
        Assert.Equal(1, network.HandlerErrors);
    }

    [Fact]
    public void Datagrams_to_unbound_ports_and_unknown_addresses_are_dropped_and_counted()
    {
        using var network = new VirtualNetwork(19);
        var a = network.AddHost(AddressA).Bind(new IPEndPoint(AddressA, 0));
        network.AddHost(AddressB);

        Assert.True(a.SendTo([1], new IPEndPoint(AddressB, 1234)));
        Assert.True(a.SendTo([1], new IPEndPoint(IPAddress.Parse("198.51.100.7"), 1)));
        network.RunUntilIdle();

        Assert.Equal(1, network.DroppedNoListener);
        Assert.Equal(1, network.DroppedUnroutable);
        Assert.False(a.SendTo([1], new IPEndPoint(IPAddress.IPv6Loopback, 1))); // wrong family
    }

    [Fact]
    public void Real_time_mode_delivers_with_real_delays_and_fires_timers_from_a_background_pump()
    {
        using var network = new VirtualNetwork(20);
        network.SetConditions(new LinkConditions { Delay = TimeSpan.FromMilliseconds(20) });
        var (a, b, received) = Pair(network);
        var timerFired = new ManualResetEventSlim();
        using var timer = network.Clock.CreateTimer(_ => timerFired.Set(), null, TimeSpan.FromMilliseconds(30), Timeout.InfiniteTimeSpan);

        network.StartRealtime();
        Assert.Throws<InvalidOperationException>(() => network.RunFor(TimeSpan.FromSeconds(1)));
        var sentAt = network.Clock.Elapsed;
        a.SendTo([1], b.LocalEndPoint);

        Assert.True(received.WaitForCount(1, TimeSpan.FromSeconds(20)));
        Assert.True(timerFired.Wait(TimeSpan.FromSeconds(20)));
        Assert.True(network.Clock.Elapsed - sentAt >= TimeSpan.FromMilliseconds(20));
        network.Dispose();
        Assert.False(network.IsRealtime);
        Assert.False(a.SendTo([1], b.LocalEndPoint));
    }

    [Fact]
    public void Real_time_mode_carries_traffic_from_other_threads_over_a_lossy_link()
    {
        using var network = new VirtualNetwork(24);
        network.SetConditions(new LinkConditions { LossRate = 0.2, Delay = TimeSpan.FromMilliseconds(1), Jitter = TimeSpan.FromMilliseconds(2) });
        var (a, b, received) = Pair(network);
        network.StartRealtime();

        var senders = new Thread[2];
        for (var t = 0; t < senders.Length; t++)
        {
            var offset = t * 1000;
            senders[t] = new Thread(() =>
            {
                for (var i = 0; i < 500; i++)
                {
                    a.SendTo(Numbered(offset + i), b.LocalEndPoint);
                }
            });
            senders[t].Start();
        }
        foreach (var sender in senders)
        {
            sender.Join();
        }

        Assert.True(SpinWait.SpinUntil(() => network.DatagramsDelivered + network.DroppedByLoss == 1000, TimeSpan.FromSeconds(20)));
        Assert.Equal(network.DatagramsDelivered, received.Count);
        Assert.InRange(network.DroppedByLoss, 100, 300);
    }

    private static (VirtualDatagramSocket A, VirtualDatagramSocket B, RecordingHandler AtB) Pair(VirtualNetwork network)
    {
        var a = network.AddHost(AddressA).Bind(new IPEndPoint(AddressA, 0));
        var b = network.AddHost(AddressB).Bind(new IPEndPoint(AddressB, 0));
        var received = new RecordingHandler(network.Clock);
        b.Start(received);
        return (a, b, received);
    }
}
