using System.Net;
using MeshActors.WebRtc.Dtls;
using MeshActors.WebRtc.Net;
using static MeshActors.WebRtc.Tests.Dtls.DtlsTestKit;

namespace MeshActors.WebRtc.Tests.Dtls;

/// <summary>DTLS over real UDP sockets on loopback and over the virtual network in real-time mode.</summary>
public sealed class DtlsNetworkTests
{
    [Fact]
    public async Task Handshake_completes_in_both_roles_over_real_udp_and_records_flow()
    {
        var loopback = new IPEndPoint(IPAddress.Loopback, 0);
        var socketA = UdpNetwork.Instance.Bind(loopback);
        var socketB = UdpNetwork.Instance.Bind(loopback);
        var executorA = new SerialExecutor();
        var executorB = new SerialExecutor();
        using var a = new SocketDatagramTransport(socketA, socketB.LocalEndPoint, executorA);
        using var b = new SocketDatagramTransport(socketB, socketA.LocalEndPoint, executorB);
        var pair = new Pair(a, executorA, b, executorB);
        await pair.ConnectAsync();
        Assert.Equal(DtlsCipherSuite.EcdheEcdsaWithAes128GcmSha256, pair.Client.CipherSuite);

        var max = await OnExecutor(executorA, () => pair.Client.MaxDatagramSize);
        Assert.Equal(1200 - 13 - 24, max);
        for (var i = 0; i < 200; i++)
        {
            await pair.SendFromClient(Enumerable.Repeat((byte)i, max).ToArray());
            await pair.SendFromServer([(byte)i]);
        }
        await pair.ServerReceived.WhenCount(200).WaitAsync(Hang);
        await pair.ClientReceived.WhenCount(200).WaitAsync(Hang);
        Assert.Equal(Enumerable.Range(0, 200).Select(i => (byte)i), pair.ServerReceived.Items.Select(d => d[0]).Order());
        Assert.All(pair.ServerReceived.Items, d => Assert.Equal(max, d.Length));

        var closed = WhenState(pair.Server, DtlsConnectionState.Closed);
        pair.Client.Close();
        await closed.WaitAsync(Hang);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public async Task Handshake_completes_over_the_virtual_network_with_20_percent_loss_and_reordering(int seed)
    {
        using var network = new VirtualNetwork(seed);
        var addressA = IPAddress.Parse("10.0.0.1");
        var addressB = IPAddress.Parse("10.0.0.2");
        var socketA = network.AddHost(addressA).Bind(new IPEndPoint(addressA, 5000));
        var socketB = network.AddHost(addressB).Bind(new IPEndPoint(addressB, 5000));
        network.SetConditions(new LinkConditions
        {
            LossRate = 0.2,
            ReorderRate = 0.2,
            Delay = TimeSpan.FromMilliseconds(2),
        });
        var executorA = network.CreateExecutor();
        var executorB = network.CreateExecutor();
        using var a = new SocketDatagramTransport(socketA, socketB.LocalEndPoint, executorA);
        using var b = new SocketDatagramTransport(socketB, socketA.LocalEndPoint, executorB);
        var pair = new Pair(a, executorA, b, executorB);
        network.StartRealtime();

        await pair.ConnectAsync();
        Assert.True(network.DroppedByLoss > 0);
        for (var i = 0; i < 100; i++)
        {
            await pair.SendFromServer([(byte)i, 7]);
        }
        await Task.Delay(200);
        var received = pair.ClientReceived.Items;
        Assert.InRange(received.Count, 40, 100);
        Assert.All(received, d => Assert.Equal(7, d[1]));
        pair.Close();
    }
}
