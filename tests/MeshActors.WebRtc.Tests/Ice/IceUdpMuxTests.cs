using System.Net;
using System.Text;
using MeshActors.WebRtc.Ice;
using MeshActors.WebRtc.Net;
using MeshActors.WebRtc.Stun;

namespace MeshActors.WebRtc.Tests.Ice;

public class IceUdpMuxTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private static readonly IPAddress ServerAddress = IPAddress.Parse("10.0.0.1");

    private sealed class Fixture : IDisposable
    {
        public Fixture(int clients, int seed = 31)
        {
            Network = new VirtualNetwork(seed);
            ServerHost = Network.AddHost(ServerAddress);
            Mux = IceUdpMux.Bind(ServerHost, new IPEndPoint(ServerAddress, 5000));
            for (var i = 0; i < clients; i++)
            {
                var address = IPAddress.Parse("10.0.1." + (i + 1));
                var client = new IceTransport(Network.AddHost(address),
                    new IceTransportOptions { Role = IceRole.Controlling, Agent = new IceAgentOptions { RandomSeed = i } }, Network.CreateExecutor());
                var server = new IceTransport(ServerHost,
                    new IceTransportOptions { Role = IceRole.Controlled, Mux = Mux, Agent = new IceAgentOptions { RandomSeed = 100 + i } }, Network.CreateExecutor());
                TransportHarness.WireTrickle(client, server);
                client.StartGathering();
                server.StartGathering();
                Clients.Add(client);
                Servers.Add(server);
            }
        }

        public VirtualNetwork Network { get; }
        public VirtualHost ServerHost { get; }
        public IceUdpMux Mux { get; }
        public List<IceTransport> Clients { get; } = [];
        public List<IceTransport> Servers { get; } = [];

        public bool AllCompleted() =>
            Clients.TrueForAll(t => t.State == IceConnectionState.Completed) && Servers.TrueForAll(t => t.State == IceConnectionState.Completed);

        public void AssertEachPairTalksOnlyToItsPeer()
        {
            var serverInboxes = Servers.Select(s => { var box = new Inbox { ExpectedExecutor = s.Executor }; s.SetReceiver(box); return box; }).ToList();
            var clientInboxes = Clients.Select(c => { var box = new Inbox(); c.SetReceiver(box); return box; }).ToList();
            for (var i = 0; i < Clients.Count; i++)
            {
                Assert.True(Clients[i].Send([23, 0xfe, 0xfd, (byte)i]));
                Assert.True(Servers[i].Send([23, 0xfe, 0xfd, (byte)(100 + i)]));
            }
            Assert.True(Network.RunUntil(() => serverInboxes.TrueForAll(b => b.Received.Count == 1) && clientInboxes.TrueForAll(b => b.Received.Count == 1), TimeSpan.FromSeconds(5)));
            for (var i = 0; i < Clients.Count; i++)
            {
                Assert.Equal(i, serverInboxes[i].Received.Single()[3]);
                Assert.Equal(100 + i, clientInboxes[i].Received.Single()[3]);
                Assert.Equal(0, serverInboxes[i].WrongThread);
            }
        }

        public void Dispose()
        {
            foreach (var t in Clients.Concat(Servers))
            {
                t.Dispose();
            }
            Mux.Dispose();
            Network.Dispose();
        }
    }

    [Fact]
    public void Several_agents_share_one_port_and_each_connects_to_its_own_peer()
    {
        using var f = new Fixture(clients: 4);
        Assert.True(f.Network.RunUntil(f.AllCompleted, Limit));
        Assert.Equal(4, f.Mux.AgentCount);
        foreach (var server in f.Servers)
        {
            Assert.Equal(5000, server.SelectedPair!.Local.Port);
        }
        f.AssertEachPairTalksOnlyToItsPeer();
        Assert.Equal(0, f.Mux.DroppedUnknownUsername + f.Mux.DroppedUnknownSource + f.Mux.DroppedMalformed);
    }

    [Fact]
    public void Garbage_aimed_at_the_shared_port_is_dropped_and_counted_without_disturbing_other_agents()
    {
        using var f = new Fixture(clients: 3);
        Assert.True(f.Network.RunUntil(f.AllCompleted, Limit));
        var rogueAddress = IPAddress.Parse("10.0.0.66");
        var rogue = f.Network.AddHost(rogueAddress).Bind(new IPEndPoint(rogueAddress, 0));
        var port = f.Mux.LocalEndPoint;
        var random = new Random(3);
        for (var i = 0; i < 300; i++)
        {
            var junk = new byte[random.Next(1, 100)];
            random.NextBytes(junk);
            rogue.SendTo(junk, port);
        }
        // Well-formed checks: for a ufrag nobody has, and for agent 0's ufrag with a wrong password.
        var victim = f.Servers[0].LocalParameters;
        for (var i = 0; i < 10; i++)
        {
            rogue.SendTo(IceTestMessages.Check(IceParameters.Generate(), IceParameters.Generate(), true, 1), port);
            rogue.SendTo(IceTestMessages.Check(new IceParameters(victim.UsernameFragment, "notthepasswordnotthepassword"), IceParameters.Generate(), true, 1), port);
        }
        // DTLS-looking bytes from the rogue, and a spoof-free copy of an answer from an unknown source.
        rogue.SendTo([23, 0xfe, 0xfd, 0, 0], port);
        f.Network.RunFor(TimeSpan.FromSeconds(1));

        Assert.True(f.Mux.DroppedMalformed + f.Mux.DroppedUnknownSource >= 300);
        Assert.Equal(10, f.Mux.DroppedUnknownUsername);
        Assert.Equal(10, f.Servers[0].IntegrityFailures);
        for (var i = 1; i < f.Servers.Count; i++)
        {
            Assert.Equal(0, f.Servers[i].IntegrityFailures + f.Servers[i].MalformedDropped + f.Servers[i].UnknownUsername);
        }
        f.Network.RunFor(TimeSpan.FromSeconds(30));
        Assert.True(f.AllCompleted());
        f.AssertEachPairTalksOnlyToItsPeer();
    }

    [Fact]
    public void A_closed_agent_leaves_the_mux_and_its_ufrag_is_no_longer_routed()
    {
        using var f = new Fixture(clients: 2);
        Assert.True(f.Network.RunUntil(f.AllCompleted, Limit));
        f.Servers[0].Dispose();
        Assert.True(f.Network.RunUntil(() => f.Mux.AgentCount == 1, TimeSpan.FromSeconds(1)));
        Assert.True(f.Network.RunUntil(() => f.Clients[0].State == IceConnectionState.Failed, Limit));
        Assert.True(f.Mux.DroppedUnknownUsername > 0);
        Assert.Equal(IceConnectionState.Completed, f.Servers[1].State);
        Assert.Equal(IceConnectionState.Completed, f.Clients[1].State);
    }

    [Fact]
    public void The_mux_behind_a_nat_learns_its_server_reflexive_address_once_for_every_agent()
    {
        using var network = new VirtualNetwork(seed: 33);
        var stunHost = network.AddHost(IPAddress.Parse("198.51.100.10"));
        using var stun = StunServer.Start(stunHost, new IPEndPoint(IPAddress.Parse("198.51.100.10"), StunServer.DefaultPort));
        var nat = network.AddNat(IPAddress.Parse("203.0.113.1"), NatFiltering.EndpointIndependent);
        var serverHost = network.AddHostBehind(nat, IPAddress.Parse("192.168.0.10"));
        using var mux = IceUdpMux.Bind(serverHost, new IPEndPoint(IPAddress.Parse("192.168.0.10"), 5000));
        var transports = new List<IceTransport>();
        var srflx = new List<IceCandidate>();
        for (var i = 0; i < 2; i++)
        {
            var t = new IceTransport(serverHost, new IceTransportOptions { Mux = mux, StunServers = [stun.LocalEndPoint] }, network.CreateExecutor());
            t.LocalCandidateGathered += c =>
            {
                if (c.Type == IceCandidateType.ServerReflexive)
                {
                    lock (srflx)
                    {
                        srflx.Add(c);
                    }
                }
            };
            t.StartGathering();
            transports.Add(t);
        }
        Assert.True(network.RunUntil(() => transports.TrueForAll(t => t.GatheringState == IceGatheringState.Complete), Limit));
        Assert.Equal(2, srflx.Count);
        Assert.All(srflx, c => Assert.Equal(nat.PublicAddress, c.IPAddress));
        Assert.Equal(srflx[0].Port, srflx[1].Port);
        Assert.Equal(1, stun.Requests);
        foreach (var t in transports)
        {
            t.Dispose();
        }
    }
}
