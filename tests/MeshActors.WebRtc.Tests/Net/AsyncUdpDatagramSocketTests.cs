using System.Net;
using MeshActors.WebRtc.Net;

namespace MeshActors.WebRtc.Tests.Net;

public sealed class AsyncUdpDatagramSocketTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);

    private static AsyncUdpDatagramSocket BindLoopback() => AsyncUdpNetwork.Instance.Bind(new IPEndPoint(IPAddress.Loopback, 0));

    [Fact]
    public void Datagrams_sent_both_ways_with_a_threaded_socket_arrive_with_their_bytes_and_senders()
    {
        using var a = BindLoopback();
        using var b = UdpNetwork.Instance.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var atA = new RecordingHandler();
        var atB = new RecordingHandler();
        a.Start(atA);
        b.Start(atB);

        Assert.True(a.SendTo([1, 2, 3], b.LocalEndPoint));
        Assert.True(b.SendTo([4, 5], a.LocalEndPoint));

        Assert.True(atB.WaitForCount(1, Generous));
        Assert.True(atA.WaitForCount(1, Generous));
        Assert.Equal(new byte[] { 1, 2, 3 }, atB.Snapshot()[0].Payload);
        Assert.Equal(a.LocalEndPoint, atB.Snapshot()[0].Remote);
        Assert.Equal(new byte[] { 4, 5 }, atA.Snapshot()[0].Payload);
        Assert.Equal(b.LocalEndPoint, atA.Snapshot()[0].Remote);
        Assert.Equal((1, 3), (a.DatagramsSent, a.BytesSent));
        Assert.Equal((1, 2), (a.DatagramsReceived, a.BytesReceived));
    }

    [Fact]
    public void A_handler_that_throws_is_counted_and_later_datagrams_still_arrive()
    {
        using var a = BindLoopback();
        using var b = BindLoopback();
        var received = new RecordingHandler();
        var first = true;
        received.OnReceived = (_, _) =>
        {
            if (first)
            {
                first = false;
                throw new InvalidOperationException("handler bug");
            }
        };
        b.Start(received);

        Assert.True(a.SendTo([1], b.LocalEndPoint));
        Assert.True(a.SendTo([2], b.LocalEndPoint));

        Assert.True(received.WaitForCount(2, Generous));
        Assert.True(SpinWait.SpinUntil(() => b.HandlerErrors == 1, Generous));
        Assert.Equal(2, b.DatagramsReceived);
    }

    [Fact]
    public void Start_twice_is_refused_and_sends_after_dispose_fail_and_are_counted()
    {
        var socket = BindLoopback();
        socket.Start(new RecordingHandler());
        Assert.Throws<InvalidOperationException>(() => socket.Start(new RecordingHandler()));

        socket.Dispose();

        Assert.False(socket.SendTo([1], new IPEndPoint(IPAddress.Loopback, 9)));
        Assert.Equal(1, socket.SendFailures);
        Assert.Throws<ObjectDisposedException>(() => BindAndDispose().Start(new RecordingHandler()));
    }

    private static AsyncUdpDatagramSocket BindAndDispose()
    {
        var socket = BindLoopback();
        socket.Dispose();
        return socket;
    }
}
