using System.Net;
using MeshActors.WebRtc.Net;

namespace MeshActors.WebRtc.Tests.Net;

public sealed class SocketDatagramTransportTests
{
    private static readonly IPAddress AddressA = IPAddress.Parse("10.0.0.1");
    private static readonly IPAddress AddressB = IPAddress.Parse("10.0.0.2");
    private static readonly IPAddress AddressC = IPAddress.Parse("10.0.0.3");

    [Fact]
    public void Two_transports_over_the_virtual_network_exchange_datagrams_on_their_executors()
    {
        using var network = new VirtualNetwork(1);
        var socketA = network.AddHost(AddressA).Bind(new IPEndPoint(AddressA, 0));
        var socketB = network.AddHost(AddressB).Bind(new IPEndPoint(AddressB, 0));
        var executorA = network.CreateExecutor();
        var executorB = network.CreateExecutor();
        using var a = new SocketDatagramTransport(socketA, socketB.LocalEndPoint, executorA);
        using var b = new SocketDatagramTransport(socketB, socketA.LocalEndPoint, executorB);
        var atA = new Receiver(executorA);
        var atB = new Receiver(executorB);
        a.SetReceiver(atA);
        b.SetReceiver(atB);
        // B echoes every datagram back, from its executor.
        atB.OnReceived = payload => b.Send(payload);

        executorA.Post(() =>
        {
            for (var i = 0; i < 10; i++)
            {
                a.Send([(byte)i, 1, 2]);
            }
        });
        network.RunUntilIdle();

        Assert.Equal(10, atB.Received.Count);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (byte)i), atA.Received.Select(p => p[0]));
        Assert.True(atA.AlwaysOnExecutor && atB.AlwaysOnExecutor);
        Assert.Equal(10, a.DatagramsSent);
        Assert.Equal(10, a.DatagramsReceived);
    }

    [Fact]
    public void Datagrams_from_other_sources_are_dropped_and_counted()
    {
        using var network = new VirtualNetwork(2);
        var socketA = network.AddHost(AddressA).Bind(new IPEndPoint(AddressA, 0));
        var socketB = network.AddHost(AddressB).Bind(new IPEndPoint(AddressB, 0));
        var stranger = network.AddHost(AddressC).Bind(new IPEndPoint(AddressC, 0));
        var executor = network.CreateExecutor();
        using var a = new SocketDatagramTransport(socketA, socketB.LocalEndPoint, executor);
        var received = new Receiver(executor);
        a.SetReceiver(received);

        stranger.SendTo([1], socketA.LocalEndPoint);
        socketB.SendTo([2], socketA.LocalEndPoint);
        network.RunUntilIdle();

        Assert.Equal([2], Assert.Single(received.Received));
        Assert.Equal(1, a.DroppedForeign);
    }

    [Fact]
    public void Datagrams_larger_than_the_maximum_are_refused_and_counted()
    {
        using var network = new VirtualNetwork(3);
        var socketA = network.AddHost(AddressA).Bind(new IPEndPoint(AddressA, 0));
        using var a = new SocketDatagramTransport(socketA, new IPEndPoint(AddressB, 1), network.CreateExecutor(), maxDatagramSize: 500);

        Assert.Equal(500, a.MaxDatagramSize);
        Assert.True(a.Send(new byte[500]));
        Assert.False(a.Send(new byte[501]));
        Assert.Equal(1, a.SendsRejected);
        Assert.Equal(SocketDatagramTransport.DefaultMaxDatagramSize, new SocketDatagramTransport(network.AddHost(AddressC).Bind(new IPEndPoint(AddressC, 0)), socketA.LocalEndPoint, network.CreateExecutor()).MaxDatagramSize);
    }

    [Fact]
    public void A_busy_executor_gets_datagrams_posted_in_order_instead_of_inline()
    {
        using var network = new VirtualNetwork(4);
        var socketA = network.AddHost(AddressA).Bind(new IPEndPoint(AddressA, 0));
        var socketB = network.AddHost(AddressB).Bind(new IPEndPoint(AddressB, 0));
        var executor = network.CreateExecutor();
        using var a = new SocketDatagramTransport(socketA, socketB.LocalEndPoint, executor);
        var received = new Receiver(executor);
        a.SetReceiver(received);

        // A queued turn keeps the executor busy when the datagrams arrive, forcing the posted path.
        var log = new List<string>();
        received.OnReceived = payload => log.Add("datagram " + payload[0]);
        socketB.SendTo([1], socketA.LocalEndPoint);
        socketB.SendTo([2], socketA.LocalEndPoint);
        executor.Post(() => log.Add("turn"));
        network.RunUntilIdle();

        Assert.Equal(["turn", "datagram 1", "datagram 2"], log);
        Assert.True(received.AlwaysOnExecutor);
    }

    [Fact]
    public void Two_transports_over_real_udp_exchange_datagrams_on_thread_pool_executors()
    {
        var socketA = UdpNetwork.Instance.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var socketB = UdpNetwork.Instance.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var executorA = new SerialExecutor();
        var executorB = new SerialExecutor();
        using var a = new SocketDatagramTransport(socketA, socketB.LocalEndPoint, executorA);
        using var b = new SocketDatagramTransport(socketB, socketA.LocalEndPoint, executorB);
        var atA = new Receiver(executorA);
        var atB = new Receiver(executorB);
        a.SetReceiver(atA);
        b.SetReceiver(atB);
        atB.OnReceived = payload => b.Send(payload);
        using var done = new CountdownEvent(100);
        atA.OnReceived = _ => done.Signal();

        // Ping-pong, one datagram in flight at a time so none is lost to buffer pressure.
        for (var i = 0; i < 100; i++)
        {
            var n = (byte)i;
            executorA.Post(() => a.Send([n, 0, 0]));
            Assert.True(SpinWait.SpinUntil(() => done.CurrentCount == 99 - i, TimeSpan.FromSeconds(20)));
        }

        Assert.Equal(Enumerable.Range(0, 100).Select(i => (byte)i), atA.Received.Select(p => p[0]));
        Assert.True(atA.AlwaysOnExecutor && atB.AlwaysOnExecutor);
    }

    /// <summary>Records payloads and whether each arrived on the expected executor.</summary>
    private sealed class Receiver(SerialExecutor executor) : IDatagramReceiver
    {
        public List<byte[]> Received { get; } = new();

        public bool AlwaysOnExecutor { get; private set; } = true;

        public Action<byte[]>? OnReceived { get; set; }

        public void OnDatagram(ReadOnlySpan<byte> datagram)
        {
            AlwaysOnExecutor &= executor.IsCurrent;
            var copy = datagram.ToArray();
            Received.Add(copy);
            OnReceived?.Invoke(copy);
        }
    }
}
