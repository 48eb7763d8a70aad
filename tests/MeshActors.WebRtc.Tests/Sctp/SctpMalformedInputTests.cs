using System.Buffers.Binary;
using MeshActors.WebRtc.Sctp;

namespace MeshActors.WebRtc.Tests.Sctp;

public class SctpMalformedInputTests
{
    private static SctpTestPair Connected(SctpAssociationOptions? options = null)
    {
        var pair = new SctpTestPair(optionsA: options, optionsB: options);
        pair.Connect();
        return pair;
    }

    /// <summary>After bad input the association still carries a message both ways.</summary>
    private static void AssertStillWorks(SctpTestPair pair)
    {
        var a = pair.HandlerB.Messages.Count;
        var b = pair.HandlerA.Messages.Count;
        Assert.Equal(SctpSendStatus.Ok, pair.A.Send(0, 1, [1, 2, 3], default, pair.Now));
        Assert.Equal(SctpSendStatus.Ok, pair.B.Send(0, 1, [4, 5, 6], default, pair.Now));
        Assert.True(pair.PumpUntil(() => pair.HandlerB.Messages.Count >= a + 1 && pair.HandlerA.Messages.Count >= b + 1, TimeSpan.FromSeconds(30)));
        Assert.Equal(0, pair.A.Counters.InternalErrors);
        Assert.Equal(0, pair.B.Counters.InternalErrors);
    }

    [Fact]
    public void A_packet_with_a_bad_checksum_is_dropped_and_counted()
    {
        var pair = Connected();
        var packet = PacketBuilder.Packet(pair.B.LocalVerificationTag, PacketBuilder.Chunk(new DataChunk(pair.B.CumulativeTsnReceived + 1, 0, 0, 53, 3, [9])));
        packet[^1] ^= 1;
        pair.B.HandlePacket(packet, pair.Now);
        Assert.Equal(1, pair.B.Counters.BadChecksums);
        Assert.Empty(pair.HandlerB.Messages);
        AssertStillWorks(pair);
    }

    [Theory]
    [InlineData("00000000")]          // zero-length chunk (loops forever in naive parsers)
    [InlineData("0b000003")]          // length below the header
    [InlineData("00030040 00000001")] // runs past the packet
    [InlineData("0b000004 01")]       // trailing garbage
    [InlineData("")]                  // no chunk at all
    public void Chunks_with_bad_lengths_drop_the_whole_packet(string chunks)
    {
        var pair = Connected();
        pair.B.HandlePacket(PacketBuilder.Packet(pair.B.LocalVerificationTag, Hex.Bytes(chunks)), pair.Now);
        Assert.Equal(1, pair.B.Counters.MalformedPackets);
        AssertStillWorks(pair);
    }

    [Fact]
    public void Packets_shorter_than_a_header_are_dropped()
    {
        var pair = Connected();
        pair.B.HandlePacket([], pair.Now);
        pair.B.HandlePacket(new byte[11], pair.Now);
        pair.B.HandlePacket(new byte[12], pair.Now);
        Assert.Equal(3, pair.B.Counters.MalformedPackets);
        AssertStillWorks(pair);
    }

    [Fact]
    public void A_wrong_verification_tag_or_port_drops_the_packet()
    {
        var pair = Connected();
        var data = PacketBuilder.Chunk(new DataChunk(pair.B.CumulativeTsnReceived + 1, 0, 0, 53, 3, [9]));
        pair.B.HandlePacket(PacketBuilder.Packet(pair.B.LocalVerificationTag + 1, data), pair.Now);
        pair.B.HandlePacket(PacketBuilder.Packet(pair.B.LocalVerificationTag, data, source: 5001), pair.Now);
        pair.B.HandlePacket(PacketBuilder.Packet(0, data), pair.Now);
        Assert.Equal(3, pair.B.Counters.VerificationTagMismatches);
        Assert.Empty(pair.HandlerB.Messages);
        AssertStillWorks(pair);
    }

    [Fact]
    public void A_sack_whose_gap_blocks_point_past_what_was_sent_is_dropped()
    {
        var pair = Connected();
        var cum = pair.A.NextTsn - 1;
        var sack = PacketBuilder.Chunk(new SackChunk(cum, 100_000, [new SackGapBlock(2, 5000)], []));
        pair.A.HandlePacket(PacketBuilder.Packet(pair.A.LocalVerificationTag, sack), pair.Now);
        var ahead = PacketBuilder.Chunk(new SackChunk(cum + 1000, 100_000, [], []));
        pair.A.HandlePacket(PacketBuilder.Packet(pair.A.LocalVerificationTag, ahead), pair.Now);
        var reversed = PacketBuilder.Chunk(new SackChunk(cum, 100_000, [new SackGapBlock(3, 2)], []));
        pair.A.HandlePacket(PacketBuilder.Packet(pair.A.LocalVerificationTag, reversed), pair.Now);
        Assert.Equal(3, pair.A.Counters.MalformedPackets);
        AssertStillWorks(pair);
    }

