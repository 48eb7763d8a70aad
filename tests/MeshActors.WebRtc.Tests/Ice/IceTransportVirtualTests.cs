using System.Net;
using MeshActors.WebRtc.Ice;
using MeshActors.WebRtc.Net;
using MeshActors.WebRtc.Stun;

namespace MeshActors.WebRtc.Tests.Ice;

public class IceTransportVirtualTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private static readonly IPAddress AddressA = IPAddress.Parse("10.0.0.1");
    private static readonly IPAddress AddressB = IPAddress.Parse("10.0.0.2");

    private static IceTransportOptions Options(IceRole role, int seed) =>
        new() { Role = role, Agent = new IceAgentOptions { RandomSeed = seed } };

    private static byte[] Record(int i) => [23, 0xfe, 0xfd, (byte)i, 1, 2, 3];

    private static void AssertDataFlows(VirtualNetwork network, IceTransport a, IceTransport b)
    {
        var inboxA = new Inbox { ExpectedExecutor = a.Executor };
        var inboxB = new Inbox { ExpectedExecutor = b.Executor };
        a.SetReceiver(inboxA);
        b.SetReceiver(inboxB);
        Assert.True(a.Send(Record(1)));
        Assert.True(b.Send(Record(2)));
        Assert.True(network.RunUntil(() => inboxA.Received.Count == 1 && inboxB.Received.Count == 1, TimeSpan.FromSeconds(5)));
        Assert.Equal(Record(1), inboxB.Received.Single());
        Assert.Equal(Record(2), inboxA.Received.Single());
        Assert.Equal(0, inboxA.WrongThread + inboxB.WrongThread);
    }

    [Theory]
    [InlineData(IceRole.Controlling, IceRole.Controlled)]
    [InlineData(IceRole.Controlled, IceRole.Controlling)]
    public void Two_transports_connect_with_trickled_candidates_and_carry_dtls_bytes(IceRole roleA, IceRole roleB)
    {
        using var network = new VirtualNetwork(seed: 11);
        using var a = new IceTransport(network.AddHost(AddressA), Options(roleA, 1), network.CreateExecutor());
        using var b = new IceTransport(network.AddHost(AddressB), Options(roleB, 2), network.CreateExecutor());
        var statesA = new List<IceConnectionState>();
        a.StateChanged += s =>
        {
            Assert.True(a.Executor.IsCurrent);
            statesA.Add(s);
        };
        TransportHarness.WireTrickle(a, b);
        a.StartGathering();
        b.StartGathering();

        Assert.True(network.RunUntil(() => a.State == IceConnectionState.Completed && b.State == IceConnectionState.Completed, Limit));
        Assert.Equal([IceConnectionState.Checking, IceConnectionState.Connected, IceConnectionState.Completed], statesA);
        Assert.Equal(new IPEndPoint(AddressB, b.SelectedPair!.Local.Port), a.SelectedPair!.RemoteEndPoint);
        AssertDataFlows(network, a, b);
    }

    [Fact]
    public async Task Two_transports_connect_with_all_candidates_given_at_once()
    {
        using var network = new VirtualNetwork(seed: 12);
        using var a = new IceTransport(network.AddHost(AddressA), Options(IceRole.Controlling, 1), network.CreateExecutor());
        using var b = new IceTransport(network.AddHost(AddressB), Options(IceRole.Controlled, 2), network.CreateExecutor());
        var gatherA = a.GatherAsync();
        var gatherB = b.GatherAsync();
        Assert.True(network.RunUntil(() => gatherA.IsCompleted && gatherB.IsCompleted, Limit));
        var candidatesA = await gatherA;
        var candidatesB = await gatherB;
        Assert.Single(candidatesA);
        TransportHarness.Exchange(a, candidatesA, b, candidatesB);
        var connected = a.WaitForConnectedAsync();

        Assert.True(network.RunUntil(() => a.State == IceConnectionState.Completed && b.State == IceConnectionState.Completed, Limit));
        Assert.True(connected.IsCompleted);
        Assert.True(await connected);
        AssertDataFlows(network, a, b);
    }

    [Theory]
    [InlineData(IceRole.Controlling)]
    [InlineData(IceRole.Controlled)]
    public void A_transport_behind_a_nat_is_reached_through_server_reflexive_and_peer_reflexive_candidates(IceRole natRole)
    {
        using var network = new VirtualNetwork(seed: 13);
        var serverHost = network.AddHost(IPAddress.Parse("198.51.100.10"));
        using var stun = StunServer.Start(serverHost, new IPEndPoint(IPAddress.Parse("198.51.100.10"), StunServer.DefaultPort));
        var nat = network.AddNat(IPAddress.Parse("203.0.113.1"));
        var hostA = network.AddHostBehind(nat, IPAddress.Parse("192.168.1.2"));
        var hostB = network.AddHost(AddressB);
        var optionsA = Options(natRole, 1) with { StunServers = [stun.LocalEndPoint] };
        var otherRole = natRole == IceRole.Controlling ? IceRole.Controlled : IceRole.Controlling;
        using var a = new IceTransport(hostA, optionsA, network.CreateExecutor());
        using var b = new IceTransport(hostB, Options(otherRole, 2), network.CreateExecutor());
        var gatheredA = new List<IceCandidate>();
        a.LocalCandidateGathered += gatheredA.Add;
        var learnedByB = new List<IceCandidate>();
        b.RemotePeerReflexiveCandidate += learnedByB.Add;
        TransportHarness.WireTrickle(a, b);
        a.StartGathering();
        b.StartGathering();

        Assert.True(network.RunUntil(() => a.State == IceConnectionState.Completed && b.State == IceConnectionState.Completed, Limit));
        var srflx = Assert.Single(gatheredA, c => c.Type == IceCandidateType.ServerReflexive);
        Assert.Equal(nat.PublicAddress, srflx.IPAddress);
        Assert.Equal("192.168.1.2", srflx.RelatedAddress);
        // B reaches A at its NAT mapping, learned from A's checks (prflx) or its srflx candidate.
        Assert.Equal(nat.PublicAddress, b.SelectedPair!.RemoteEndPoint.Address);
        AssertDataFlows(network, a, b);
    }

    [Fact]
    public void Address_rewriting_without_any_stun_server_is_handled_by_peer_reflexive_discovery()
    {
        using var network = new VirtualNetwork(seed: 14);
        var nat = network.AddNat(IPAddress.Parse("203.0.113.1"));
        using var a = new IceTransport(network.AddHostBehind(nat, IPAddress.Parse("192.168.1.2")), Options(IceRole.Controlling, 1), network.CreateExecutor());
        using var b = new IceTransport(network.AddHost(AddressB), Options(IceRole.Controlled, 2), network.CreateExecutor());
        IceCandidate? learned = null;
        b.RemotePeerReflexiveCandidate += c => learned = c;
        TransportHarness.WireTrickle(a, b);
        a.StartGathering();
        b.StartGathering();

        Assert.True(network.RunUntil(() => a.State == IceConnectionState.Completed && b.State == IceConnectionState.Completed, Limit));
        Assert.NotNull(learned);
        Assert.Equal(IceCandidateType.PeerReflexive, b.SelectedPair!.Remote.Type);
        Assert.Equal(nat.PublicAddress, b.SelectedPair.RemoteEndPoint.Address);
        AssertDataFlows(network, a, b);
    }

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    [InlineData(23)]
    public void Transports_connect_when_30_percent_of_datagrams_are_lost(int seed)
    {
        using var network = new VirtualNetwork(seed);
        network.SetConditions(new LinkConditions { LossRate = 0.3, Delay = TimeSpan.FromMilliseconds(20), Jitter = TimeSpan.FromMilliseconds(5) });
        using var a = new IceTransport(network.AddHost(AddressA), Options(IceRole.Controlling, seed), network.CreateExecutor());
        using var b = new IceTransport(network.AddHost(AddressB), Options(IceRole.Controlled, seed + 1), network.CreateExecutor());
        TransportHarness.WireTrickle(a, b);
        a.StartGathering();
        b.StartGathering();

        Assert.True(network.RunUntil(() => a.State == IceConnectionState.Completed && b.State == IceConnectionState.Completed, Limit));
        Assert.True(network.DroppedByLoss > 0);
        Assert.True(a.SelectedPair!.Nominated && b.SelectedPair!.Nominated);
    }

    [Fact]
    public void A_partition_goes_disconnected_then_failed_in_virtual_time_and_stops_sending()
    {
        using var network = new VirtualNetwork(seed: 15);
        var hostA = network.AddHost(AddressA);
        var hostB = network.AddHost(AddressB);
        using var a = new IceTransport(hostA, Options(IceRole.Controlling, 1), network.CreateExecutor());
        using var b = new IceTransport(hostB, Options(IceRole.Controlled, 2), network.CreateExecutor());
        TransportHarness.WireTrickle(a, b);
        a.StartGathering();
        b.StartGathering();
        Assert.True(network.RunUntil(() => a.State == IceConnectionState.Completed && b.State == IceConnectionState.Completed, Limit));
        network.RunFor(TimeSpan.FromSeconds(30));
        Assert.Equal(IceConnectionState.Completed, a.State);

        var seen = new List<(IceConnectionState State, TimeSpan At)>();
        a.StateChanged += s => seen.Add((s, network.Clock.Elapsed));
        network.Partition(hostA, hostB);
        var cut = network.Clock.Elapsed;
        Assert.True(network.RunUntil(() => a.State == IceConnectionState.Failed, Limit));

        Assert.Equal([IceConnectionState.Disconnected, IceConnectionState.Failed], seen.Select(s => s.State));
        Assert.InRange(seen[0].At - cut, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(7.5));
        Assert.InRange(seen[1].At - cut, TimeSpan.FromSeconds(24), TimeSpan.FromSeconds(30));
        Assert.False(a.Send(Record(1)));
    }

    [Fact]
    public void Consent_that_returns_after_a_healed_partition_brings_both_sides_back()
    {
        using var network = new VirtualNetwork(seed: 16);
        var hostA = network.AddHost(AddressA);
        var hostB = network.AddHost(AddressB);
        using var a = new IceTransport(hostA, Options(IceRole.Controlling, 1), network.CreateExecutor());
        using var b = new IceTransport(hostB, Options(IceRole.Controlled, 2), network.CreateExecutor());
        TransportHarness.WireTrickle(a, b);
        a.StartGathering();
        b.StartGathering();
        Assert.True(network.RunUntil(() => a.State == IceConnectionState.Completed && b.State == IceConnectionState.Completed, Limit));

        network.Partition(hostA, hostB);
        Assert.True(network.RunUntil(() => a.State == IceConnectionState.Disconnected && b.State == IceConnectionState.Disconnected, Limit));
        network.RunFor(TimeSpan.FromSeconds(10));
        network.Heal(hostA, hostB);
        Assert.True(network.RunUntil(() => a.State == IceConnectionState.Completed && b.State == IceConnectionState.Completed, TimeSpan.FromSeconds(10)));
        AssertDataFlows(network, a, b);
        network.RunFor(TimeSpan.FromSeconds(60));
        Assert.Equal(IceConnectionState.Completed, a.State);
    }

    [Fact]
    public void A_peer_that_signals_no_usable_candidate_is_found_through_its_checks()
    {
        // What Chromium does on this machine: its host address hidden behind an mDNS name we cannot resolve.
        using var network = new VirtualNetwork(seed: 17);
        using var a = new IceTransport(network.AddHost(AddressA), Options(IceRole.Controlled, 1), network.CreateExecutor());
        using var b = new IceTransport(network.AddHost(AddressB), Options(IceRole.Controlling, 2), network.CreateExecutor());
        a.SetRemoteParameters(b.LocalParameters);
        b.SetRemoteParameters(a.LocalParameters);
        a.LocalCandidateGathered += c => b.AddRemoteCandidate(c);
        b.LocalCandidateGathered += c => Assert.True(a.AddRemoteCandidate(
            $"candidate:{c.Foundation} 1 udp {c.Priority} 3b1f7a52-9c5e-4d1a-8f0e-2a6b4c9d7e31.local {c.Port} typ host generation 0"));
        a.StartGathering();
        b.StartGathering();

        Assert.True(network.RunUntil(() => TransportHarness.Connected(a) && TransportHarness.Connected(b), Limit));
        Assert.Equal(IceCandidateType.PeerReflexive, a.SelectedPair!.Remote.Type);
        Assert.Equal(1, a.ResolutionFailures);
        AssertDataFlows(network, a, b);
    }

    [Fact]
    public void An_mdns_candidate_is_resolved_through_the_configured_resolver()
    {
        using var network = new VirtualNetwork(seed: 18);
        var resolver = new MapResolver { ["3b1f7a52-9c5e-4d1a-8f0e-2a6b4c9d7e31.local"] = AddressB };
        using var a = new IceTransport(network.AddHost(AddressA), Options(IceRole.Controlling, 1) with { HostNameResolver = resolver }, network.CreateExecutor());
        using var b = new IceTransport(network.AddHost(AddressB), Options(IceRole.Controlled, 2), network.CreateExecutor());
        a.SetRemoteParameters(b.LocalParameters);
        b.SetRemoteParameters(a.LocalParameters);
        // Only B -> A signalling: A must learn B's address from the name, not from B's checks.
        b.LocalCandidateGathered += c => a.AddRemoteCandidate(
            $"candidate:{c.Foundation} 1 udp {c.Priority} 3b1f7a52-9c5e-4d1a-8f0e-2a6b4c9d7e31.local {c.Port} typ host generation 0");
        b.GatheringStateChanged += s =>
        {
            if (s == IceGatheringState.Complete)
            {
                a.AddRemoteEndOfCandidates();
            }
        };
        a.StartGathering();
        b.StartGathering();

        Assert.True(network.RunUntil(() => TransportHarness.Connected(a) && TransportHarness.Connected(b), Limit));
        Assert.Equal(IceCandidateType.Host, a.SelectedPair!.Remote.Type);
        Assert.Equal(AddressB, a.SelectedPair.RemoteEndPoint.Address);
        Assert.Equal(0, a.ResolutionFailures);
    }

    [Fact]
    public void Garbage_from_the_network_is_counted_and_does_not_disturb_the_connection()
    {
        using var network = new VirtualNetwork(seed: 19);
        var hostA = network.AddHost(AddressA);
        using var a = new IceTransport(hostA, Options(IceRole.Controlling, 1), network.CreateExecutor());
        using var b = new IceTransport(network.AddHost(AddressB), Options(IceRole.Controlled, 2), network.CreateExecutor());
        TransportHarness.WireTrickle(a, b);
        a.StartGathering();
        b.StartGathering();
        Assert.True(network.RunUntil(() => a.State == IceConnectionState.Completed && b.State == IceConnectionState.Completed, Limit));
        var inbox = new Inbox();
        a.SetReceiver(inbox);

        var rogue = network.AddHost(IPAddress.Parse("10.0.0.66")).Bind(new IPEndPoint(IPAddress.Parse("10.0.0.66"), 0));
        var target = new IPEndPoint(AddressA, a.SelectedPair!.Local.Port);
        var random = new Random(5);
        for (var i = 0; i < 500; i++)
        {
            var junk = new byte[random.Next(1, 120)];
            random.NextBytes(junk);
            junk[0] = (byte)(i % 3 == 0 ? random.Next(0, 4) : random.Next(0, 256));
            rogue.SendTo(junk, target);
        }
        var stunLooking = new byte[28];
        stunLooking[3] = 8;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(stunLooking.AsSpan(4), StunConstants.MagicCookie);
        rogue.SendTo(stunLooking, target);
        network.RunFor(TimeSpan.FromSeconds(1));

        Assert.True(a.MalformedDropped > 0);
        Assert.Empty(inbox.Received);
        Assert.Equal(0, network.HandlerErrors);
        Assert.Equal(0, a.HandlerErrors);
        network.RunFor(TimeSpan.FromSeconds(30));
        Assert.Equal(IceConnectionState.Completed, a.State);
        AssertDataFlows(network, a, b);
    }

    private sealed class MapResolver : Dictionary<string, IPAddress>, IHostNameResolver
    {
        public Task<IPAddress?> ResolveAsync(string hostName, CancellationToken cancellationToken) =>
            Task.FromResult(TryGetValue(hostName, out var address) ? address : null);
    }
}

