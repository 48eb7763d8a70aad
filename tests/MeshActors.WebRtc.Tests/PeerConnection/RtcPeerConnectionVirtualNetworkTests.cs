using System.Net;
using MeshActors.WebRtc.DataChannels;
using MeshActors.WebRtc.Net;

namespace MeshActors.WebRtc.Tests.PeerConnection;

/// <summary>Two connections over the virtual network (real-time mode) with loss, reordering and delay.</summary>
public class RtcPeerConnectionVirtualNetworkTests
{
    [Theory]
    [Trait("Category", "Slow")]
    [InlineData(21)]
    [InlineData(22)]
    public async Task A_reliable_ordered_channel_delivers_every_message_in_order_under_10_percent_loss_and_reordering(int seed)
    {
        using var network = new VirtualNetwork(seed);
        var hostA = network.AddHost(IPAddress.Parse("10.0.0.1"));
        var hostB = network.AddHost(IPAddress.Parse("10.0.0.2"));
        network.SetConditions(new LinkConditions { LossRate = 0.1, ReorderRate = 0.1, Delay = TimeSpan.FromMilliseconds(2) });
        network.StartRealtime();
        await using var pair = new PeerPair(
            new RtcConfiguration { Network = hostA, EnableIPv6 = false },
            new RtcConfiguration { Network = hostB, EnableIPv6 = false },
            network.CreateExecutor(), network.CreateExecutor());
        var init = new RtcDataChannelInit { Negotiated = true, Id = 1 };
        var sender = pair.Offerer.CreateDataChannel("reliable", init);
        var receiver = pair.Answerer.CreateDataChannel("reliable", init);
        var received = new List<int>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.MessageReceived += (_, data, _) =>
        {
            received.Add(BitConverter.ToInt32(data));
            if (received.Count == 300)
            {
                done.TrySetResult();
            }
        };
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        sender.Opened += () => opened.TrySetResult();

        await pair.NegotiateAsync();
        await pair.WaitConnectedAsync();
        await opened.Task.WaitAsync(PeerPair.Timeout);
        for (var i = 0; i < 300; i++)
        {
            sender.Send(BitConverter.GetBytes(i));
        }
        await done.Task.WaitAsync(PeerPair.Timeout);

        Assert.Equal(Enumerable.Range(0, 300), received);
        Assert.True(network.DroppedByLoss > 0);
        var stats = await pair.Offerer.GetStatsAsync();
        Assert.Equal("10.0.0.1", stats.LocalCandidate!.Address);
        Assert.Equal("10.0.0.2", stats.RemoteCandidate!.Address);
    }
}
