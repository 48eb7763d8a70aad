using MeshActors.WebRtc.DataChannels;

namespace MeshActors.WebRtc.Tests.DataChannels;

/// <summary>
/// The data path (TrySend, the executor's flush, SCTP, the virtual link, delivery to the span handler)
/// allocates nothing per message in steady state: a design rule, measured with the per-thread allocation
/// counter on the thread that runs everything (the virtual network's pump). Runs alone: buffers come
/// from the shared array pool, whose per-core caches other tests running in parallel would drain.
/// </summary>
[Collection(AllocationMeasurements.Name)]
public class DataChannelAllocationTests
{
    private static readonly RtcDataChannelMessageHandler CountingHandler = (channel, data, isText) => Received += data.Length;

    private static long Received;

    [Theory]
    [InlineData(true, null)]
    [InlineData(false, (ushort)0)]
    public void Sending_and_receiving_allocate_nothing_per_message_in_steady_state(bool ordered, ushort? maxRetransmits)
    {
        using var pair = new DataChannelPair(seed: 50);
        var (local, remote) = DataChannelLifecycleTests.OpenPair(pair, "hot", new RtcDataChannelInit { Ordered = ordered, MaxRetransmits = maxRetransmits });
        remote.MessageReceived += CountingHandler;
        var payload = new byte[1000];
        var sent = 0L;

        void Round()
        {
            // One game tick: a handful of messages, then the network runs.
            for (var i = 0; i < 16; i++)
            {
                if (local.TrySend(payload) != RtcDataChannelSendResult.Queued)
                {
                    Assert.Fail("send refused"); // (Assert.Equal itself allocates)
                }
                sent += payload.Length;
            }
            pair.Network.RunFor(TimeSpan.FromMilliseconds(16));
        }

        Received = 0;
        // Warm up: pools, queues and JIT tiers settle, and the virtual clock's timer heap (which keeps
        // superseded deadlines until they pass) reaches its size: 1500 ticks = 24 s, most of a heartbeat interval.
        for (var i = 0; i < 1500; i++)
        {
            Round();
        }
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 250; i++)
        {
            Round();
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(sent, Received);
        Assert.True(allocated == 0, $"{allocated} bytes allocated for 4000 messages");
    }
}

/// <summary>Tests that measure allocations run with nothing else in parallel.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationMeasurements
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Allocation measurements";
}
