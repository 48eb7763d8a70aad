using System.Net;
using MeshActors.WebRtc.Ice;
using MeshActors.WebRtc.Stun;

namespace MeshActors.WebRtc.Tests.Ice;

public class IceAgentRobustnessTests
{
    private static CoreLink ConnectedLink()
    {
        var link = new CoreLink(new IceAgent(IceRole.Controlling, IceParameters.Generate(), new IceAgentOptions { RandomSeed = 1 }),
            new IceAgent(IceRole.Controlled, IceParameters.Generate(), new IceAgentOptions { RandomSeed = 2 }));
        link.Start();
        Assert.True(link.RunUntil(() => link.A.State == IceConnectionState.Completed && link.B.State == IceConnectionState.Completed, TimeSpan.FromSeconds(30)));
        return link;
    }

    [Fact]
    public void Answering_a_check_on_a_valid_pair_allocates_nothing_after_warm_up()
    {
        var link = ConnectedLink();
        var a = link.A;
        // Checks as B would send them (controlled, its tie-breaker), each with its own transaction id.
        var checks = new byte[64][];
        for (var i = 0; i < checks.Length; i++)
        {
            checks[i] = IceTestMessages.Check(a.LocalParameters, link.B.LocalParameters, controlling: false, link.B.TieBreaker, useCandidate: i % 2 == 0);
        }
        var from = link.BHost;
        var now = link.Now;
        long responses = 0;

        void Run(int count)
        {
            for (var i = 0; i < count; i++)
            {
                a.Receive(checks[i % checks.Length], 0, from, now);
                while (a.TryDequeueTransmit(out var t))
                {
                    responses += t.Datagram.Length > 0 ? 1 : 0;
                }
            }
        }

        Run(2000); // warm-up: JIT tiers, pools, the transmit ring
        var before = GC.GetAllocatedBytesForCurrentThread();
        Run(10000);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(12000, responses);
        Assert.Equal(12000 + link.B.RequestsSent, a.RequestsReceived);
        Assert.Equal(0, allocated);
        Assert.Equal(IceConnectionState.Completed, a.State);
    }

