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
