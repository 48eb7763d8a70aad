using MeshActors.WebRtc.DataChannels;
using MeshActors.WebRtc.Sctp;

namespace MeshActors.WebRtc.Tests.DataChannels;

/// <summary>BufferedAmount, the per-channel cap and BufferedAmountLow.</summary>
public class BackPressureTests
{
    [Fact]
    public void Default_cap_is_16_mib_per_channel()
    {
        using var pair = new DataChannelPair(seed: 20);
        var channel = pair.Client.CreateDataChannel("x");
        Assert.Equal(16L * 1024 * 1024, channel.MaxBufferedAmount);
        Assert.Equal(16L * 1024 * 1024, pair.Client.MaxBufferedAmountPerChannel);
    }

    [Fact]
    public void Flooding_a_channel_hits_the_cap_and_memory_stays_bounded_then_everything_accepted_arrives()
    {
        var options = new SctpAssociationOptions { MaxBufferedAmountPerStream = 1024 * 1024 };
        using var pair = new DataChannelPair(seed: 21, options: options);
        var (local, remote) = DataChannelLifecycleTests.OpenPair(pair, "flood");
        var received = 0;
        remote.MessageReceived += (_, data, _) =>
        {
            Assert.Equal(1000, data.Length);
            received++;
        };
        var message = new byte[1000];
        var accepted = 0;
        while (local.TrySend(message) == RtcDataChannelSendResult.Queued)
        {
            accepted++;
            Assert.True(local.BufferedAmount <= local.MaxBufferedAmount);
        }
        Assert.Equal(1024 * 1024 / 1000, accepted); // refused exactly when the next message would pass the cap
        Assert.Equal(accepted * 1000L, local.BufferedAmount);
        var error = Assert.Throws<InvalidOperationException>(() => local.Send(message));
        Assert.Contains("send buffer is full", error.Message);
        Assert.True(pair.Client.Counters.BufferFull >= 2);

        // Back-pressure loop: refill whenever the buffer drains below a quarter.
        local.BufferedAmountLowThreshold = 256 * 1024;
        var lows = 0;
        var target = accepted + 3000;
        local.BufferedAmountLow += () =>
        {
            lows++;
            while (accepted < target && local.TrySend(message) == RtcDataChannelSendResult.Queued)
            {
                accepted++;
            }
        };
        Assert.True(pair.Run(() => received == target));
        Assert.True(lows >= 3);
        Assert.True(pair.Run(() => local.BufferedAmount == 0));
        Assert.Empty(pair.HandlerErrors);
    }

    [Fact]
    public void Buffered_amount_low_fires_for_a_single_message_with_threshold_zero()
    {
        using var pair = new DataChannelPair(seed: 22);
        var (local, _) = DataChannelLifecycleTests.OpenPair(pair, "one");
        var lows = 0;
        local.BufferedAmountLow += () => lows++;
        local.Send("x");
        Assert.Equal(1, local.BufferedAmount);
        Assert.True(pair.Run(() => lows == 1));
        Assert.Equal(0, local.BufferedAmount);
    }

    [Fact]
    public void Empty_messages_count_their_one_wire_byte()
    {
        using var pair = new DataChannelPair(seed: 23);
        var (local, _) = DataChannelLifecycleTests.OpenPair(pair, "e");
        local.Send("");
        local.Send(Array.Empty<byte>());
        Assert.Equal(2, local.BufferedAmount);
        Assert.True(pair.Run(() => local.BufferedAmount == 0));
    }

    [Fact]
    public void Sends_from_many_threads_are_all_delivered_and_accounted()
    {
        using var pair = new DataChannelPair(seed: 24);
        var (local, remote) = DataChannelLifecycleTests.OpenPair(pair, "mt");
        var seen = new HashSet<(int, int)>();
        remote.MessageReceived += (_, data, _) => Assert.True(seen.Add((data[0], BitConverter.ToInt32(data[1..]))));
        var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            var buffer = new byte[5];
            buffer[0] = (byte)t;
            for (var i = 0; i < 500; i++)
            {
                BitConverter.TryWriteBytes(buffer.AsSpan(1), i);
                Assert.Equal(RtcDataChannelSendResult.Queued, local.TrySend(buffer));
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Equal(2000 * 5, local.BufferedAmount);
        Assert.True(pair.Run(() => seen.Count == 2000));
        Assert.True(pair.Run(() => local.BufferedAmount == 0));
    }
}
