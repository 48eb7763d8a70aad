using System.Buffers.Binary;
using MeshActors.WebRtc.DataChannels;
using MeshActors.WebRtc.Net;
using Xunit.Abstractions;

namespace MeshActors.WebRtc.Tests.DataChannels;

/// <summary>Delivery guarantees of each channel kind over a link with 20 % loss, 5 % reordering and 1 % duplication.</summary>
public class LossyDeliveryTests(ITestOutputHelper output)
{
    private static readonly LinkConditions Lossy = new()
    {
        LossRate = 0.20,
        ReorderRate = 0.05,
        DuplicateRate = 0.01,
        Delay = TimeSpan.FromMilliseconds(20),
        Jitter = TimeSpan.FromMilliseconds(5),
    };

    private static readonly int[] Sizes = [1, 1200, 64 * 1024, 256 * 1024];

    /// <summary>Message <paramref name="seq"/> of <paramref name="size"/> bytes: a header (seq, size) and bytes derived from both.</summary>
    private static byte[] Message(int seq, int size)
    {
        var bytes = new byte[size];
        if (size < 8)
        {
            bytes[0] = (byte)seq;
            return bytes;
        }
        BinaryPrimitives.WriteInt32BigEndian(bytes, seq);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), size);
        for (var i = 8; i < size; i++)
        {
            bytes[i] = (byte)(seq * 31 + i * 7);
        }
        return bytes;
    }

    /// <summary>The sequence number of an intact message; fails the test on any corrupted byte.</summary>
    private static int Check(ReadOnlySpan<byte> data, int expectedSize, int seqHint)
    {
        Assert.Equal(expectedSize, data.Length);
        if (expectedSize < 8)
        {
            Assert.Equal((byte)seqHint, data[0]);
            return seqHint;
        }
        var seq = BinaryPrimitives.ReadInt32BigEndian(data);
        Assert.True(data.SequenceEqual(Message(seq, expectedSize)), $"message {seq} is corrupted");
        return seq;
    }

    [Theory]
    [InlineData(1, 300)]
    [InlineData(1200, 200)]
    [InlineData(64 * 1024, 24)]
    [InlineData(256 * 1024, 8)]
    public void Reliable_ordered_channel_delivers_every_message_exactly_once_in_order_under_20_percent_loss(int size, int count)
    {
        using var pair = new DataChannelPair(seed: 100 + size % 97, Lossy);
        var (local, remote) = DataChannelLifecycleTests.OpenPair(pair, "reliable");
        var received = new List<int>();
        remote.MessageReceived += (_, data, isText) =>
        {
            Assert.False(isText);
            received.Add(Check(data, size, received.Count));
        };
        for (var i = 0; i < count; i++)
        {
            local.Send(Message(i, size));
        }
        Assert.True(pair.Run(() => received.Count == count), $"{received.Count} of {count} arrived");
        Assert.Equal(Enumerable.Range(0, count), received);
        pair.Network.RunFor(TimeSpan.FromSeconds(5)); // nothing more (no duplicate) arrives later
        Assert.Equal(count, received.Count);
        Assert.True(pair.Network.DroppedByLoss > 0 && pair.Network.Duplicated + pair.Network.Reordered > 0);
        Assert.Empty(pair.HandlerErrors);
    }

    [Fact]
    public void Reliable_unordered_channel_delivers_every_message_exactly_once_under_20_percent_loss()
    {
        using var pair = new DataChannelPair(seed: 201, Lossy);
        var (local, remote) = DataChannelLifecycleTests.OpenPair(pair, "unordered", new RtcDataChannelInit { Ordered = false });
        var received = new List<int>();
        var sizeOf = new Dictionary<int, int>();
        remote.MessageReceived += (_, data, _) =>
        {
            var seq = BinaryPrimitives.ReadInt32BigEndian(data);
            received.Add(Check(data, sizeOf[seq], seq));
        };
        var seqNo = 0;
        foreach (var size in Sizes.Skip(1))
        {
            for (var i = 0; i < (size > 2000 ? 6 : 150); i++)
            {
                sizeOf[seqNo] = size;
                local.Send(Message(seqNo++, size));
            }
        }
        Assert.True(pair.Run(() => received.Count == seqNo), $"{received.Count} of {seqNo} arrived");
        pair.Network.RunFor(TimeSpan.FromSeconds(5));
        Assert.Equal(Enumerable.Range(0, seqNo), received.Order());
        Assert.NotEqual(Enumerable.Range(0, seqNo), received); // some overtook others: really unordered
        Assert.Empty(pair.HandlerErrors);
    }

    public static TheoryData<string, bool, ushort?, ushort?> PartiallyReliable => new()
    {
        { "unordered maxRetransmits=0", false, (ushort)0, null },
        { "ordered maxRetransmits=0", true, (ushort)0, null },
        { "unordered maxPacketLifeTime=150", false, null, (ushort)150 },
        { "ordered maxPacketLifeTime=150", true, null, (ushort)150 },
    };

    /// <summary>
    /// Large messages first (under 20 % loss most are abandoned part-way: the receiver must drop their
    /// fragments, and an ordered channel must skip them), then a game-like stream of small messages
    /// every 20 ms: every second some of them must arrive, none twice, none corrupted, in order when ordered.
    /// </summary>
    [Theory]
    [MemberData(nameof(PartiallyReliable))]
    public void Partially_reliable_channel_never_stalls_never_duplicates_and_never_corrupts(string name, bool ordered, ushort? maxRetransmits, ushort? maxPacketLifeTime)
    {
        using var pair = new DataChannelPair(seed: 300 + name.Length, Lossy);
        var (local, remote) = DataChannelLifecycleTests.OpenPair(pair, name, new RtcDataChannelInit { Ordered = ordered, MaxRetransmits = maxRetransmits, MaxPacketLifeTime = maxPacketLifeTime });
        var sizeOf = new Dictionary<int, int>();
        var received = new List<int>();
        var tiny = 0;
        remote.MessageReceived += (_, data, _) =>
        {
            if (data.Length == 1)
            {
                tiny++;
                return;
            }
            var seq = BinaryPrimitives.ReadInt32BigEndian(data);
            Assert.True(sizeOf.TryGetValue(seq, out var size), $"unknown sequence number {seq}: corrupted header");
            received.Add(Check(data, size, seq));
        };
        var seqNo = 0;
        void Send(int size)
        {
            if (size == 1)
            {
                local.Send(new byte[] { 0x5A });
                return;
            }
            sizeOf[seqNo] = size;
            local.Send(Message(seqNo++, size));
        }

        foreach (var size in new[] { 256 * 1024, 64 * 1024, 256 * 1024, 64 * 1024, 64 * 1024 })
        {
            Send(size);
        }
        pair.Network.RunFor(TimeSpan.FromSeconds(20));
        var firstSmall = seqNo;

        var sentInSecond = new List<int>[4];
        for (var second = 0; second < sentInSecond.Length; second++)
        {
            sentInSecond[second] = [];
            for (var tick = 0; tick < 50; tick++)
            {
                if (tick % 7 == 3)
                {
                    Send(1);
                }
                else
                {
                    sentInSecond[second].Add(seqNo);
                    Send(1200);
                }
                pair.Network.RunFor(TimeSpan.FromMilliseconds(20));
            }
        }
        pair.Network.RunFor(TimeSpan.FromSeconds(10));

        Assert.Equal(received.Count, received.Distinct().Count()); // never a duplicate
        if (ordered)
        {
            Assert.Equal(received.Order(), received); // ordered delivery survives abandoned messages
        }
        var small = received.Where(seq => seq >= firstSmall).ToHashSet();
        output.WriteLine(string.Join(" ", sentInSecond.Select(list => $"{list.Count(small.Contains)}/{list.Count}")));
        for (var second = 0; second < sentInSecond.Length; second++)
        {
            // A retransmission timeout under 20 % loss can cost a timed channel most of a second, never all of it.
            var arrived = sentInSecond[second].Count(small.Contains);
            Assert.True(arrived > 0, $"second {second}: none of {sentInSecond[second].Count} arrived: the channel stalled");
        }
        // Each 1200-byte message is two packets: 20 % loss without recovery still lets about 64 % through.
        Assert.True(small.Count >= (seqNo - firstSmall) / 3, $"only {small.Count} of {seqNo - firstSmall} small messages arrived");
        output.WriteLine($"{name}: large delivered {received.Count(seq => seq < firstSmall)} of {firstSmall}, small 1200 B delivered {small.Count} of {seqNo - firstSmall}, 1 B delivered {tiny}; "
            + $"abandoned {pair.Client.Association!.Counters.MessagesAbandoned}, FORWARD-TSN sent {pair.Client.Association.Counters.ForwardTsnsSent}, lost {pair.Network.DroppedByLoss}");
        Assert.True(tiny > 0);
        Assert.True(pair.Run(() => local.BufferedAmount == 0));
        Assert.Equal(RtcDataChannelState.Open, remote.ReadyState);
        Assert.Empty(pair.HandlerErrors);
    }

    [Fact]
    public void Channel_closed_on_one_side_is_closed_on_both_under_loss()
    {
        using var pair = new DataChannelPair(seed: 400, Lossy);
        var channels = Enumerable.Range(0, 20).Select(i => DataChannelLifecycleTests.OpenPair(pair, $"c{i}", new RtcDataChannelInit { Ordered = i % 2 == 0, MaxRetransmits = i % 3 == 0 ? (ushort)0 : null })).ToList();
        for (var i = 0; i < channels.Count; i++)
        {
            channels[i].Local.Send(Message(i, 1200));
            (i % 2 == 0 ? channels[i].Local : channels[i].Remote).Close();
        }
        Assert.True(pair.Run(() => channels.All(c => c.Local.ReadyState == RtcDataChannelState.Closed && c.Remote.ReadyState == RtcDataChannelState.Closed)));
        Assert.Equal(0, pair.Client.UsedIdCount);
        Assert.Equal(0, pair.Server.UsedIdCount);
    }
}
