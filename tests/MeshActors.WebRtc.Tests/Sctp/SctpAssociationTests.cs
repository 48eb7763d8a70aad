using MeshActors.WebRtc.Sctp;

namespace MeshActors.WebRtc.Tests.Sctp;

public class SctpAssociationTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(30);

    private static void AssertHealthy(SctpTestPair pair)
    {
        Assert.Equal(0, pair.A.Counters.InternalErrors);
        Assert.Equal(0, pair.B.Counters.InternalErrors);
        Assert.Null(pair.A.LastInternalError);
        Assert.Null(pair.B.LastInternalError);
    }

    [Fact]
    public void Handshake_from_one_side_establishes_both_and_negotiates_extensions()
    {
        var pair = new SctpTestPair();
        pair.Connect();
        Assert.Equal(1, pair.HandlerA.ConnectedCount);
        Assert.Equal(1, pair.HandlerB.ConnectedCount);
        Assert.Equal(65535, pair.A.OutboundStreams);
        Assert.Equal(65535, pair.B.InboundStreams);
        Assert.True(pair.A.PartialReliabilityEnabled && pair.B.PartialReliabilityEnabled);
        Assert.True(pair.A.StreamResetEnabled && pair.B.StreamResetEnabled);
        Assert.True(pair.A.MessageInterleavingEnabled && pair.B.MessageInterleavingEnabled);
        AssertHealthy(pair);
    }

    [Fact]
    public void A_pooled_message_goes_out_as_its_first_length_bytes_and_a_refused_one_stays_with_the_caller()
    {
        var pair = new SctpTestPair();
        pair.Connect();
        var sizes = new[] { 1, 1000, 5000, 70_000 }; // the pool rounds up: the buffers are longer than the messages
        foreach (var size in sizes)
        {
            var buffer = BufferPools.RentMessage(size);
            Assert.True(buffer.Length >= size);
            buffer.AsSpan().Fill(0xEE);
            for (var i = 0; i < size; i++)
            {
                buffer[i] = (byte)(i * 7);
            }
            Assert.Equal(SctpSendStatus.Ok, pair.A.SendPooled(3, 53, buffer, size, default, pair.Now));
        }
        var refused = BufferPools.RentMessage(10);
        Assert.Equal(SctpSendStatus.InvalidStream, pair.A.SendPooled(ushort.MaxValue, 53, refused, 10, default, pair.Now));
        Assert.Equal(SctpSendStatus.EmptyMessage, pair.A.SendPooled(3, 53, refused, 0, default, pair.Now));
        BufferPools.ReturnMessage(refused); // still ours: the association never took it

        Assert.True(pair.PumpUntil(() => pair.HandlerB.Messages.Count == sizes.Length, TimeSpan.FromSeconds(10)));
        for (var m = 0; m < sizes.Length; m++)
        {
            var expected = Enumerable.Range(0, sizes[m]).Select(i => (byte)(i * 7)).ToArray();
            Assert.Equal(expected, pair.HandlerB.Messages[m].Data);
        }
        pair.Flush();
        Assert.Equal(0, pair.A.GetBufferedAmount(3));
        AssertHealthy(pair);
    }

    [Fact]
    public void Simultaneous_open_from_both_sides_yields_one_association()
    {
        var pair = new SctpTestPair();
        pair.Connect(simultaneous: true);
        pair.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, pair.HandlerA.ConnectedCount);
        Assert.Equal(1, pair.HandlerB.ConnectedCount);
        Assert.Equal(SctpSendStatus.Ok, pair.A.Send(1, 53, [1, 2, 3], default, pair.Now));
        Assert.Equal(SctpSendStatus.Ok, pair.B.Send(2, 53, [4, 5], default, pair.Now));
        Assert.True(pair.PumpUntil(() => pair.HandlerA.Messages.Count == 1 && pair.HandlerB.Messages.Count == 1, TimeSpan.FromSeconds(10)));
        AssertHealthy(pair);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Handshake_completes_under_20_percent_loss(int seed)
    {
        var pair = new SctpTestPair(seed, LinkImpairments.Harsh);
        pair.Connect(simultaneous: seed == 2);
        Assert.Equal(1, pair.HandlerA.ConnectedCount);
        Assert.Equal(1, pair.HandlerB.ConnectedCount);
        AssertHealthy(pair);
    }

    [Fact]
    public void Stream_counts_are_negotiated_as_the_minimum_of_both_sides()
    {
        var pair = new SctpTestPair(optionsA: new SctpAssociationOptions { OutboundStreams = 10, InboundStreams = 300 },
            optionsB: new SctpAssociationOptions { OutboundStreams = 1000, InboundStreams = 5 });
        pair.Connect();
        Assert.Equal(5, pair.A.OutboundStreams);
        Assert.Equal(300, pair.A.InboundStreams);
        Assert.Equal(300, pair.B.OutboundStreams);
        Assert.Equal(5, pair.B.InboundStreams);
        Assert.Equal(SctpSendStatus.InvalidStream, pair.A.Send(5, 53, [1], default, pair.Now));
        Assert.Equal(SctpSendStatus.Ok, pair.A.Send(4, 53, [1], default, pair.Now));
    }

    [Theory]
    [InlineData(11, true)]
    [InlineData(12, true)]
    [InlineData(13, false)]
    public void Reliable_ordered_streams_deliver_every_message_exactly_once_in_order_under_20_percent_loss(int seed, bool interleaving)
    {
        var options = new SctpAssociationOptions { EnableMessageInterleaving = interleaving };
        var pair = new SctpTestPair(seed, LinkImpairments.Harsh, options, options);
        pair.Connect();
        int[] sizes = [1, 1200, 64 * 1024, 256 * 1024, 1, 7, 1199, 1201, 3000, 1];
        var expected = new Dictionary<ushort, List<int>>();
        for (uint i = 0; i < 40; i++)
        {
            var stream = (ushort)(i % 4);
            var size = sizes[(int)(i % sizes.Length)];
            Assert.Equal(SctpSendStatus.Ok, pair.A.Send(stream, ExpectedIndex(expected, stream, size), TestMessages.Create(stream, (uint)expected[stream].Count - 1, size), default, pair.Now));
        }
        var total = expected.Values.Sum(l => l.Count);
        Assert.True(pair.PumpUntil(() => pair.HandlerB.Messages.Count >= total && pair.Idle, Long), $"delivered {pair.HandlerB.Messages.Count} of {total}");

        Assert.Equal(total, pair.HandlerB.Messages.Count);
        foreach (var (stream, lengths) in expected)
        {
            var received = pair.HandlerB.Messages.Where(m => m.Stream == stream).ToList();
            Assert.Equal(lengths.Count, received.Count);
            for (var i = 0; i < received.Count; i++)
            {
                Assert.Equal((uint)i, received[i].Ppid); // in order, none missing, none twice
                Assert.True(TestMessages.IsIntact(stream, (uint)i, received[i].Data, lengths[i]), $"stream {stream} message {i} corrupted");
            }
        }
        Assert.True(pair.A.Counters.Retransmissions > 0);
        Assert.True(pair.B.Counters.DuplicateDataChunks > 0 || pair.A.Counters.FastRetransmits > 0);
        AssertHealthy(pair);
    }

    private static uint ExpectedIndex(Dictionary<ushort, List<int>> expected, ushort stream, int size)
    {
        if (!expected.TryGetValue(stream, out var list))
        {
            expected[stream] = list = [];
        }
        list.Add(size);
        return (uint)(list.Count - 1);
    }

    [Theory]
    [InlineData(21, true)]
    [InlineData(22, false)]
    public void Reliable_unordered_streams_deliver_every_message_exactly_once_under_20_percent_loss(int seed, bool interleaving)
    {
        var options = new SctpAssociationOptions { EnableMessageInterleaving = interleaving };
        var pair = new SctpTestPair(seed, LinkImpairments.Harsh, options, options);
        pair.Connect();
        var unordered = new SctpSendOptions { Unordered = true };
        int[] sizes = [1, 1200, 64 * 1024, 5000, 300];
        const int count = 60;
        for (uint i = 0; i < count; i++)
        {
            Assert.Equal(SctpSendStatus.Ok, pair.A.Send(7, i, TestMessages.Create(7, i, sizes[i % sizes.Length]), unordered, pair.Now));
        }
        Assert.True(pair.PumpUntil(() => pair.HandlerB.Messages.Count >= count && pair.Idle, Long));
        Assert.Equal(count, pair.HandlerB.Messages.Count);
        Assert.Equal(Enumerable.Range(0, count).Select(i => (uint)i), pair.HandlerB.Messages.Select(m => m.Ppid).Order());
        foreach (var m in pair.HandlerB.Messages)
        {
            Assert.True(TestMessages.IsIntact(7, m.Ppid, m.Data, sizes[m.Ppid % sizes.Length]));
        }
        AssertHealthy(pair);
    }

    [Theory]
    [InlineData(31, true, false)]
    [InlineData(32, true, true)]
    [InlineData(33, false, false)]
    [InlineData(34, false, true)]
    public void Unreliable_streams_with_zero_retransmits_never_stall_duplicate_or_corrupt(int seed, bool interleaving, bool unordered)
    {
        var options = new SctpAssociationOptions { EnableMessageInterleaving = interleaving };
        var pair = new SctpTestPair(seed, LinkImpairments.Harsh, options, options);
        pair.Connect();
        var send = new SctpSendOptions { Unordered = unordered, MaxRetransmits = 0 };
        int[] sizes = [1, 100, 1200, 4000, 20_000];
        const int count = 300;
        for (uint i = 0; i < count; i++)
        {
            Assert.Equal(SctpSendStatus.Ok, pair.A.Send(3, i, TestMessages.Create(3, i, sizes[i % sizes.Length]), send, pair.Now));
            pair.Advance(TimeSpan.FromMilliseconds(5));
        }
        // Never stalls: everything is either delivered or abandoned and skipped, and the sender's queue drains.
        Assert.True(pair.PumpUntil(() => pair.Idle, Long), "the association stalled");
        var received = pair.HandlerB.Messages;
        Assert.Equal(received.Count, received.Select(m => m.Ppid).Distinct().Count());
        if (!unordered)
        {
            Assert.Equal(received.Select(m => m.Ppid).Order(), received.Select(m => m.Ppid)); // still in order
        }
        foreach (var m in received)
        {
            Assert.True(TestMessages.IsIntact(3, m.Ppid, m.Data, sizes[m.Ppid % sizes.Length]));
        }
        Assert.True(received.Count < count, "with 20% loss some messages must be lost");
        Assert.True(received.Count > count / 3, $"only {received.Count} arrived");
        Assert.True(pair.A.Counters.MessagesAbandoned > 0);
        Assert.True(pair.A.Counters.ForwardTsnsSent > 0);
        Assert.Equal(0, pair.B.ReceiveBufferedBytes); // partial messages of abandoned ones were dropped

        // And the stream keeps working afterwards: a reliable message still gets through.
        Assert.Equal(SctpSendStatus.Ok, pair.A.Send(3, 9999, TestMessages.Create(3, 9999, 50), default, pair.Now));
        Assert.True(pair.PumpUntil(() => pair.HandlerB.Messages.Any(m => m.Ppid == 9999), Long));
        AssertHealthy(pair);
    }

    [Theory]
    [InlineData(41, true)]
    [InlineData(42, false)]
    public void Streams_with_a_packet_lifetime_never_stall_duplicate_or_corrupt(int seed, bool interleaving)
    {
        var options = new SctpAssociationOptions { EnableMessageInterleaving = interleaving };
        var pair = new SctpTestPair(seed, LinkImpairments.Harsh, options, options);
        pair.Connect();
        var send = new SctpSendOptions { MaxLifetime = TimeSpan.FromMilliseconds(150) };
        int[] sizes = [10, 1500, 9000, 64 * 1024];
        const int count = 120;
        for (uint i = 0; i < count; i++)
        {
            Assert.Equal(SctpSendStatus.Ok, pair.A.Send(9, i, TestMessages.Create(9, i, sizes[i % sizes.Length]), send, pair.Now));
            pair.Advance(TimeSpan.FromMilliseconds(10));
        }
        Assert.True(pair.PumpUntil(() => pair.Idle, Long), "the association stalled");
        var received = pair.HandlerB.Messages;
        Assert.Equal(received.Count, received.Select(m => m.Ppid).Distinct().Count());
        Assert.Equal(received.Select(m => m.Ppid).Order(), received.Select(m => m.Ppid));
        foreach (var m in received)
        {
            Assert.True(TestMessages.IsIntact(9, m.Ppid, m.Data, sizes[m.Ppid % sizes.Length]));
        }
        Assert.True(received.Count > 0);
        Assert.Equal(0, pair.B.ReceiveBufferedBytes);
        AssertHealthy(pair);
    }

    [Fact]
    public void Small_messages_on_another_stream_are_not_held_behind_a_256_KiB_message()
    {
        var pair = new SctpTestPair(5);
        pair.Connect();
        var big = TestMessages.Create(1, 0, 256 * 1024);
        Assert.Equal(SctpSendStatus.Ok, pair.A.Send(1, 0, big, default, pair.Now));
        for (uint i = 0; i < 10; i++)
        {
            Assert.Equal(SctpSendStatus.Ok, pair.A.Send(2, i, TestMessages.Create(2, i, 100), default, pair.Now));
        }
        var packetsBefore = pair.PacketsAtoB;
        long packetsWhenSmallDone = -1;
        pair.HandlerB.OnMessageAction = (stream, ppid, _) =>
        {
            if (stream == 2 && ppid == 9)
            {
                packetsWhenSmallDone = pair.PacketsAtoB - packetsBefore;
            }
        };
        Assert.True(pair.PumpUntil(() => pair.HandlerB.Messages.Count == 11, Long));
        var order = pair.HandlerB.Messages.Select(m => m.Stream).ToList();
        Assert.Equal(1, order[^1]); // the big message finished last
        Assert.InRange(packetsWhenSmallDone, 1, 12); // the small ones went out within the first few packets
        Assert.True(TestMessages.IsIntact(1, 0, pair.HandlerB.Messages[^1].Data, big.Length));
    }

    [Fact]
    public void Without_interleaving_a_large_message_is_sent_whole_and_small_ones_follow()
    {
        var options = new SctpAssociationOptions { EnableMessageInterleaving = false };
        var pair = new SctpTestPair(6, optionsA: options);
        pair.Connect();
        Assert.False(pair.A.MessageInterleavingEnabled);
        Assert.Equal(SctpSendStatus.Ok, pair.A.Send(1, 0, TestMessages.Create(1, 0, 256 * 1024), default, pair.Now));
        Assert.Equal(SctpSendStatus.Ok, pair.A.Send(2, 0, TestMessages.Create(2, 0, 10), default, pair.Now));
        Assert.True(pair.PumpUntil(() => pair.HandlerB.Messages.Count == 2, Long));
        Assert.Equal(new ushort[] { 1, 2 }, pair.HandlerB.Messages.Select(m => m.Stream));
    }

    [Theory]
    [InlineData(51)]
    [InlineData(52)]
    public void Stream_reset_in_both_directions_closes_the_stream_on_both_sides_after_its_data(int seed)
    {
        var pair = new SctpTestPair(seed, LinkImpairments.Harsh);
        pair.Connect();
        pair.HandlerB.ResetOwnSideOnIncomingReset = true;
        for (uint i = 0; i < 20; i++)
        {
            pair.A.Send(4, i, TestMessages.Create(4, i, 2000), default, pair.Now);
            pair.B.Send(4, i, TestMessages.Create(4, i, 700), default, pair.Now);
        }
        Assert.Equal(SctpResetStatus.Ok, pair.A.ResetStreams([4]));
        Assert.Equal(SctpSendStatus.StreamResetting, pair.A.Send(4, 99, [1], default, pair.Now));
        Assert.True(pair.PumpUntil(() => pair.HandlerA.OutgoingResets.Contains(4) && pair.HandlerB.OutgoingResets.Contains(4)
            && pair.HandlerA.IncomingResets.Contains(4) && pair.HandlerB.IncomingResets.Contains(4), Long));

        // Everything sent before the reset arrived, in order, on both sides.
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (uint)i), pair.HandlerB.Messages.Where(m => m.Stream == 4).Select(m => m.Ppid));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (uint)i), pair.HandlerA.Messages.Where(m => m.Stream == 4).Select(m => m.Ppid));

        // The stream starts over: new messages flow again in both directions.
        Assert.Equal(SctpSendStatus.Ok, pair.A.Send(4, 100, TestMessages.Create(4, 100, 10), default, pair.Now));
        Assert.Equal(SctpSendStatus.Ok, pair.B.Send(4, 100, TestMessages.Create(4, 100, 10), default, pair.Now));
        Assert.True(pair.PumpUntil(() => pair.HandlerB.Messages.Any(m => m.Ppid == 100) && pair.HandlerA.Messages.Any(m => m.Ppid == 100), Long));
        AssertHealthy(pair);
    }

    [Fact]
    public void A_thousand_streams_reset_in_both_directions_leave_no_state_behind()
    {
        var pair = new SctpTestPair(61, LinkImpairments.Harsh with { Loss = 0.05 });
        pair.Connect();
        pair.HandlerB.ResetOwnSideOnIncomingReset = true;
        var streams = Enumerable.Range(0, 1000).Select(i => (ushort)i).ToArray();
        foreach (var s in streams)
        {
            Assert.Equal(SctpSendStatus.Ok, pair.A.Send(s, 1, [1, 2, 3], default, pair.Now));
            Assert.Equal(SctpSendStatus.Ok, pair.B.Send(s, 1, [4, 5], default, pair.Now));
        }
        Assert.Equal(SctpResetStatus.Ok, pair.A.ResetStreams(streams));
        Assert.True(pair.PumpUntil(() => pair.HandlerA.OutgoingResets.Count == 1000 && pair.HandlerB.OutgoingResets.Count == 1000 && pair.Idle, Long),
            $"A reset {pair.HandlerA.OutgoingResets.Count}, B reset {pair.HandlerB.OutgoingResets.Count}");
        Assert.Equal(1000, pair.HandlerA.IncomingResets.Distinct().Count());
        Assert.Equal(1000, pair.HandlerB.IncomingResets.Distinct().Count());
        Assert.Equal(1000, pair.HandlerB.Messages.Count);
        Assert.Equal(1000, pair.HandlerA.Messages.Count);
        foreach (var side in new[] { pair.A, pair.B })
        {
            Assert.Equal(0, side.OutgoingStreamCount);
            Assert.Equal(0, side.IncomingStreamCount);
            Assert.Equal(0, side.ReceiveBufferedBytes);
            Assert.Equal(0, side.OutstandingChunkCount);
            Assert.Equal(0, side.BufferedAmount);
        }
        AssertHealthy(pair);
    }

    [Theory]
    [InlineData(71)]
    [InlineData(72)]
    public void Shutdown_delivers_queued_messages_then_closes_both_sides(int seed)
    {
        var pair = new SctpTestPair(seed, LinkImpairments.Harsh);
        pair.Connect();
        for (uint i = 0; i < 10; i++)
        {
            pair.A.Send(0, i, TestMessages.Create(0, i, 10_000), default, pair.Now);
        }
        pair.A.Shutdown(pair.Now);
        Assert.Equal(SctpSendStatus.NotConnected, pair.A.Send(0, 11, [1], default, pair.Now));
        Assert.True(pair.PumpUntil(() => pair.HandlerA.Closed is not null && pair.HandlerB.Closed is not null, Long));
        Assert.Equal(10, pair.HandlerB.Messages.Count);
        Assert.Equal(SctpCloseReason.ShutdownComplete, pair.HandlerA.Closed!.Reason);
        Assert.Equal(SctpCloseReason.ShutdownComplete, pair.HandlerB.Closed!.Reason);
        Assert.Equal(SctpAssociationState.Closed, pair.A.State);
        Assert.Equal(SctpAssociationState.Closed, pair.B.State);
        pair.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, pair.HandlerA.ClosedCount);
        Assert.Equal(1, pair.HandlerB.ClosedCount);
        Assert.Null(pair.A.NextDeadline);
        AssertHealthy(pair);
    }

    [Fact]
    public void Abort_with_a_reason_is_reported_with_its_cause_on_the_other_side()
    {
        var pair = new SctpTestPair();
        pair.Connect();
        pair.A.Send(0, 0, new byte[100_000], default, pair.Now);
        pair.A.Abort("game over");
        Assert.Equal(SctpCloseReason.AbortedLocally, pair.HandlerA.Closed!.Reason);
        Assert.True(pair.PumpUntil(() => pair.HandlerB.Closed is not null, TimeSpan.FromSeconds(5)));
        Assert.Equal(SctpCloseReason.AbortedByPeer, pair.HandlerB.Closed!.Reason);
        Assert.Equal(SctpErrorCauseCode.UserInitiatedAbort, pair.HandlerB.Closed.CauseCode);
        Assert.Equal("game over", pair.HandlerB.Closed.Message);
        Assert.Equal(0, pair.A.OutstandingChunkCount);
        Assert.Equal(0, pair.A.BufferedAmount);
    }

    [Fact]
    public void An_unanswered_peer_closes_the_association_at_the_retransmission_limit()
    {
        var options = new SctpAssociationOptions { MaxRetransmissions = 4 };
        var pair = new SctpTestPair(optionsA: options);
        pair.Connect();
        pair.LinkUp = false;
        pair.A.Send(0, 0, [1, 2, 3], default, pair.Now);
        Assert.True(pair.PumpUntil(() => pair.HandlerA.Closed is not null, TimeSpan.FromMinutes(5)));
        Assert.Equal(SctpCloseReason.RetransmissionLimit, pair.HandlerA.Closed!.Reason);
    }

    [Fact]
    public void Without_a_limit_retransmissions_continue_and_recover_after_an_outage()
    {
        var pair = new SctpTestPair();
        pair.Connect();
        pair.LinkUp = false;
        pair.A.Send(0, 0, TestMessages.Create(0, 0, 5000), default, pair.Now);
        pair.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(pair.HandlerA.Closed);
        Assert.True(pair.A.RetransmissionTimeoutValue > TimeSpan.FromSeconds(3)); // RTO backed off...
        pair.LinkUp = true;
        var before = pair.Now;
        Assert.True(pair.PumpUntil(() => pair.HandlerB.Messages.Count == 1, TimeSpan.FromMinutes(1)));
        Assert.True(pair.Now - before <= TimeSpan.FromSeconds(3.1)); // ...but the timer never waits more than 3 s
    }

    [Fact]
    public void An_idle_association_sends_heartbeats_and_measures_the_round_trip()
    {
        var pair = new SctpTestPair();
        pair.Connect();
        pair.Advance(TimeSpan.FromSeconds(65));
        Assert.True(pair.A.Counters.HeartbeatsSent >= 1);
        Assert.True(pair.B.Counters.HeartbeatsSent >= 1);
        Assert.InRange(pair.A.SmoothedRoundTripTime, TimeSpan.FromMilliseconds(19), TimeSpan.FromMilliseconds(21));
        Assert.Null(pair.HandlerA.Closed);
    }

    [Fact]
    public void Buffered_amount_counts_unsent_bytes_and_reports_when_it_falls_to_the_threshold()
    {
        var pair = new SctpTestPair();
        pair.Connect();
        pair.A.SetBufferedAmountLowThreshold(3, 10_000);
        pair.A.Send(3, 0, new byte[100_000], default, pair.Now);
        Assert.Equal(100_000, pair.A.GetBufferedAmount(3));
        Assert.Equal(100_000, pair.A.BufferedAmount);
        Assert.True(pair.PumpUntil(() => pair.HandlerB.Messages.Count == 1, Long));
        Assert.Equal(0, pair.A.GetBufferedAmount(3));
        Assert.Equal(new ushort[] { 3 }, pair.HandlerA.LowBuffered);
    }

    [Fact]
    public void Send_refuses_empty_oversized_and_out_of_range_messages()
    {
        var pair = new SctpTestPair();
        pair.Connect();
        Assert.Equal(SctpSendStatus.EmptyMessage, pair.A.Send(0, 51, [], default, pair.Now));
        Assert.Equal(SctpSendStatus.MessageTooLarge, pair.A.Send(0, 53, new byte[256 * 1024 + 1], default, pair.Now));
        pair.A.RemoteMaxMessageSize = 65536;
        Assert.Equal(SctpSendStatus.MessageTooLarge, pair.A.Send(0, 53, new byte[65537], default, pair.Now));
        Assert.Equal(SctpSendStatus.Ok, pair.A.Send(0, 53, new byte[65536], default, pair.Now));
    }

    [Fact]
    public void Larger_messages_are_accepted_when_configured()
    {
        var options = new SctpAssociationOptions { MaxMessageSize = 1024 * 1024, ReceiveWindow = 4 * 1024 * 1024 };
        var pair = new SctpTestPair(8, LinkImpairments.Harsh, options, options);
        pair.Connect();
        var message = TestMessages.Create(0, 0, 1024 * 1024);
        Assert.Equal(SctpSendStatus.Ok, pair.A.Send(0, 0, message, default, pair.Now));
        Assert.True(pair.PumpUntil(() => pair.HandlerB.Messages.Count == 1, Long));
        Assert.True(TestMessages.IsIntact(0, 0, pair.HandlerB.Messages[0].Data, message.Length));
    }

    [Fact]
    public void A_message_larger_than_the_receivers_limit_aborts_the_association()
    {
        var pair = new SctpTestPair(optionsA: new SctpAssociationOptions { MaxMessageSize = 1024 * 1024, ReceiveWindow = 4 * 1024 * 1024 });
        pair.Connect();
        pair.A.RemoteMaxMessageSize = 0; // a sender that ignores the peer's max-message-size
        pair.A.Send(0, 0, new byte[512 * 1024], default, pair.Now);
        Assert.True(pair.PumpUntil(() => pair.HandlerA.Closed is not null && pair.HandlerB.Closed is not null, Long));
        Assert.Equal(SctpCloseReason.ProtocolViolation, pair.HandlerB.Closed!.Reason);
        Assert.Equal(SctpCloseReason.AbortedByPeer, pair.HandlerA.Closed!.Reason);
        Assert.Equal(SctpErrorCauseCode.ProtocolViolation, pair.HandlerA.Closed.CauseCode);
    }

    [Fact]
    public void Messages_sent_before_the_handshake_completes_are_delivered_after_it()
    {
        var pair = new SctpTestPair(9, LinkImpairments.Harsh);
        pair.A.Connect(pair.Now);
        Assert.Equal(SctpSendStatus.Ok, pair.A.Send(0, 0, TestMessages.Create(0, 0, 3000), default, pair.Now));
        Assert.True(pair.PumpUntil(() => pair.HandlerB.Messages.Count == 1, Long));
    }
}
