using MeshActors.WebRtc.Sctp;

namespace MeshActors.WebRtc.Tests.Sctp;

/// <summary>
/// Randomised traffic in both directions over the harsh link: every combination of reliability, ordering
/// and size, stream resets in the middle, then a shutdown. Checks exactly-once and in-order where
/// promised, intact bytes, and that nothing is left behind. Bookkeeping invariants are checked after
/// every simulated step by the harness.
/// </summary>
public class SctpSoakTests
{
    public static TheoryData<int> Seeds => [101, 102, 103, 104, 105, 106];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Mixed_traffic_with_resets_and_a_final_shutdown_keeps_every_promise(int seed)
    {
        var random = new Random(seed);
        var interleaving = seed % 2 == 0;
        var options = new SctpAssociationOptions { EnableMessageInterleaving = interleaving };
        var pair = new SctpTestPair(seed, LinkImpairments.Harsh, options, options);
        pair.Connect(simultaneous: seed % 3 == 0);
        pair.HandlerA.ResetOwnSideOnIncomingReset = true;
        pair.HandlerB.ResetOwnSideOnIncomingReset = true;

        var sent = new Dictionary<(bool FromA, ushort Stream), List<Sent>>();
        int[] sizes = [1, 13, 700, 1200, 1201, 5000, 20_000, 64 * 1024];
        uint next = 0;
        for (var round = 0; round < 40; round++)
        {
            for (var k = 0; k < 6; k++)
            {
                var fromA = random.Next(2) == 0;
                var stream = (ushort)random.Next(6);
                var kind = random.Next(4);
                var opts = kind switch
                {
                    0 => SctpSendOptions.Reliable,
                    1 => new SctpSendOptions { Unordered = true },
                    2 => new SctpSendOptions { MaxRetransmits = random.Next(2), Unordered = random.Next(2) == 0 },
                    _ => new SctpSendOptions { MaxLifetime = TimeSpan.FromMilliseconds(random.Next(50, 400)) },
                };
                var size = sizes[random.Next(sizes.Length)];
                var id = next++;
                var sender = fromA ? pair.A : pair.B;
                if (sender.Send(stream, id, TestMessages.Create(stream, id, size), opts, pair.Now) == SctpSendStatus.Ok)
                {
                    var key = (fromA, stream);
                    if (!sent.TryGetValue(key, out var list))
                    {
                        sent[key] = list = [];
                    }
                    list.Add(new Sent(id, size, opts));
                }
            }
            if (random.Next(8) == 0)
            {
                var resetter = random.Next(2) == 0 ? pair.A : pair.B;
                resetter.ResetStreams([(ushort)random.Next(6)]);
            }
            pair.Advance(TimeSpan.FromMilliseconds(random.Next(1, 60)));
        }
        Assert.True(pair.PumpUntil(() => pair.Idle, TimeSpan.FromMinutes(30)), "did not settle");
        pair.A.Shutdown(pair.Now);
        Assert.True(pair.PumpUntil(() => pair.HandlerA.Closed is not null && pair.HandlerB.Closed is not null, TimeSpan.FromMinutes(30)));
        Assert.Equal(SctpCloseReason.ShutdownComplete, pair.HandlerA.Closed!.Reason);
        Assert.Equal(SctpCloseReason.ShutdownComplete, pair.HandlerB.Closed!.Reason);

        foreach (var ((fromA, stream), list) in sent)
        {
            var received = (fromA ? pair.HandlerB : pair.HandlerA).Messages.Where(m => m.Stream == stream).ToList();
            var byId = list.ToDictionary(s => s.Id);
            Assert.Equal(received.Count, received.Select(m => m.Ppid).Distinct().Count()); // at most once
            foreach (var m in received)
            {
                Assert.True(byId.TryGetValue(m.Ppid, out var s), "a message nobody sent");
                Assert.True(TestMessages.IsIntact(stream, m.Ppid, m.Data, s.Size), "corrupted");
            }
            var receivedIds = received.Select(m => m.Ppid).ToHashSet();
            foreach (var s in list.Where(s => s.Options.MaxRetransmits is null && s.Options.MaxLifetime is null))
            {
                Assert.Contains(s.Id, receivedIds); // reliable: delivered
            }
            // Ordered messages of one stream arrive in the order sent.
            var orderedIds = list.Where(s => !s.Options.Unordered).Select(s => s.Id).ToHashSet();
            var orderedArrivals = received.Where(m => orderedIds.Contains(m.Ppid)).Select(m => m.Ppid).ToList();
            Assert.Equal(orderedArrivals.Order(), orderedArrivals);
        }
        Assert.Equal(0, pair.A.Counters.InternalErrors + pair.B.Counters.InternalErrors);
    }

    private sealed record Sent(uint Id, int Size, SctpSendOptions Options);
}