    [Fact]
    public void A_sack_whose_counts_lie_is_dropped()
    {
        var pair = Connected();
        var sack = Hex.Bytes("03000014 00000000 00010000 00050000 00010002");
        BinaryPrimitives.WriteUInt32BigEndian(sack.AsSpan(4), pair.A.NextTsn - 1);
        pair.A.HandlePacket(PacketBuilder.Packet(pair.A.LocalVerificationTag, sack), pair.Now);
        Assert.Equal(1, pair.A.Counters.MalformedPackets);
        AssertStillWorks(pair);
    }

    [Fact]
    public void A_data_chunk_without_user_data_aborts_with_no_user_data()
    {
        var pair = Connected(new SctpAssociationOptions { EnableMessageInterleaving = false });
        var empty = Hex.Bytes("00030010 00000000 00000000 00000033");
        BinaryPrimitives.WriteUInt32BigEndian(empty.AsSpan(4), pair.B.CumulativeTsnReceived + 1);
        pair.B.HandlePacket(PacketBuilder.Packet(pair.B.LocalVerificationTag, empty), pair.Now);
        Assert.Equal(SctpCloseReason.ProtocolViolation, pair.HandlerB.Closed!.Reason);
        Assert.Equal(SctpErrorCauseCode.NoUserData, pair.HandlerB.Closed.CauseCode);
        Assert.True(pair.PumpUntil(() => pair.HandlerA.Closed is not null, TimeSpan.FromSeconds(5)));
        Assert.Equal(SctpErrorCauseCode.NoUserData, pair.HandlerA.Closed!.CauseCode);
    }