    [Fact]
    public void Random_and_mutated_datagrams_never_throw_are_counted_and_leave_the_connection_alone()
    {
        var link = ConnectedLink();
        var a = link.A;
        var random = new Random(42);
        var valid = IceTestMessages.Check(a.LocalParameters, link.B.LocalParameters, controlling: false, link.B.TieBreaker);
        var stranger = new IPEndPoint(IPAddress.Parse("192.0.2.66"), 4444);
        var now = link.Now;
        for (var i = 0; i < 20000; i++)
        {
            byte[] bytes;
            switch (i % 4)
            {
                case 0:
                    bytes = new byte[random.Next(0, 200)];
                    random.NextBytes(bytes);
                    break;
                case 1:
                    bytes = (byte[])valid.Clone();
                    bytes[random.Next(bytes.Length)] ^= (byte)random.Next(1, 256);
                    break;
                case 2:
                    bytes = valid.AsSpan(0, random.Next(valid.Length)).ToArray();
                    break;
                default:
                    // Well-formed STUN header, random attributes.
                    bytes = new byte[20 + 4 * random.Next(0, 30)];
                    random.NextBytes(bytes);
                    bytes[0] = (byte)random.Next(0, 4);
                    System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)(bytes.Length - 20));
                    System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), StunConstants.MagicCookie);
                    break;
            }
            // Mutations of B's check come from B's address: a mutation that only renames FINGERPRINT leaves
            // an authentic check, which from another address would rightly be learned as peer-reflexive.
            a.Receive(bytes, 0, i % 4 is 0 or 3 ? stranger : link.BHost, now);
            if (i % 100 == 0)
            {
                // Well-formed checks with a wrong password, and for another agent's ufrag.
                a.Receive(IceTestMessages.Check(new IceParameters(a.LocalParameters.UsernameFragment, "wrongwrongwrongwrongwrong"), link.B.LocalParameters, false, 1), 0, stranger, now);
                a.Receive(IceTestMessages.Check(IceParameters.Generate(), link.B.LocalParameters, false, 1), 0, stranger, now);
            }
            while (a.TryDequeueTransmit(out _))
            {
            }
        }
        Assert.True(a.MalformedDropped > 1000, $"malformed {a.MalformedDropped}");
        Assert.Equal(200, a.IntegrityFailures);
        Assert.Equal(200, a.UnknownUsername);
        Assert.True(a.NonStunDropped > 0);
        Assert.Equal(link.BHost, a.SelectedPair!.RemoteEndPoint);
        // The stranger sent nothing authenticated: it never became a candidate.
        Assert.DoesNotContain(a.RemoteCandidates, c => stranger.Equals(c.EndPoint));

        link.RunFor(TimeSpan.FromSeconds(40));
        Assert.Equal(IceConnectionState.Completed, a.State);
        Assert.Equal(IceConnectionState.Completed, link.B.State);
    }

    [Fact]
    public void Dtls_bytes_go_up_only_from_validated_addresses()
    {
        var link = ConnectedLink();
        var record = new byte[] { 22, 0xfe, 0xfd, 0, 0 };
        Assert.Equal(IceReceiveResult.Application, link.A.Receive(record, 0, link.BHost, link.Now));
        Assert.Equal(IceReceiveResult.Dropped, link.A.Receive(record, 0, new IPEndPoint(IPAddress.Parse("10.0.0.3"), 2000), link.Now));
        Assert.Equal(IceReceiveResult.Dropped, link.A.Receive([128, 0, 0], 0, link.BHost, link.Now));
        Assert.Equal(2, link.A.NonStunDropped);
        Assert.True(link.A.TryGetSendPath(out var socket, out var remote));
        Assert.Equal(0, socket);
        Assert.Equal(link.BHost, remote);
    }

    [Fact]
    public void A_check_with_the_wrong_password_is_answered_401_and_learns_nothing()
    {
        var local = IceParameters.Generate();
        var peer = IceParameters.Generate();
        var agent = new IceAgent(IceRole.Controlled, local);
        agent.AddHostCandidate(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 1000), 0);
        var forged = IceTestMessages.Check(new IceParameters(local.UsernameFragment, "wrongwrongwrongwrongwrong"), peer, controlling: true, tieBreaker: 1);
        agent.Receive(forged, 0, new IPEndPoint(IPAddress.Parse("10.0.0.2"), 2000), TimeSpan.Zero);
        Assert.Equal(1, agent.IntegrityFailures);
        Assert.Empty(agent.RemoteCandidates);
        Assert.True(agent.TryDequeueTransmit(out var t));
        Assert.Equal(StunReadStatus.Ok, StunMessage.TryRead(t.Datagram, out var response));
        Assert.True(response.TryGetErrorCode(out var error));
        Assert.Equal(401, error.Code);
    }

    [Fact]
    public void A_check_that_arrives_before_the_answer_is_answered_and_triggers_a_check_once_credentials_arrive()
    {
        var local = IceParameters.Generate();
        var peer = IceParameters.Generate();
        var agent = new IceAgent(IceRole.Controlled, local);
        agent.AddHostCandidate(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 1000), 0);
        var from = new IPEndPoint(IPAddress.Parse("10.0.0.2"), 2000);
        agent.Receive(IceTestMessages.Check(local, peer, controlling: true, tieBreaker: 1), 0, from, TimeSpan.Zero);
        Assert.True(agent.TryDequeueTransmit(out var response));
        Assert.Equal(StunReadStatus.Ok, StunMessage.TryRead(response.Datagram, out var m));
        Assert.Equal(StunClass.SuccessResponse, m.Class);
        Assert.True(m.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(from, mapped);
        Assert.Single(agent.RemoteCandidates);
        Assert.Equal(TimeSpan.MaxValue, agent.NextDeadline);

        agent.SetRemoteParameters(peer, TimeSpan.FromMilliseconds(100));
        Assert.Equal(TimeSpan.Zero, agent.NextDeadline);
        agent.Poll(TimeSpan.FromMilliseconds(100));
        Assert.True(agent.TryDequeueTransmit(out var check));
        Assert.Equal(from, check.Remote);
        Assert.Equal(StunReadStatus.Ok, StunMessage.TryRead(check.Datagram, out var request));
        Assert.Equal(StunClass.Request, request.Class);
        Assert.Equal(peer.UsernameFragment + ":" + local.UsernameFragment, System.Text.Encoding.ASCII.GetString(request.Username));
    }
}

