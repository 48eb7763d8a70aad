using System.Net;
using MeshActors.WebRtc.Ice;
using MeshActors.WebRtc.Net;
using MeshActors.WebRtc.Stun;

namespace MeshActors.WebRtc.Tests.Ice;

/// <summary>The stack over real UDP sockets on 127.0.0.1 (timeouts only guard against hangs).</summary>
public class IceTransportUdpTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    private static IceTransportOptions Loopback(IceRole role) =>
        new() { Role = role, LocalAddresses = [IPAddress.Loopback] };

    private static async Task AssertDataFlows(IceTransport a, IceTransport b)
    {
        var toA = new SignalInbox();
        var toB = new SignalInbox();
        a.SetReceiver(toA);
        b.SetReceiver(toB);
        // A few tries: the path is up, but a datagram on real UDP may still be lost.
        for (var i = 0; i < 20 && !(toA.First.IsCompleted && toB.First.IsCompleted); i++)
        {
            Assert.True(a.Send([23, 0xfe, 0xfd, 1]));
            Assert.True(b.Send([23, 0xfe, 0xfd, 2]));
            await Task.WhenAny(Task.WhenAll(toA.First, toB.First), Task.Delay(TimeSpan.FromMilliseconds(250)));
        }
        Assert.Equal(2, (await toA.First.WaitAsync(Hang))[3]);
        Assert.Equal(1, (await toB.First.WaitAsync(Hang))[3]);
    }

    [Theory]
    [InlineData(IceRole.Controlling, IceRole.Controlled)]
    [InlineData(IceRole.Controlled, IceRole.Controlling)]
    public async Task Two_transports_connect_over_udp_on_loopback_with_trickle(IceRole roleA, IceRole roleB)
    {
        using var a = new IceTransport(UdpNetwork.Instance, Loopback(roleA));
        using var b = new IceTransport(UdpNetwork.Instance, Loopback(roleB));
        TransportHarness.WireTrickle(a, b);
        a.StartGathering();
        b.StartGathering();

        Assert.True(await a.WaitForConnectedAsync().WaitAsync(Hang));
        Assert.True(await b.WaitForConnectedAsync().WaitAsync(Hang));
        Assert.Equal(IPAddress.Loopback, a.SelectedPair!.RemoteEndPoint.Address);
        await AssertDataFlows(a, b);
    }

    [Fact]
    public async Task Two_transports_connect_over_udp_with_all_candidates_and_a_stun_server()
    {
        using var stun = StunServer.Start(UdpNetwork.Instance, new IPEndPoint(IPAddress.Loopback, 0));
        var options = Loopback(IceRole.Controlling) with { StunServers = [stun.LocalEndPoint] };
        using var a = new IceTransport(UdpNetwork.Instance, options);
        using var b = new IceTransport(UdpNetwork.Instance, options with { Role = IceRole.Controlled });
        var candidatesA = await a.GatherAsync().WaitAsync(Hang);
        var candidatesB = await b.GatherAsync().WaitAsync(Hang);
        // No NAT on loopback: the STUN server reports the host address, which adds no candidate.
        Assert.Single(candidatesA);
        Assert.True(stun.Requests >= 2);
        TransportHarness.Exchange(a, candidatesA, b, candidatesB);

        Assert.True(await a.WaitForConnectedAsync().WaitAsync(Hang));
        Assert.True(await b.WaitForConnectedAsync().WaitAsync(Hang));
        await AssertDataFlows(a, b);
    }

    [Fact]
    public async Task Agents_on_a_shared_udp_port_connect_to_their_own_peers()
    {
        using var mux = IceUdpMux.Bind(UdpNetwork.Instance, new IPEndPoint(IPAddress.Loopback, 0));
        var pairs = new List<(IceTransport Client, IceTransport Server)>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var client = new IceTransport(UdpNetwork.Instance, Loopback(IceRole.Controlling));
                var server = new IceTransport(UdpNetwork.Instance, new IceTransportOptions { Role = IceRole.Controlled, Mux = mux });
                TransportHarness.WireTrickle(client, server);
                client.StartGathering();
                server.StartGathering();
                pairs.Add((client, server));
            }
            foreach (var (client, server) in pairs)
            {
                Assert.True(await client.WaitForConnectedAsync().WaitAsync(Hang));
                Assert.True(await server.WaitForConnectedAsync().WaitAsync(Hang));
                Assert.Equal(mux.LocalEndPoint.Port, server.SelectedPair!.Local.Port);
                await AssertDataFlows(client, server);
            }
        }
        finally
        {
            foreach (var (client, server) in pairs)
            {
                client.Dispose();
                server.Dispose();
            }
        }
    }

    private sealed class SignalInbox : IDatagramReceiver
    {
        private readonly TaskCompletionSource<byte[]> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<byte[]> First => _first.Task;

        public void OnDatagram(ReadOnlySpan<byte> datagram) => _first.TrySetResult(datagram.ToArray());
    }
}

/// <summary>The default resolver against a real mDNS responder (multicast on this host).</summary>
public class IceTransportMdnsTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_peer_hiding_its_host_address_behind_an_mdns_name_is_resolved_by_multicast_dns()
    {
        using var responder = new MeshActors.WebRtc.Ice.Mdns.MdnsResponder();
        var name = responder.RegisterRandomName(IPAddress.Loopback);
        var options = new IceTransportOptions { LocalAddresses = [IPAddress.Loopback] };
        using var a = new IceTransport(UdpNetwork.Instance, options with { Role = IceRole.Controlling });
        using var b = new IceTransport(UdpNetwork.Instance, options with { Role = IceRole.Controlled });
        a.SetRemoteParameters(b.LocalParameters);
        b.SetRemoteParameters(a.LocalParameters);
        // Only B's candidates are signalled, as a browser would: name instead of address. B learns A from A's checks.
        b.LocalCandidateGathered += c => a.AddRemoteCandidate($"candidate:{c.Foundation} 1 udp {c.Priority} {name} {c.Port} typ host generation 0");
        b.GatheringStateChanged += s =>
        {
            if (s == IceGatheringState.Complete)
            {
                a.AddRemoteEndOfCandidates();
            }
        };
        a.StartGathering();
        b.StartGathering();

        Assert.True(await a.WaitForConnectedAsync().WaitAsync(Hang));
        Assert.True(await b.WaitForConnectedAsync().WaitAsync(Hang));
        Assert.Equal(0, a.ResolutionFailures);
        Assert.Equal(IceCandidateType.Host, a.SelectedPair!.Remote.Type);
        Assert.Equal(IceCandidateType.PeerReflexive, b.SelectedPair!.Remote.Type);
    }
}