public class IceTransportGatheringTests
{
    [Fact]
    public void Sockets_bind_inside_the_configured_port_range()
    {
        using var network = new VirtualNetwork(seed: 41);
        var host = network.AddHost(IPAddress.Parse("10.0.0.1"), IPAddress.Parse("10.0.0.11"));
        host.Bind(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 40000)); // taken: the transport must skip it
        var options = new IceTransportOptions { MinPort = 40000, MaxPort = 40001 };
        using var a = new IceTransport(host, options, network.CreateExecutor());
        var gathered = a.GatherAsync();
        Assert.True(network.RunUntil(() => gathered.IsCompleted, TimeSpan.FromSeconds(5)));
        Assert.True(gathered.IsCompletedSuccessfully);
        var ports = a.Agent.LocalCandidates.Select(c => (c.Address, c.Port)).ToList();
        Assert.Equal([("10.0.0.1", 40001), ("10.0.0.11", 40000)], ports);
    }

    [Fact]
    public void Dual_stack_hosts_gather_both_families_and_connect()
    {
        using var network = new VirtualNetwork(seed: 42);
        var hostA = network.AddHost(IPAddress.Parse("10.0.0.1"), IPAddress.Parse("2001:db8::1"));
        var hostB = network.AddHost(IPAddress.Parse("10.0.0.2"), IPAddress.Parse("2001:db8::2"));
        using var a = new IceTransport(hostA, new IceTransportOptions { Role = IceRole.Controlling }, network.CreateExecutor());
        using var b = new IceTransport(hostB, new IceTransportOptions { Role = IceRole.Controlled }, network.CreateExecutor());
        var families = new List<System.Net.Sockets.AddressFamily>();
        a.LocalCandidateGathered += c => families.Add(c.IPAddress!.AddressFamily);
        TransportHarness.WireTrickle(a, b);
        a.StartGathering();
        b.StartGathering();
        Assert.True(network.RunUntil(() => a.State == IceConnectionState.Completed && b.State == IceConnectionState.Completed, TimeSpan.FromSeconds(60)));
        Assert.Equal(2, families.Distinct().Count());
        Assert.Equal(2, a.Agent.CandidatePairs.Count);
    }

    [Fact]
    public void IPv6_can_be_turned_off()
    {
        using var network = new VirtualNetwork(seed: 43);
        var host = network.AddHost(IPAddress.Parse("10.0.0.1"), IPAddress.Parse("2001:db8::1"));
        using var a = new IceTransport(host, new IceTransportOptions { EnableIPv6 = false }, network.CreateExecutor());
        var gathered = a.GatherAsync();
        Assert.True(network.RunUntil(() => gathered.IsCompleted, TimeSpan.FromSeconds(5)));
        Assert.All(a.Agent.LocalCandidates, c => Assert.Equal(System.Net.Sockets.AddressFamily.InterNetwork, c.IPAddress!.AddressFamily));
    }
}

