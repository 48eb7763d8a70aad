using System.Buffers.Binary;
using System.Net;
using MeshActors.WebRtc.DataChannels;
using MeshActors.WebRtc.Net;
using MeshActors.WebRtc.Tests.Dtls;

namespace MeshActors.WebRtc.Tests.DataChannels;

/// <summary>
/// The whole data path below the peer connection: data channels over SCTP over DTLS, on real UDP
/// sockets (thread-pool executors, system clock) and on the virtual network in real-time mode with loss.
/// </summary>
public sealed class DataChannelOverDtlsTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(60);

    private static byte[] Message(int seq, int size)
    {
        var bytes = new byte[size];
        if (size < 4)
        {
            bytes[0] = (byte)seq;
            return bytes;
        }
        BinaryPrimitives.WriteInt32BigEndian(bytes, seq);
        for (var i = 4; i < size; i++)
        {
            bytes[i] = (byte)(seq + i);
        }
        return bytes;
    }

    private sealed class Side
    {
        public required SctpDataChannelTransport Transport { get; init; }
        public TaskCompletionSource<RtcDataChannel> Remote { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private static async Task<(Side Client, Side Server)> StartAsync(DtlsTestKit.Pair dtls, TimeProvider time)
    {
        await dtls.ConnectAsync();
        var client = new Side { Transport = new SctpDataChannelTransport(dtls.ClientExecutor, timeProvider: time) };
        var server = new Side { Transport = new SctpDataChannelTransport(dtls.ServerExecutor, timeProvider: time) };
        client.Transport.DataChannel += channel => client.Remote.TrySetResult(channel);
        server.Transport.DataChannel += channel => server.Remote.TrySetResult(channel);
        client.Transport.Start(dtls.Client, isDtlsClient: true, remoteMaxMessageSize: 256 * 1024);
        server.Transport.Start(dtls.Server, isDtlsClient: false, remoteMaxMessageSize: 256 * 1024);
        return (client, server);
    }

    /// <summary>Sends the messages one way and checks they arrive complete, once and in order.</summary>
    private static async Task ExchangeAsync(RtcDataChannel from, RtcDataChannel to, int[] sizes)
    {
        var received = new List<byte[]>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        to.MessageReceived += (_, data, _) =>
        {
            received.Add(data.ToArray()); // executor: one handler at a time
            if (received.Count == sizes.Length)
            {
                all.TrySetResult();
            }
        };
        for (var i = 0; i < sizes.Length; i++)
        {
            from.Send(Message(i, sizes[i]));
        }
        await all.Task.WaitAsync(Hang);
        for (var i = 0; i < sizes.Length; i++)
        {
            Assert.Equal(Message(i, sizes[i]), received[i]);
        }
    }

    private static async Task CloseAsync(RtcDataChannel closer, RtcDataChannel other)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var otherClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        closer.Closed += () => closed.TrySetResult();
        other.Closed += () => otherClosed.TrySetResult();
        closer.Close();
        await Task.WhenAll(closed.Task, otherClosed.Task).WaitAsync(Hang);
        Assert.Equal(RtcDataChannelState.Closed, closer.ReadyState);
        Assert.Equal(RtcDataChannelState.Closed, other.ReadyState);
    }

    private static readonly int[] Sizes = [1, 1200, 64 * 1024, 256 * 1024, 1, 1163, 1164, 100_000, 1];

    [Fact]
    public async Task Channels_carry_every_message_size_over_dtls_on_real_udp_and_close_on_both_sides()
    {
        var loopback = new IPEndPoint(IPAddress.Loopback, 0);
        var socketA = UdpNetwork.Instance.Bind(loopback);
        var socketB = UdpNetwork.Instance.Bind(loopback);
        var executorA = new SerialExecutor();
        var executorB = new SerialExecutor();
        using var a = new SocketDatagramTransport(socketA, socketB.LocalEndPoint, executorA);
        using var b = new SocketDatagramTransport(socketB, socketA.LocalEndPoint, executorB);
        var dtls = new DtlsTestKit.Pair(a, executorA, b, executorB);
        var (client, server) = await StartAsync(dtls, TimeProvider.System);

        var local = client.Transport.CreateDataChannel("game", new RtcDataChannelInit { Protocol = "raw" });
        var remote = await server.Remote.Task.WaitAsync(Hang);
        Assert.Equal("game", remote.Label);
        await ExchangeAsync(local, remote, Sizes);
        await ExchangeAsync(remote, local, Sizes);

        var negotiatedClient = client.Transport.CreateDataChannel("godot", new RtcDataChannelInit { Negotiated = true, Id = 1, Ordered = false, MaxRetransmits = 0 });
        var negotiatedServer = server.Transport.CreateDataChannel("godot", new RtcDataChannelInit { Negotiated = true, Id = 1, Ordered = false, MaxRetransmits = 0 });
        var got = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        negotiatedServer.Message += m => got.TrySetResult(m.Text!);
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        negotiatedClient.Opened += () => opened.TrySetResult();
        if (negotiatedClient.ReadyState != RtcDataChannelState.Open)
        {
            await opened.Task.WaitAsync(Hang);
        }
        negotiatedClient.Send("unreliable hello");
        Assert.Equal("unreliable hello", await got.Task.WaitAsync(Hang));

        await CloseAsync(local, remote);
        await CloseAsync(negotiatedServer, negotiatedClient);
        Assert.Equal(2, client.Transport.Counters.ChannelsClosed);
        Assert.Equal(0, client.Transport.Counters.HandlerExceptions + server.Transport.Counters.HandlerExceptions);
        client.Transport.Dispose();
        server.Transport.Dispose();
        dtls.Close();
    }

    [Fact]
    public async Task Reliable_channel_survives_loss_and_reordering_over_dtls_on_the_virtual_network_in_real_time()
    {
        using var network = new VirtualNetwork(21);
        var addressA = IPAddress.Parse("10.0.0.1");
        var addressB = IPAddress.Parse("10.0.0.2");
        var socketA = network.AddHost(addressA).Bind(new IPEndPoint(addressA, 5000));
        var socketB = network.AddHost(addressB).Bind(new IPEndPoint(addressB, 5000));
        network.SetConditions(new LinkConditions { LossRate = 0.1, ReorderRate = 0.05, DuplicateRate = 0.01, Delay = TimeSpan.FromMilliseconds(2) });
        var executorA = network.CreateExecutor();
        var executorB = network.CreateExecutor();
        using var a = new SocketDatagramTransport(socketA, socketB.LocalEndPoint, executorA);
        using var b = new SocketDatagramTransport(socketB, socketA.LocalEndPoint, executorB);
        var dtls = new DtlsTestKit.Pair(a, executorA, b, executorB,
            new() { TimeProvider = network.Clock }, new() { TimeProvider = network.Clock });
        network.StartRealtime();
        var (client, server) = await StartAsync(dtls, network.Clock);

        var local = client.Transport.CreateDataChannel("lossy");
        var remote = await server.Remote.Task.WaitAsync(Hang);
        await ExchangeAsync(local, remote, [1, 1200, 64 * 1024, 1, 1200, 1]);
        await CloseAsync(remote, local);
        Assert.True(network.DroppedByLoss > 0);
        client.Transport.Dispose();
        server.Transport.Dispose();
        dtls.Close();
    }
}
