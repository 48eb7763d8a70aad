using System.Net;
using MeshActors.WebRtc.Net;

namespace MeshActors.WebRtc.Tests.Net;

/// <summary>
/// The datagram hot paths must allocate nothing per packet in steady state (a design rule, not a
/// speed claim): measured with the per-thread allocation counter on the thread doing the work.
/// </summary>
public sealed class AllocationTests
{
    private const int Warmup = 2_000;
    private const int Measured = 2_000;

    [Fact]
    public void Udp_send_and_receive_allocate_nothing_per_datagram_in_steady_state()
    {
        using var sender = UdpNetwork.Instance.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var receiver = UdpNetwork.Instance.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var handler = new AllocationProbe(Warmup, Warmup + Measured);
        receiver.Start(handler);
        var payload = new byte[1200];
        var destination = new IPEndPoint(IPAddress.Loopback, receiver.LocalEndPoint.Port); // a fresh, equal instance: the cache is keyed by value

        long sendAllocated = 0;
        for (var i = 0; i < Warmup + Measured; i++)
        {
            // A bounded window keeps the kernel buffer from overflowing: every datagram must arrive.
            // (A spin loop, not SpinWait.SpinUntil: its capturing lambda would allocate on this thread.)
            var spin = new SpinWait();
            var waitStart = Environment.TickCount64;
            while (i - handler.Count >= 200)
            {
                Assert.True(Environment.TickCount64 - waitStart < 20_000, "receiver stalled");
                spin.SpinOnce();
            }
            if (i == Warmup)
            {
                sendAllocated = GC.GetAllocatedBytesForCurrentThread();
            }
            sender.SendTo(payload, destination);
        }
        sendAllocated = GC.GetAllocatedBytesForCurrentThread() - sendAllocated;
        Assert.True(handler.Done.Wait(TimeSpan.FromSeconds(20)), "not every datagram arrived");

        Assert.Equal(0, sendAllocated);
        Assert.Equal(0, handler.AllocatedWhileMeasuring);
    }

    [Fact]
    public void Transport_delivery_allocates_nothing_per_datagram_inline_or_posted()
    {
        using var network = new VirtualNetwork(1);
        var socketA = network.AddHost(IPAddress.Parse("10.0.0.1")).Bind(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 0));
        var socketB = network.AddHost(IPAddress.Parse("10.0.0.2")).Bind(new IPEndPoint(IPAddress.Parse("10.0.0.2"), 0));
        var executor = network.CreateExecutor();
        using var transport = new SocketDatagramTransport(socketB, socketA.LocalEndPoint, executor);
        var received = 0;
        transport.SetReceiver(new CountingReceiver(() => received++));
        var payload = new byte[1200];
        var busy = new BusyItem();

        void Round()
        {
            for (var i = 0; i < 100; i++)
            {
                socketA.SendTo(payload, socketB.LocalEndPoint);
            }
            network.RunUntilIdle(); // inline path: the executor is idle
            executor.Post(busy);
            for (var i = 0; i < 100; i++)
            {
                socketA.SendTo(payload, socketB.LocalEndPoint);
            }
            network.RunUntilIdle(); // posted path: the executor's turn is queued ahead of the deliveries
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

        Assert.Equal(40 * 200, received);
        Assert.Equal(0, allocated);
    }

    private sealed class AllocationProbe(int start, int end) : IDatagramSocketHandler
    {
        private long _startBytes;
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public long AllocatedWhileMeasuring { get; private set; } = -1;

        public ManualResetEventSlim Done { get; } = new();

        public void OnDatagram(ReadOnlySpan<byte> datagram, IPEndPoint remote)
        {
            var count = _count + 1;
            if (count == start)
            {
                _startBytes = GC.GetAllocatedBytesForCurrentThread();
            }
            else if (count == end)
            {
                AllocatedWhileMeasuring = GC.GetAllocatedBytesForCurrentThread() - _startBytes;
                Done.Set();
            }
            Volatile.Write(ref _count, count);
        }
    }

    private sealed class CountingReceiver(Action onDatagram) : IDatagramReceiver
    {
        public void OnDatagram(ReadOnlySpan<byte> datagram) => onDatagram();
    }

    private sealed class BusyItem : IWorkItem
    {
        public void Execute()
        {
        }
    }
}
