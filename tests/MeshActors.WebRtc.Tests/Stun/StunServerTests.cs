using System.Net;
using MeshActors.WebRtc.Net;
using MeshActors.WebRtc.Stun;

namespace MeshActors.WebRtc.Tests.Stun;

public class StunServerTests
{
    private sealed class Collector : IDatagramSocketHandler
    {
        public List<byte[]> Received { get; } = [];

        public void OnDatagram(ReadOnlySpan<byte> datagram, IPEndPoint remote)
        {
            lock (Received)
            {
                Received.Add(datagram.ToArray());
            }
        }
    }

    private static byte[] BindingRequest(TransactionId id, Action<StunMessageWriterBox>? extra = null)
    {
        var buffer = new byte[256];
        var w = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, id);
        if (extra is not null)
        {
            var box = new StunMessageWriterBox();
            extra(box);
            foreach (var (type, value) in box.Raw)
            {
                w.AddRaw(type, value);
            }
        }
        w.AddFingerprint();
        return w.Written.ToArray();
    }

    private sealed class StunMessageWriterBox
    {
        public List<(ushort, byte[])> Raw { get; } = [];
    }

    [Fact]
    public async Task Answers_a_binding_request_over_real_udp_with_the_source_address()
    {
        using var server = StunServer.Start(UdpNetwork.Instance, new IPEndPoint(IPAddress.Loopback, 0));
        using var client = UdpNetwork.Instance.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var collector = new Collector();
        client.Start(collector);
        var id = TransactionId.NewRandom();
        client.SendTo(BindingRequest(id), server.LocalEndPoint);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (collector.Received.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
        var response = Assert.Single(collector.Received);
        Assert.Equal(StunReadStatus.Ok, StunMessage.TryRead(response, out var m));
        Assert.Equal(StunClass.SuccessResponse, m.Class);
        Assert.Equal(id, m.TransactionId);
        Assert.True(m.HasFingerprint);
        Assert.True(m.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(client.LocalEndPoint, mapped);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public void Behind_a_nat_the_server_reports_the_public_mapping()
    {
        using var network = new VirtualNetwork(seed: 7);
        var serverHost = network.AddHost(IPAddress.Parse("203.0.113.10"));
        var nat = network.AddNat(IPAddress.Parse("198.51.100.1"));
        var clientHost = network.AddHostBehind(nat, IPAddress.Parse("192.168.1.20"));
        using var server = StunServer.Start(serverHost, new IPEndPoint(IPAddress.Parse("203.0.113.10"), StunServer.DefaultPort));
        using var client = clientHost.Bind(new IPEndPoint(IPAddress.Parse("192.168.1.20"), 0));
        var collector = new Collector();
        client.Start(collector);

        client.SendTo(BindingRequest(TransactionId.NewRandom()), server.LocalEndPoint);
        Assert.True(network.RunUntil(() => collector.Received.Count == 1, TimeSpan.FromSeconds(5)));

        Assert.Equal(StunReadStatus.Ok, StunMessage.TryRead(collector.Received[0], out var m));
        Assert.True(m.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(IPAddress.Parse("198.51.100.1"), mapped!.Address);
        Assert.NotEqual(client.LocalEndPoint, mapped);
    }

    [Fact]
    public void Unknown_required_attributes_get_420_with_their_types_and_garbage_is_counted()
    {
        using var network = new VirtualNetwork(seed: 1);
        var host = network.AddHost(IPAddress.Parse("10.0.0.1"));
        using var server = StunServer.Start(host, new IPEndPoint(IPAddress.Parse("10.0.0.1"), 3478));
        using var client = host.Bind(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 0));
        var collector = new Collector();
        client.Start(collector);

        client.SendTo(new byte[] { 1, 2, 3 }, server.LocalEndPoint);
        client.SendTo(new byte[40], server.LocalEndPoint);
        client.SendTo(BindingRequest(TransactionId.NewRandom(), b => b.Raw.Add((0x0042, [1, 2, 3, 4]))), server.LocalEndPoint);
        Assert.True(network.RunUntil(() => collector.Received.Count == 1, TimeSpan.FromSeconds(5)));

        Assert.Equal(StunReadStatus.Ok, StunMessage.TryRead(collector.Received[0], out var m));
        Assert.Equal(StunClass.ErrorResponse, m.Class);
        Assert.True(m.TryGetErrorCode(out var error));
        Assert.Equal(420, error.Code);
        Assert.True(m.TryGetUnknownAttributes(out var unknown));
        Assert.Equal(new ushort[] { 0x0042 }, unknown.Types);
        Assert.Equal(2, server.Dropped);
    }
}