public class IceTransportAllocationTests
{
    [Fact]
    public void The_dtls_path_through_a_connected_transport_allocates_nothing_per_datagram()
    {
        using var network = new VirtualNetwork(seed: 51);
        using var a = new IceTransport(network.AddHost(IPAddress.Parse("10.0.0.1")), new IceTransportOptions { Role = IceRole.Controlling }, network.CreateExecutor());
        using var b = new IceTransport(network.AddHost(IPAddress.Parse("10.0.0.2")), new IceTransportOptions { Role = IceRole.Controlled }, network.CreateExecutor());
        TransportHarness.WireTrickle(a, b);
        a.StartGathering();
        b.StartGathering();
        Assert.True(network.RunUntil(() => a.State == IceConnectionState.Completed && b.State == IceConnectionState.Completed, TimeSpan.FromSeconds(60)));
        var counter = new CountingReceiver();
        b.SetReceiver(counter);
        var record = new byte[1200];
        record[0] = 23;

        void Round()
        {
            for (var i = 0; i < 100; i++)
            {
                Assert.True(a.Send(record));
            }
            network.RunUntilIdle();
        }

        for (var i = 0; i < 20; i++)
        {
            Round();
        }
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 20; i++)
        {
            Round();
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(4000, counter.Count);
        Assert.Equal(0, allocated);
    }

