using MeshActors.WebRtc.Sctp;

namespace MeshActors.WebRtc.Tests.Sctp;

public class SctpAssociationEdgeTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(30);

    [Fact]
    public void Sequence_numbers_wrap_around_without_losing_or_reordering_messages()
    {
        var a = new SctpAssociationOptions { InitialTsn = uint.MaxValue - 40 };
        var b = new SctpAssociationOptions { InitialTsn = uint.MaxValue - 3 };
        var pair = new SctpTestPair(81, LinkImpairments.Harsh, a, b);
        pair.Connect();
        pair.HandlerB.ResetOwnSideOnIncomingReset = true;
        for (uint i = 0; i < 100; i++)
        {
            pair.A.Send(0, i, TestMessages.Create(0, i, 700), default, pair.Now);
            pair.B.Send(0, i, TestMessages.Create(0, i, 1500), new SctpSendOptions { Unordered = i % 2 == 0 }, pair.Now);
        }
        pair.A.ResetStreams([5]);
        Assert.True(pair.PumpUntil(() => pair.HandlerB.Messages.Count == 100 && pair.HandlerA.Messages.Count == 100 && pair.HandlerA.OutgoingResets.Count == 1 && pair.Idle, Long));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (uint)i), pair.HandlerB.Messages.Select(m => m.Ppid));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (uint)i), pair.HandlerA.Messages.Select(m => m.Ppid).Order());
        Assert.True(pair.A.NextTsn < 1000); // it did wrap
        Assert.Equal(0, pair.A.Counters.InternalErrors + pair.B.Counters.InternalErrors);
    }

    [Fact]
    public void Partially_reliable_messages_are_sent_reliably_to_a_peer_without_forward_tsn()
    {
        var noPr = new SctpAssociationOptions { EnablePartialReliability = false };
        var pair = new SctpTestPair(82, LinkImpairments.Harsh, optionsB: noPr);
        pair.Connect();
        Assert.False(pair.A.PartialReliabilityEnabled);
        for (uint i = 0; i < 50; i++)
        {
            pair.A.Send(0, i, TestMessages.Create(0, i, 900), new SctpSendOptions { MaxRetransmits = 0 }, pair.Now);
        }
        Assert.True(pair.PumpUntil(() => pair.HandlerB.Messages.Count == 50 && pair.Idle, Long));
        Assert.Equal(0, pair.A.Counters.ForwardTsnsSent);
        Assert.Equal(0, pair.A.Counters.MessagesAbandoned);
    }

    [Fact]
    public void A_peer_that_restarts_is_reported_and_the_association_continues_with_fresh_state()
    {
        var pair = new SctpTestPair();
        pair.Connect();
        pair.A.Send(0, 0, [1], default, pair.Now);
        Assert.True(pair.PumpUntil(() => pair.HandlerB.Messages.Count == 1 && pair.Idle, Long));

        // A second endpoint takes A's place (A crashed and came back) and starts over.
        var handlerA2 = new RecordingHandler();
        var a2 = new SctpAssociation(null, handlerA2);
        var buffer = new byte[1500];
        var now = pair.Now;
        a2.Connect(now);
        for (var round = 0; round < 10; round++)
        {
            int n;
            while ((n = a2.PollTransmit(buffer, now)) > 0)
            {
                pair.B.HandlePacket(buffer.AsSpan(0, n), now);
            }
            while ((n = pair.B.PollTransmit(buffer, now)) > 0)
            {
                a2.HandlePacket(buffer.AsSpan(0, n), now);
            }
        }
        Assert.Equal(SctpAssociationState.Established, a2.State);
        Assert.Equal(1, pair.HandlerB.RestartCount);
        Assert.Equal(2, pair.HandlerB.ConnectedCount);
        Assert.Equal(SctpSendStatus.Ok, a2.Send(0, 7, [7, 7], default, now));
        for (var round = 0; round < 5; round++)
        {
            int n;
            while ((n = a2.PollTransmit(buffer, now)) > 0)
            {
                pair.B.HandlePacket(buffer.AsSpan(0, n), now);
            }
            while ((n = pair.B.PollTransmit(buffer, now)) > 0)
            {
                a2.HandlePacket(buffer.AsSpan(0, n), now);
            }
            now += TimeSpan.FromMilliseconds(50);
            pair.B.HandleTimeout(now);
        }
        Assert.Equal(7u, pair.HandlerB.Messages[^1].Ppid); // SSN 0 again: accepted as the first message
    }

    [Fact]
    public void After_an_outage_backed_off_timers_stay_capped_so_shutdown_completes_in_seconds()
    {
        var pair = new SctpTestPair(86, LinkImpairments.Harsh);
        pair.Connect();
        pair.LinkUp = false;
        pair.A.Send(0, 0, [1, 2, 3], default, pair.Now);
        pair.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(TimeSpan.FromSeconds(60), pair.A.RetransmissionTimeoutValue); // RTO.Max after the backoffs
        pair.LinkUp = true;
        Assert.True(pair.PumpUntil(() => pair.HandlerB.Messages.Count == 1 && pair.Idle, TimeSpan.FromSeconds(30)));
        var start = pair.Now;
        pair.A.Shutdown(pair.Now);
        Assert.True(pair.PumpUntil(() => pair.HandlerA.Closed is not null && pair.HandlerB.Closed is not null, TimeSpan.FromMinutes(10)));
        Assert.Equal(SctpCloseReason.ShutdownComplete, pair.HandlerA.Closed!.Reason);
        Assert.True(pair.Now - start < TimeSpan.FromSeconds(30), $"shutdown took {pair.Now - start}");
    }

    [Theory]
    [InlineData(87)]
    [InlineData(88)]
    public void Interleaved_large_messages_on_many_streams_do_not_deadlock_a_small_receive_window(int seed)
    {
        // Six 64 KiB messages at once would fill a 128 KiB window with begun-but-unfinished messages.
        var sender = new SctpAssociationOptions { MaxPacketSize = 300 };
        var receiver = new SctpAssociationOptions { MaxPacketSize = 300, ReceiveWindow = 128 * 1024, MaxMessageSize = 64 * 1024 };
        var pair = new SctpTestPair(seed, LinkImpairments.Harsh, sender, receiver);
        pair.Connect();
        Assert.True(pair.A.MessageInterleavingEnabled);
        pair.A.RemoteMaxMessageSize = 64 * 1024;
        for (uint i = 0; i < 24; i++)
        {
            Assert.Equal(SctpSendStatus.Ok, pair.A.Send((ushort)(i % 6), i, TestMessages.Create((ushort)(i % 6), i, 64 * 1024), default, pair.Now));
        }
        Assert.True(pair.PumpUntil(() => pair.HandlerB.Messages.Count == 24 && pair.Idle, Long), $"{pair.HandlerB.Messages.Count} of 24");
        Assert.Null(pair.HandlerB.Closed);
        foreach (var m in pair.HandlerB.Messages)
        {
            Assert.True(TestMessages.IsIntact(m.Stream, m.Ppid, m.Data, 64 * 1024));
        }
    }

    [Fact]
    public void Shutdown_from_both_sides_at_once_completes()
    {
        var pair = new SctpTestPair(83, LinkImpairments.Harsh);
        pair.Connect();
        pair.A.Send(0, 0, new byte[5000], default, pair.Now);
        pair.B.Send(0, 0, new byte[5000], default, pair.Now);
        pair.A.Shutdown(pair.Now);
        pair.B.Shutdown(pair.Now);
        Assert.True(pair.PumpUntil(() => pair.HandlerA.Closed is not null && pair.HandlerB.Closed is not null, Long));
        Assert.Equal(SctpCloseReason.ShutdownComplete, pair.HandlerA.Closed!.Reason);
        Assert.Equal(SctpCloseReason.ShutdownComplete, pair.HandlerB.Closed!.Reason);
        Assert.Single(pair.HandlerA.Messages);
        Assert.Single(pair.HandlerB.Messages);
    }

    [Fact]
    public void A_handler_that_aborts_while_receiving_stops_processing_cleanly()
    {
        var pair = new SctpTestPair();
        pair.Connect();
        pair.HandlerB.OnMessageAction = (_, _, _) => pair.B.Abort("enough");
        for (uint i = 0; i < 20; i++)
        {
            pair.A.Send(0, i, new byte[100], new SctpSendOptions { Unordered = i % 2 == 0 }, pair.Now);
        }
        Assert.True(pair.PumpUntil(() => pair.HandlerA.Closed is not null, Long));
        Assert.Single(pair.HandlerB.Messages);
        Assert.Equal("enough", pair.HandlerA.Closed!.Message);
        Assert.Equal(0, pair.B.Counters.InternalErrors);
        Assert.Equal(0, pair.B.ReceiveBufferedBytes);
    }

    [Fact]
    public void A_handler_that_throws_aborts_the_association_and_is_counted()
    {
        var pair = new SctpTestPair();
        pair.Connect();
        pair.HandlerB.OnMessageAction = (_, _, _) => throw new InvalidOperationException("bug in the layer above");
        pair.A.Send(0, 0, [1], default, pair.Now);
        Assert.True(pair.PumpUntil(() => pair.HandlerA.Closed is not null, Long));
        Assert.Equal(SctpCloseReason.InternalError, pair.HandlerB.Closed!.Reason);
        Assert.IsType<InvalidOperationException>(pair.B.LastInternalError);
        Assert.Equal(1, pair.B.Counters.InternalErrors);
    }

    [Fact]
    public void Resetting_a_stream_that_never_carried_data_still_tells_the_peer()
    {
        var pair = new SctpTestPair();
        pair.Connect();
        Assert.Equal(SctpResetStatus.Ok, pair.A.ResetStreams([42]));
        Assert.True(pair.PumpUntil(() => pair.HandlerA.OutgoingResets.Count == 1, Long));
        Assert.Equal(new ushort[] { 42 }, pair.HandlerB.IncomingResets);
    }

    [Fact]
    public void A_reset_overtaking_its_data_waits_until_the_data_arrived()
    {
        var pair = new SctpTestPair(84);
        pair.Connect();
        // Hold back A's data packets so the reset request arrives first; they follow later.
        var held = new List<byte[]>();
        pair.Tap = (fromA, packet) =>
        {
            if (fromA && packet.Length > 12 && packet[12] == (byte)SctpChunkType.IData && held.Count < 3)
            {
                held.Add(packet);
                return null;
            }
            return packet;
        };
        for (uint i = 0; i < 3; i++)
        {
            pair.A.Send(1, i, TestMessages.Create(1, i, 500), default, pair.Now);
            pair.Flush();
        }
        pair.A.ResetStreams([1]);
        pair.Flush();
        pair.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Empty(pair.HandlerB.IncomingResets); // deferred: its data has not arrived
        pair.Tap = null;
        Assert.True(pair.PumpUntil(() => pair.HandlerA.OutgoingResets.Count == 1, Long));
        Assert.Equal(new uint[] { 0, 1, 2 }, pair.HandlerB.Messages.Select(m => m.Ppid));
        Assert.Equal(new ushort[] { 1 }, pair.HandlerB.IncomingResets);

        // The stream's next life begins at message 0 again.
        pair.A.Send(1, 10, TestMessages.Create(1, 10, 10), default, pair.Now);
        Assert.True(pair.PumpUntil(() => pair.HandlerB.Messages.Count == 4, Long));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_message_that_expires_half_sent_after_its_sent_part_was_acknowledged_is_skipped(bool interleaving)
    {
        var options = new SctpAssociationOptions { EnableMessageInterleaving = interleaving };
        var handlerB = new RecordingHandler();
        var a = new SctpAssociation(options, new RecordingHandler());
        var b = new SctpAssociation(options, handlerB);
        var buffer = new byte[2048];
        var now = TimeSpan.FromSeconds(1);
        a.Connect(now);
        Exchange(a, b, buffer, ref now);

        // One fragment of a 256 KiB message leaves and is acknowledged; then the message expires.
        Assert.Equal(SctpSendStatus.Ok, a.Send(5, 0, new byte[256 * 1024], new SctpSendOptions { MaxLifetime = TimeSpan.FromMilliseconds(40) }, now));
        var n = a.PollTransmit(buffer, now);
        b.HandlePacket(buffer.AsSpan(0, n), now);
        now += TimeSpan.FromMilliseconds(30);
        b.HandleTimeout(now); // delayed SACK
        n = b.PollTransmit(buffer, now);
        a.HandlePacket(buffer.AsSpan(0, n), now);
        Assert.Equal(0, a.FlightSize);
        Assert.True(b.ReceiveBufferedBytes > 0); // the receiver holds the first fragment

        now += TimeSpan.FromMilliseconds(30);
        Assert.Equal(SctpSendStatus.Ok, a.Send(5, 1, TestMessages.Create(5, 1, 300), default, now));
        Exchange(a, b, buffer, ref now);
        Assert.Single(handlerB.Messages);
        Assert.Equal(1u, handlerB.Messages[0].Ppid); // the stream was not blocked by the half message
        Assert.Equal(1, a.Counters.MessagesAbandoned);
        Assert.Equal(0, b.ReceiveBufferedBytes);    // and its fragment was dropped
        Assert.Null(a.CheckInvariants());
        Assert.Null(b.CheckInvariants());
    }

    /// <summary>Moves packets both ways (and runs due timers) for a simulated second.</summary>
    private static void Exchange(SctpAssociation a, SctpAssociation b, byte[] buffer, ref TimeSpan now)
    {
        for (var step = 0; step < 100; step++)
        {
            int n;
            bool moved;
            do
            {
                moved = false;
                while ((n = a.PollTransmit(buffer, now)) > 0)
                {
                    b.HandlePacket(buffer.AsSpan(0, n), now);
                    moved = true;
                }
                while ((n = b.PollTransmit(buffer, now)) > 0)
                {
                    a.HandlePacket(buffer.AsSpan(0, n), now);
                    moved = true;
                }
            }
            while (moved);
            now += TimeSpan.FromMilliseconds(10);
            a.HandleTimeout(now);
            b.HandleTimeout(now);
        }
    }
}