    [Fact]
    public void Data_on_a_stream_beyond_the_negotiated_count_is_acknowledged_dropped_and_reported()
    {
        var pair = new SctpTestPair(optionsB: new SctpAssociationOptions { InboundStreams = 4 });
        pair.Connect();
        var errors = 0;
        pair.Tap = (fromA, packet) =>
        {
            if (!fromA && packet.Length > 12 && packet[12] == (byte)SctpChunkType.Error)
            {
                errors++;
            }
            return packet;
        };
        var data = PacketBuilder.Data(pair.B, pair.B.CumulativeTsnReceived + 1, 9, [9]);
        pair.B.HandlePacket(PacketBuilder.Packet(pair.B.LocalVerificationTag, data), pair.Now);
        pair.Flush();
        Assert.Equal(1, errors);
        Assert.Empty(pair.HandlerB.Messages);
        Assert.Equal(pair.B.CumulativeTsnReceived, BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(4))); // acknowledged all the same
    }

    [Theory]
    [InlineData(0x3F, false, false)] // 00: stop, no report
    [InlineData(0x7F, false, true)]  // 01: stop and report
    [InlineData(0xBF, true, false)]  // 10: skip
    [InlineData(0xFF, true, true)]   // 11: skip and report
    public void Unknown_chunk_types_are_handled_as_their_top_two_bits_say(byte type, bool continues, bool reports)
    {
        var pair = Connected();
        var errors = 0;
        pair.Tap = (fromA, packet) =>
        {
            if (!fromA && packet.Length > 12 && packet[12] == (byte)SctpChunkType.Error)
            {
                errors++;
                Assert.Equal((byte)SctpErrorCauseCode.UnrecognizedChunkType, packet[12 + 4 + 1]);
            }
            return packet;
        };
        // The unknown chunk goes in front of the DATA of A's next packet.
        var unknown = new byte[] { type, 0, 0, 6, 0xAB, 0xCD, 0, 0 };
        var previousTap = pair.Tap;
        pair.Tap = (fromA, packet) =>
        {
            if (fromA && packet.Length > 12 && packet[12] == (byte)SctpChunkType.IData)
            {
                pair.Tap = previousTap;
                return PacketBuilder.Restamp(PacketBuilder.Concat(packet[..12], unknown, packet[12..]));
            }
            return previousTap!(fromA, packet);
        };
        pair.A.Send(0, 1, [42], default, pair.Now);
        Assert.True(pair.PumpUntil(() => pair.B.Counters.UnrecognizedChunks == 1, TimeSpan.FromSeconds(1)));
        pair.Flush();
        Assert.Equal(1, pair.B.Counters.UnrecognizedChunks);
        Assert.Equal(continues ? 1 : 0, pair.HandlerB.Messages.Count);
        Assert.Equal(reports ? 1 : 0, errors);
        AssertStillWorks(pair);
    }

    [Fact]
    public void Unknown_init_parameters_are_skipped_or_reported_as_their_type_bits_say()
    {
        var handler = new RecordingHandler();
        var b = new SctpAssociation(null, handler);
        var parameters = Hex.Bytes("80010008 00000001" + "c0070004" + "80080006 82c00000" + "c0000004");
        var init = PacketBuilder.Chunk(new InitChunk(0x1234, 1 << 20, 10, 10, 77, parameters));
        b.HandlePacket(PacketBuilder.Packet(0, init), TimeSpan.Zero);
        var buffer = new byte[1500];
        var n = b.PollTransmit(buffer, TimeSpan.Zero);
        Assert.True(n > 0);
        Assert.Equal(0x1234u, BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(4)));
        Assert.Equal(SctpCodecStatus.Ok, InitAckChunk.TryRead(buffer.AsSpan(12, n - 12), out var initAck));
        var unrecognized = new List<string>();
        var walker = new SctpParameterEnumerator(initAck.Parameters);
        while (walker.MoveNext(out var type, out var item))
        {
            if (type == (ushort)SctpParameterType.UnrecognizedParameter)
            {
                Assert.Equal(SctpCodecStatus.Ok, UnrecognizedParameter.TryRead(item, out var p));
                unrecognized.Add(Hex.Of(p.UnrecognizedItem));
            }
        }
        // 0x8001 (zero checksum) is known and ignored; 0xC007 is unknown with "skip and report".
        Assert.Equal(["c0070004"], unrecognized);

        // A parameter with the top bits 00 stops the processing of what follows (here the extensions).
        var stopping = Hex.Bytes("00330004" + "80080006 82c00000" + "c0000004");
        var b2 = new SctpAssociation(null, new RecordingHandler());
        b2.HandlePacket(PacketBuilder.Packet(0, PacketBuilder.Chunk(new InitChunk(0x99, 1 << 20, 10, 10, 5, stopping))), TimeSpan.Zero);
        Assert.True(b2.PollTransmit(buffer, TimeSpan.Zero) > 0); // still answered
    }

    [Fact]
    public void An_init_with_a_zero_tag_or_stream_count_is_discarded()
    {
        var b = new SctpAssociation(null, new RecordingHandler());
        b.HandlePacket(PacketBuilder.Packet(0, PacketBuilder.Chunk(new InitChunk(0, 1 << 20, 10, 10, 5, []))), TimeSpan.Zero);
        b.HandlePacket(PacketBuilder.Packet(0, PacketBuilder.Chunk(new InitChunk(7, 1 << 20, 0, 10, 5, []))), TimeSpan.Zero);
        b.HandlePacket(PacketBuilder.Packet(0, PacketBuilder.Chunk(new InitChunk(7, 1 << 20, 10, 0, 5, []))), TimeSpan.Zero);
        Assert.Equal(0, b.PollTransmit(new byte[1500], TimeSpan.Zero));
        Assert.Equal(3, b.Counters.IgnoredChunks);
    }

    [Fact]
    public void An_init_bundled_with_other_chunks_or_with_a_nonzero_tag_is_dropped()
    {
        var b = new SctpAssociation(null, new RecordingHandler());
        var init = PacketBuilder.Chunk(new InitChunk(7, 1 << 20, 10, 10, 5, []));
        b.HandlePacket(PacketBuilder.Packet(0, PacketBuilder.Concat(init, Hex.Bytes("0b000004"))), TimeSpan.Zero);
        b.HandlePacket(PacketBuilder.Packet(9, init), TimeSpan.Zero);
        Assert.Equal(0, b.PollTransmit(new byte[1500], TimeSpan.Zero));
        Assert.Equal(2, b.Counters.VerificationTagMismatches);
    }

    [Fact]
    public void A_forged_or_stale_cookie_does_not_create_an_association()
    {
        var a = new SctpAssociation(null, new RecordingHandler());
        var handlerB = new RecordingHandler();
        var b = new SctpAssociation(null, handlerB);
        var buffer = new byte[1500];
        a.Connect(TimeSpan.Zero);
        var n = a.PollTransmit(buffer, TimeSpan.Zero);
        b.HandlePacket(buffer.AsSpan(0, n), TimeSpan.Zero);
        n = b.PollTransmit(buffer, TimeSpan.Zero); // INIT ACK
        a.HandlePacket(buffer.AsSpan(0, n), TimeSpan.Zero);
        n = a.PollTransmit(buffer, TimeSpan.Zero); // COOKIE ECHO
        var echo = buffer.AsSpan(0, n).ToArray();

        var forged = (byte[])echo.Clone();
        forged[20] ^= 0x01; // inside the cookie
        b.HandlePacket(PacketBuilder.Restamp(forged), TimeSpan.Zero);
        Assert.Equal(SctpAssociationState.Closed, b.State);

        b.HandlePacket(echo, TimeSpan.FromSeconds(61)); // Valid.Cookie.Life is 60 s
        Assert.Equal(SctpAssociationState.Closed, b.State);
        n = b.PollTransmit(buffer, TimeSpan.FromSeconds(61));
        Assert.True(n > 0);
        Assert.Equal((byte)SctpChunkType.Error, buffer[12]);
        Assert.Equal((ushort)SctpErrorCauseCode.StaleCookie, BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(16)));

        // The stale-cookie error makes the initiator start over, and the fresh cookie works.
        a.HandlePacket(buffer.AsSpan(0, n), TimeSpan.FromSeconds(61));
        Assert.Equal(SctpAssociationState.CookieWait, a.State);
        var now = TimeSpan.FromSeconds(61);
        for (var i = 0; i < 10 && a.State != SctpAssociationState.Established; i++)
        {
            while ((n = a.PollTransmit(buffer, now)) > 0)
            {
                b.HandlePacket(buffer.AsSpan(0, n), now);
            }
            while ((n = b.PollTransmit(buffer, now)) > 0)
            {
                a.HandlePacket(buffer.AsSpan(0, n), now);
            }
        }
        Assert.Equal(SctpAssociationState.Established, a.State);
        Assert.Equal(SctpAssociationState.Established, b.State);
        Assert.Equal(1, handlerB.ConnectedCount);
    }

    [Fact]
    public void Data_chunks_when_i_data_was_negotiated_abort_with_a_protocol_violation()
    {
        var pair = Connected();
        Assert.True(pair.B.MessageInterleavingEnabled);
        var data = PacketBuilder.Chunk(new DataChunk(pair.B.CumulativeTsnReceived + 1, 0, 0, 53, 3, [1]));
        pair.B.HandlePacket(PacketBuilder.Packet(pair.B.LocalVerificationTag, data), pair.Now);
        Assert.Equal(SctpCloseReason.ProtocolViolation, pair.HandlerB.Closed!.Reason);
    }

    [Fact]
    public void A_forward_tsn_that_skips_further_than_could_have_been_sent_is_dropped()
    {
        var pair = Connected();
        var forward = PacketBuilder.Chunk(new InterleavedForwardTsnChunk(pair.B.CumulativeTsnReceived + 100_000, []));
        pair.B.HandlePacket(PacketBuilder.Packet(pair.B.LocalVerificationTag, forward), pair.Now);
        Assert.Equal(1, pair.B.Counters.MalformedPackets);
        AssertStillWorks(pair);
    }

    [Fact]
    public void Reconfig_requests_out_of_sequence_are_answered_bad_sequence_number_and_ignored()
    {
        var pair = Connected();
        var request = new OutgoingSsnResetRequestParameter(12345, 0, pair.B.CumulativeTsnReceived, [1]);
        var parameter = PacketBuilder.Chunk(request);
        var chunk = PacketBuilder.Chunk(new ReConfigChunk(parameter));
        SctpReconfigurationResult? result = null;
        pair.Tap = (fromA, packet) =>
        {
            if (!fromA && packet.Length > 12 && packet[12] == (byte)SctpChunkType.ReConfig
                && ReconfigurationResponseParameter.TryRead(packet.AsSpan(16), out var response) == SctpCodecStatus.Ok)
            {
                result = response.Result;
            }
            return packet;
        };
        pair.B.HandlePacket(PacketBuilder.Packet(pair.B.LocalVerificationTag, chunk), pair.Now);
        pair.Flush();
        Assert.Equal(SctpReconfigurationResult.ErrorBadSequenceNumber, result);
        Assert.Empty(pair.HandlerB.IncomingResets);
        AssertStillWorks(pair);
    }

    [Fact]
    public void A_peer_filling_gaps_beyond_the_window_cannot_make_the_receiver_hold_more_than_twice_the_window()
    {
        var pair = Connected();
        var cum = pair.B.CumulativeTsnReceived;
        var tag = pair.B.LocalVerificationTag;
        var payload = new byte[1100];
        // The highest TSN far ahead, then chunks below it (gap fillers) that never complete a message.
        pair.B.HandlePacket(PacketBuilder.Packet(tag, PacketBuilder.Chunk(new InterleavedDataChunk(cum + 60_000, 0, 1_000_000, 53, DataChunk.BeginningFlag, [1]))), pair.Now);
        for (uint i = 2; i < 4000; i++)
        {
            var chunk = new InterleavedDataChunk(cum + i, 0, i, 53, DataChunk.BeginningFlag, payload);
            pair.B.HandlePacket(PacketBuilder.Packet(tag, PacketBuilder.Chunk(chunk)), pair.Now);
        }
        Assert.InRange(pair.B.ReceiveBufferedBytes, pair.B.Options.ReceiveWindow, 2L * pair.B.Options.ReceiveWindow);
        Assert.True(pair.B.Counters.DataChunksDroppedNoBuffer > 0);
        Assert.Null(pair.B.CheckInvariants());
    }
}