    private sealed class CountingReceiver : IDatagramReceiver
    {
        public int Count;

        public void OnDatagram(ReadOnlySpan<byte> datagram) => Count++;
    }
}

public class IcePublicAddressTests
{
    [Fact]
    public void A_public_address_is_offered_as_a_server_reflexive_candidate_of_each_host_candidate_of_its_family_on_the_same_port()
    {
        using var network = new VirtualNetwork(seed: 44);
        var host = network.AddHost(IPAddress.Parse("10.0.0.1"), IPAddress.Parse("2001:db8::1"));
        var options = new IceTransportOptions { PublicAddresses = [IPAddress.Parse("203.0.113.7")] };
        using var a = new IceTransport(host, options, network.CreateExecutor());
        var gathered = a.GatherAsync();
        Assert.True(network.RunUntil(() => gathered.IsCompleted, TimeSpan.FromSeconds(5)));

        var hostV4 = Assert.Single(a.Agent.LocalCandidates, c => c.Type == IceCandidateType.Host && c.Address == "10.0.0.1");
        var mapped = Assert.Single(a.Agent.LocalCandidates, c => c.Type == IceCandidateType.ServerReflexive);
        Assert.Equal(("203.0.113.7", hostV4.Port), (mapped.Address, mapped.Port));
        Assert.Equal(("10.0.0.1", hostV4.Port), (mapped.RelatedAddress, mapped.RelatedPort));
        Assert.True(mapped.Priority < hostV4.Priority);
    }

    [Fact]
    public void In_single_port_mode_the_public_address_carries_the_muxs_port()
    {
        using var network = new VirtualNetwork(seed: 45);
        var host = network.AddHost(IPAddress.Parse("10.0.0.1"));
        using var mux = IceUdpMux.Bind(host, new IPEndPoint(IPAddress.Parse("10.0.0.1"), 3479));
        var options = new IceTransportOptions { Mux = mux, PublicAddresses = [IPAddress.Parse("203.0.113.7")] };
        using var a = new IceTransport(host, options, network.CreateExecutor());
        var gathered = a.GatherAsync();
        Assert.True(network.RunUntil(() => gathered.IsCompleted, TimeSpan.FromSeconds(5)));

        Assert.Contains(a.Agent.LocalCandidates, c => c.Type == IceCandidateType.ServerReflexive && c.Address == "203.0.113.7" && c.Port == 3479);
    }
}
