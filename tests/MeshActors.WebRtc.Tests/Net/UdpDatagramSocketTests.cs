using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using MeshActors.WebRtc.Net;

namespace MeshActors.WebRtc.Tests.Net;

public sealed class UdpDatagramSocketTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);

    private static UdpDatagramSocket BindLoopback() => UdpNetwork.Instance.Bind(new IPEndPoint(IPAddress.Loopback, 0));

    [Fact]
    public void A_datagram_sent_on_loopback_arrives_with_its_bytes_and_the_senders_end_point()
    {
        using var a = BindLoopback();
        using var b = BindLoopback();
        var received = new RecordingHandler();
        b.Start(received);

        Assert.True(a.SendTo([1, 2, 3, 4, 5], b.LocalEndPoint));

        Assert.True(received.WaitForCount(1, Generous));
        var (payload, remote, _) = received.Snapshot()[0];
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, payload);
        Assert.Equal(a.LocalEndPoint, remote);
        Assert.Equal(1, a.DatagramsSent);
        Assert.Equal(5, a.BytesSent);
        Assert.Equal(1, b.DatagramsReceived);
        Assert.Equal(5, b.BytesReceived);
    }

    [Fact]
    public void Bind_with_port_zero_picks_a_port_and_reports_it()
    {
        using var socket = BindLoopback();
        Assert.NotEqual(0, socket.LocalEndPoint.Port);
        Assert.Equal(IPAddress.Loopback, socket.LocalEndPoint.Address);
    }

    [Fact]
    public void Binding_a_port_in_use_throws_a_socket_exception()
    {
        using var first = BindLoopback();
        var error = Assert.Throws<SocketException>(() => UdpNetwork.Instance.Bind(first.LocalEndPoint));
        Assert.Equal(SocketError.AddressAlreadyInUse, error.SocketErrorCode);
    }

    [Fact]
    public void Ten_thousand_1200_byte_datagrams_arrive_complete_and_intact_with_a_bounded_window()
    {
        const int total = 10_000;
        const int window = 500; // keeps far fewer in flight than the kernel buffer holds, so none is lost
        using var sender = BindLoopback();
        using var receiver = BindLoopback();
        var counter = new CountingHandler();
        receiver.Start(counter);
        var payload = new byte[1200];
        for (var i = 0; i < total; i++)
        {
            while (i - counter.Count >= window)
            {
                Assert.True(counter.WaitForMore(i - window, Generous), "receiver stalled");
            }
            BinaryPrimitives.WriteInt32BigEndian(payload, i);
            payload[^1] = (byte)i;
            Assert.True(sender.SendTo(payload, receiver.LocalEndPoint));
        }
        Assert.True(counter.WaitForMore(total - 1, Generous));

        Assert.Equal(total, counter.Count);
        Assert.Equal(0, counter.Corrupt);
        Assert.Equal(1, counter.DistinctRemotes);
        Assert.Equal(total * 1200L, receiver.BytesReceived);
    }

    [Fact]
    public void Dispose_ends_the_receive_thread()
    {
        var socket = BindLoopback();
        socket.Start(new RecordingHandler());
        Assert.True(socket.IsReceiving);

        socket.Dispose();

        Assert.False(socket.IsReceiving);
    }

    [Fact]
    public void Sending_after_dispose_returns_false_and_counts_a_failure()
    {
        using var target = BindLoopback();
        var socket = BindLoopback();
        socket.Dispose();

        Assert.False(socket.SendTo([1], target.LocalEndPoint));
        Assert.Equal(1, socket.SendFailures);
    }

    [Fact]
    public void Start_twice_throws()
    {
        using var socket = BindLoopback();
        socket.Start(new RecordingHandler());
        Assert.Throws<InvalidOperationException>(() => socket.Start(new RecordingHandler()));
    }

    [Fact]
    public void Handler_exceptions_are_counted_and_later_datagrams_still_arrive()
    {
        using var a = BindLoopback();
        using var b = BindLoopback();
        var good = new RecordingHandler();
        b.Start(new ThrowingOnGarbage(good));

        for (var i = 0; i < 10; i++)
        {
            a.SendTo([0xFF, (byte)i], b.LocalEndPoint);
        }
        a.SendTo([0x01], b.LocalEndPoint);

        Assert.True(good.WaitForCount(1, Generous));
        Assert.Equal(10, b.HandlerErrors);
        Assert.Equal(11, b.DatagramsReceived);
        Assert.True(b.IsReceiving);
    }

    [Fact]
    public void Sending_to_a_port_nobody_listens_on_does_not_break_receiving()
    {
        using var a = BindLoopback();
        using var b = BindLoopback();
        var closed = BindLoopback();
        var closedEndPoint = closed.LocalEndPoint;
        closed.Dispose();
        var received = new RecordingHandler();
        a.Start(received);

        for (var i = 0; i < 5; i++)
        {
            a.SendTo([1], closedEndPoint); // may provoke ICMP port unreachable
        }
        b.SendTo([2], a.LocalEndPoint);

        Assert.True(received.WaitForCount(1, Generous));
        Assert.True(a.IsReceiving);
    }

    [Fact]
    public void The_same_source_is_reported_as_the_same_end_point_instance()
    {
        using var a = BindLoopback();
        using var b = BindLoopback();
        var received = new RecordingHandler();
        b.Start(received);

        a.SendTo([1], b.LocalEndPoint);
        a.SendTo([2], b.LocalEndPoint);

        Assert.True(received.WaitForCount(2, Generous));
        var snapshot = received.Snapshot();
        Assert.Same(snapshot[0].Remote, snapshot[1].Remote);
    }

    [Fact]
    public void An_IPv6_socket_refuses_an_IPv4_destination_without_throwing()
    {
        UdpDatagramSocket socket;
        try
        {
            socket = UdpNetwork.Instance.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
        }
        catch (SocketException)
        {
            return; // no IPv6 on this machine: nothing to check
        }
        using (socket)
        {
            Assert.False(socket.SendTo([1], new IPEndPoint(IPAddress.Loopback, 9)));
            Assert.Equal(1, socket.SendFailures);
        }
    }

    [Fact]
    public void Local_addresses_include_loopback_only_when_asked_and_never_IPv6_link_local()
    {
        var with = UdpNetwork.Instance.GetLocalAddresses(includeLoopback: true);
        var without = UdpNetwork.Instance.GetLocalAddresses(includeLoopback: false);

        Assert.Contains(IPAddress.Loopback, with);
        Assert.DoesNotContain(without, IPAddress.IsLoopback);
        Assert.DoesNotContain(with, a => a.IsIPv6LinkLocal);
        Assert.All(with, a => Assert.True(a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6));
        Assert.Same(TimeProvider.System, UdpNetwork.Instance.Time);
    }

    private sealed class ThrowingOnGarbage(IDatagramSocketHandler next) : IDatagramSocketHandler
    {
        public void OnDatagram(ReadOnlySpan<byte> datagram, IPEndPoint remote)
        {
            if (datagram.Length > 0 && datagram[0] == 0xFF)
            {
                throw new InvalidDataException("garbage");
            }
            next.OnDatagram(datagram, remote);
        }
    }

    private sealed class CountingHandler : IDatagramSocketHandler
    {
        private readonly object _gate = new();
        private readonly HashSet<IPEndPoint> _remotes = new(ReferenceEqualityComparer.Instance);
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public int Corrupt { get; private set; }

        public int DistinctRemotes => _remotes.Count;

        public void OnDatagram(ReadOnlySpan<byte> datagram, IPEndPoint remote)
        {
            var sequence = BinaryPrimitives.ReadInt32BigEndian(datagram);
            if (datagram.Length != 1200 || datagram[^1] != (byte)sequence || sequence != _count)
            {
                Corrupt++;
            }
            _remotes.Add(remote);
            lock (_gate)
            {
                _count++;
                Monitor.PulseAll(_gate);
            }
        }

        /// <summary>Waits until more than <paramref name="count"/> datagrams arrived.</summary>
        public bool WaitForMore(int count, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            lock (_gate)
            {
                while (_count <= count)
                {
                    var left = deadline - DateTime.UtcNow;
                    if (left <= TimeSpan.Zero)
                    {
                        return false;
                    }
                    Monitor.Wait(_gate, left);
                }
                return true;
            }
        }
    }
}