public class IceAgentCandidateTests
{
    [Theory]
    [InlineData("candidate:1 1 tcp 2105524479 10.0.0.2 9 typ host tcptype active")]
    [InlineData("candidate:1 2 udp 2130706430 10.0.0.2 5000 typ host")]
    [InlineData("candidate:1 1 udp 2130706431 0.0.0.0 5000 typ host")]
    [InlineData("candidate:1 1 udp 2130706431 224.0.0.251 5353 typ host")]
    [InlineData("candidate:1 1 udp 2130706431 ff02::fb 5353 typ host")]
    [InlineData("candidate:1 1 udp 2130706431 10.0.0.2 0 typ host")]
    [InlineData("candidate:1 1 udp 2130706431 6d3c0f.local 5000 typ host")]
    public void Candidates_that_cannot_be_checked_are_ignored_and_counted(string line)
    {
        var agent = new IceAgent(IceRole.Controlling, IceParameters.Generate());
        agent.AddHostCandidate(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 1000), 0);
        Assert.False(agent.AddRemoteCandidate(IceCandidate.Parse(line), TimeSpan.Zero));
        Assert.Empty(agent.CandidatePairs);
        Assert.Equal(1, agent.RemoteCandidatesIgnored);
    }

    [Fact]
    public void Pairs_join_candidates_of_one_family_and_loopback_only_with_loopback()
    {
        var agent = new IceAgent(IceRole.Controlling, IceParameters.Generate());
        agent.AddHostCandidate(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 1000), 0);
        agent.AddHostCandidate(new IPEndPoint(IPAddress.Parse("2001:db8::1"), 1000), 1);
        agent.AddHostCandidate(new IPEndPoint(IPAddress.Loopback, 1000), 2);
        agent.AddRemoteCandidate(IceCandidate.Parse("candidate:1 1 udp 2130706431 10.0.0.2 5000 typ host"), TimeSpan.Zero);
        agent.AddRemoteCandidate(IceCandidate.Parse("candidate:2 1 udp 2130706431 2001:db8::2 5000 typ host"), TimeSpan.Zero);
        agent.AddRemoteCandidate(IceCandidate.Parse("candidate:3 1 udp 2130706431 127.0.0.1 5000 typ host"), TimeSpan.Zero);

        Assert.Equal(3, agent.CandidatePairs.Count);
        Assert.Contains(agent.CandidatePairs, p => p.LocalSocket == 0 && p.RemoteEndPoint.Address.Equals(IPAddress.Parse("10.0.0.2")));
        Assert.Contains(agent.CandidatePairs, p => p.LocalSocket == 1 && p.RemoteEndPoint.Address.Equals(IPAddress.Parse("2001:db8::2")));
        Assert.Contains(agent.CandidatePairs, p => p.LocalSocket == 2 && p.RemoteEndPoint.Address.Equals(IPAddress.Loopback));
        // Highest priority first.
        Assert.True(agent.CandidatePairs[0].Priority >= agent.CandidatePairs[1].Priority);
    }

    [Fact]
    public void A_signalled_candidate_arriving_after_a_check_from_its_address_turns_the_peer_reflexive_one_into_it()
    {
        var local = IceParameters.Generate();
        var peer = IceParameters.Generate();
        var agent = new IceAgent(IceRole.Controlled, local);
        agent.AddHostCandidate(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 1000), 0);
        agent.SetRemoteParameters(peer, TimeSpan.Zero);
        agent.Receive(IceTestMessages.Check(local, peer, controlling: true, tieBreaker: 1), 0, new IPEndPoint(IPAddress.Parse("10.0.0.2"), 2000), TimeSpan.Zero);
        Assert.Equal(IceCandidateType.PeerReflexive, Assert.Single(agent.RemoteCandidates).Type);

        Assert.True(agent.AddRemoteCandidate(IceCandidate.Parse("candidate:7 1 udp 2130706431 10.0.0.2 2000 typ host"), TimeSpan.Zero));
        var remote = Assert.Single(agent.RemoteCandidates);
        Assert.Equal(IceCandidateType.Host, remote.Type);
        Assert.Equal(IceCandidateType.Host, Assert.Single(agent.CandidatePairs).Remote.Type);
    }

    [Fact]
    public void Server_reflexive_gathering_adds_the_mapped_address_with_the_host_as_related_address()
    {
        var agent = new IceAgent(IceRole.Controlling, IceParameters.Generate());
        var gathered = new List<IceCandidate>();
        var states = new List<IceGatheringState>();
        agent.LocalCandidateGathered += gathered.Add;
        agent.GatheringStateChanged += states.Add;
        var host = new IPEndPoint(IPAddress.Parse("192.168.1.2"), 1000);
        var server = new IPEndPoint(IPAddress.Parse("198.51.100.1"), 3478);
        agent.AddHostCandidate(host, 0);
        agent.GatherServerReflexive(0, server, TimeSpan.Zero);
        agent.EndLocalCandidates(TimeSpan.Zero);
        Assert.True(agent.TryDequeueTransmit(out var request));
        Assert.Equal(server, request.Remote);
        Assert.Equal(StunReadStatus.Ok, StunMessage.TryRead(request.Datagram, out var m));

        var buffer = new byte[100];
        var w = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.SuccessResponse, m.TransactionId);
        w.AddXorMappedAddress(new IPEndPoint(IPAddress.Parse("203.0.113.9"), 40000));
        w.AddFingerprint();
        agent.Receive(w.Written, 0, server, TimeSpan.FromMilliseconds(30));

        Assert.Equal(2, gathered.Count);
        var srflx = gathered[1];
        Assert.Equal(IceCandidateType.ServerReflexive, srflx.Type);
        Assert.Equal("203.0.113.9", srflx.Address);
        Assert.Equal("192.168.1.2", srflx.RelatedAddress);
        Assert.Equal(1000, srflx.RelatedPort);
        Assert.Equal(IceCandidate.ComputePriority(IceCandidateType.ServerReflexive, 65535, 1), srflx.Priority);
        Assert.Equal([IceGatheringState.Gathering, IceGatheringState.Complete], states);
    }

    [Fact]
    public void Gathering_completes_when_the_stun_server_never_answers()
    {
        var agent = new IceAgent(IceRole.Controlling, IceParameters.Generate());
        agent.AddHostCandidate(new IPEndPoint(IPAddress.Parse("192.168.1.2"), 1000), 0);
        agent.GatherServerReflexive(0, new IPEndPoint(IPAddress.Parse("198.51.100.1"), 3478), TimeSpan.Zero);
        agent.EndLocalCandidates(TimeSpan.Zero);
        var sent = 0;
        while (agent.GatheringState != IceGatheringState.Complete && agent.NextDeadline != TimeSpan.MaxValue)
        {
            agent.Poll(agent.NextDeadline);
            while (agent.TryDequeueTransmit(out _))
            {
                sent++;
            }
        }
        Assert.Equal(IceGatheringState.Complete, agent.GatheringState);
        Assert.Equal(IceAgentOptions.Default.MaxGatherAttempts, sent);
    }
}
