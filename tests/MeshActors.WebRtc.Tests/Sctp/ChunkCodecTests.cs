using MeshActors.WebRtc.Sctp;

namespace MeshActors.WebRtc.Tests.Sctp;

public class ChunkCodecTests
{
    private static byte[] Written<T>(scoped in T chunk) where T : ISctpWritable, allows ref struct
    {
        var length = chunk.GetLength();
        var buffer = new byte[length + 8];
        Array.Fill(buffer, (byte)0xEE); // padding must be written as zeros, not left alone
        var written = chunk.Write(buffer);
        Assert.Equal(length, written);
        Assert.Equal(0, length % 4);
        return buffer[..written];
    }

    [Fact]
    public void Data_chunk_round_trips_byte_exactly_with_padding()
    {
        var expected = Hex.Bytes("00030013 01020304 00050006 00000033 61626300");
        var chunk = new DataChunk(0x01020304, 5, 6, 51, DataChunk.BeginningFlag | DataChunk.EndingFlag, "abc"u8);
        Assert.Equal(Hex.Of(expected), Hex.Of(Written(chunk)));

        Assert.Equal(SctpCodecStatus.Ok, DataChunk.TryRead(expected, out var read));
        Assert.Equal(0x01020304u, read.Tsn);
        Assert.Equal(5, read.StreamId);
        Assert.Equal(6, read.StreamSequenceNumber);
        Assert.Equal(51u, read.PayloadProtocolId);
        Assert.True(read.Beginning && read.Ending && !read.Unordered && !read.Immediate);
        Assert.Equal("abc"u8.ToArray(), read.UserData.ToArray());
        Assert.Equal(Hex.Of(expected), Hex.Of(Written(read)));
    }

    [Fact]
    public void Data_chunk_flags_are_the_rfc_bits()
    {
        var bytes = Hex.Bytes("000c0011 00000001 00000000 00000000 ff000000");
        Assert.Equal(SctpCodecStatus.Ok, DataChunk.TryRead(bytes, out var read));
        Assert.True(read.Unordered && read.Immediate && !read.Beginning && !read.Ending);
        Assert.Equal(new byte[] { 0xff }, read.UserData.ToArray());
    }

    [Fact]
    public void Data_chunk_shorter_than_its_header_or_its_buffer_is_rejected()
    {
        Assert.Equal(SctpCodecStatus.InvalidLength, DataChunk.TryRead(Hex.Bytes("0003000f 00000001 00000000 00000000"), out _));
        Assert.Equal(SctpCodecStatus.Truncated, DataChunk.TryRead(Hex.Bytes("00030020 00000001 00000000 00000000"), out _));
        Assert.Equal(SctpCodecStatus.WrongType, DataChunk.TryRead(Hex.Bytes("03030010 00000001 00000000 00000000"), out _));
        Assert.Equal(SctpCodecStatus.Ok, DataChunk.TryRead(Hex.Bytes("00030010 00000001 00000000 00000000"), out var empty));
        Assert.True(empty.UserData.IsEmpty);
    }

    [Fact]
    public void Interleaved_data_chunk_round_trips_and_carries_ppid_only_on_the_first_fragment()
    {
        var expected = Hex.Bytes("40020018 00000007 00020000 00000009 00000035 01020304");
        var first = new InterleavedDataChunk(7, 2, 9, 53, DataChunk.BeginningFlag, [1, 2, 3, 4]);
        Assert.Equal(Hex.Of(expected), Hex.Of(Written(first)));
        Assert.Equal(SctpCodecStatus.Ok, InterleavedDataChunk.TryRead(expected, out var read));
        Assert.Equal((7u, (ushort)2, 9u, 53u, 0u), (read.Tsn, read.StreamId, read.MessageId, read.PayloadProtocolId, read.FragmentSequenceNumber));

        var middle = Hex.Bytes("40050015 00000008 00020000 00000009 00000003 aa000000");
        Assert.Equal(SctpCodecStatus.Ok, InterleavedDataChunk.TryRead(middle, out read));
        Assert.Equal((3u, 0u), (read.FragmentSequenceNumber, read.PayloadProtocolId));
        Assert.True(read.Unordered && read.Ending && !read.Beginning);
        Assert.Equal(Hex.Of(middle), Hex.Of(Written(read)));
    }

    [Fact]
    public void Init_chunk_round_trips_with_its_parameters()
    {
        var expected = Hex.Bytes("01000020 a1b2c3d4 00100000 ffffffff 11223344 80080006 82c00000 c0000004");
        var parameters = Hex.Bytes("80080006 82c00000 c0000004");
        var chunk = new InitChunk(0xA1B2C3D4, 0x100000, 0xFFFF, 0xFFFF, 0x11223344, parameters);
        Assert.Equal(Hex.Of(expected), Hex.Of(Written(chunk)));
        Assert.Equal(SctpCodecStatus.Ok, InitChunk.TryRead(expected, out var read));
        Assert.Equal((0xA1B2C3D4u, 0x100000u, (ushort)0xFFFF, (ushort)0xFFFF, 0x11223344u),
            (read.InitiateTag, read.AdvertisedReceiverWindowCredit, read.OutboundStreams, read.InboundStreams, read.InitialTsn));
        Assert.Equal(Hex.Of(parameters), Hex.Of(read.Parameters));
        Assert.Equal(SctpCodecStatus.WrongType, InitAckChunk.TryRead(expected, out _));
    }

    [Fact]
    public void A_captured_browser_init_parses_and_lists_forward_tsn_and_reconfig()
    {
        // INIT captured from a usrsctp-era Chrome (published with dcsctp's InitChunkTest.FromCapture).
        var capture = Hex.Bytes(
            "0100005a de7a1690 00020000 03e803e8 250d37e8 80000004 c0000004 80080009 c00fc180 82000000" +
            "80020024 ab314462 121a1513 fd5a5f69 efaa06e9 abd748cc 3bd14b60 ed7fa644 ce4dd2ad" +
            "80040006 00010000 80030006 80c10000");
        Assert.Equal(SctpCodecStatus.Ok, InitChunk.TryRead(capture, out var init));
        Assert.Equal((0xde7a1690u, 131072u, (ushort)1000, (ushort)1000, 621623272u),
            (init.InitiateTag, init.AdvertisedReceiverWindowCredit, init.OutboundStreams, init.InboundStreams, init.InitialTsn));
        var types = new List<ushort>();
        var forwardTsn = false;
        var reconfig = false;
        var parameters = new SctpParameterEnumerator(init.Parameters);
        while (parameters.MoveNext(out var type, out var item))
        {
            types.Add(type);
            if (type == (ushort)SctpParameterType.SupportedExtensions)
            {
                Assert.Equal(SctpCodecStatus.Ok, SupportedExtensionsParameter.TryRead(item, out var extensions));
                forwardTsn = extensions.Contains(SctpChunkType.ForwardTsn);
                reconfig = extensions.Contains(SctpChunkType.ReConfig);
            }
        }
        Assert.Equal(SctpCodecStatus.Ok, parameters.Status);
        Assert.Equal(new ushort[] { 0x8000, 0xC000, 0x8008, 0x8002, 0x8004, 0x8003 }, types);
        Assert.True(forwardTsn && reconfig);
    }

    [Fact]
    public void Init_ack_chunk_round_trips_with_a_state_cookie()
    {
        var expected = Hex.Bytes("0200001c 00000001 00000002 00030004 00000005 00070008 aabbccdd");
        var chunk = new InitAckChunk(1, 2, 3, 4, 5, Hex.Bytes("00070008 aabbccdd"));
        Assert.Equal(Hex.Of(expected), Hex.Of(Written(chunk)));
        Assert.Equal(SctpCodecStatus.Ok, InitAckChunk.TryRead(expected, out var read));
        Assert.Equal(SctpCodecStatus.Ok, StateCookieParameter.TryRead(read.Parameters, out var cookie));
        Assert.Equal("aabbccdd", Hex.Of(cookie.Cookie));
    }

    [Fact]
    public void Sack_chunk_round_trips_gap_blocks_and_duplicates()
    {
        var expected = Hex.Bytes("0300001c 00000064 00010000 00020001 00020003 00050005 00000063");
        var chunk = new SackChunk(100, 0x10000, [new SackGapBlock(2, 3), new SackGapBlock(5, 5)], [99u]);
        Assert.Equal(Hex.Of(expected), Hex.Of(Written(chunk)));
        Assert.Equal(SctpCodecStatus.Ok, SackChunk.TryRead(expected, out var read));
        Assert.Equal((100u, 0x10000u, 2, 1), (read.CumulativeTsnAck, read.AdvertisedReceiverWindowCredit, read.GapBlockCount, read.DuplicateCount));
        Assert.Equal(new SackGapBlock(2, 3), read.GetGapBlock(0));
        Assert.Equal(new SackGapBlock(5, 5), read.GetGapBlock(1));
        Assert.Equal(99u, read.GetDuplicate(0));
        Assert.Equal(Hex.Of(expected), Hex.Of(Written(read)));
    }

    [Fact]
    public void Sack_chunk_whose_counts_lie_about_its_length_is_rejected()
    {
        // Claims 3 gap blocks but carries 2 (and the reverse: claims 1, carries 2).
        Assert.Equal(SctpCodecStatus.InvalidLength, SackChunk.TryRead(Hex.Bytes("03000018 00000064 00010000 00030000 00020003 00050005"), out _));
        Assert.Equal(SctpCodecStatus.InvalidLength, SackChunk.TryRead(Hex.Bytes("03000018 00000064 00010000 00010000 00020003 00050005"), out _));
        Assert.Equal(SctpCodecStatus.InvalidLength, SackChunk.TryRead(Hex.Bytes("0300001c 00000064 00010000 ffffffff 00020003 00050005 00000001"), out _));
    }

    [Fact]
    public void Heartbeat_and_heartbeat_ack_round_trip_their_info()
    {
        var expected = Hex.Bytes("0400000d 00010009 01020304 05000000");
        var chunk = new HeartbeatChunk([1, 2, 3, 4, 5]);
        Assert.Equal(Hex.Of(expected), Hex.Of(Written(chunk)));
        Assert.Equal(SctpCodecStatus.Ok, HeartbeatChunk.TryRead(expected, out var read));
        Assert.Equal("0102030405", Hex.Of(read.Info));

        var ack = new HeartbeatAckChunk(read.Info);
        var ackBytes = Written(ack);
        Assert.Equal("0500000d", Hex.Of(ackBytes.AsSpan(0, 4)));
        Assert.Equal(SctpCodecStatus.Ok, HeartbeatAckChunk.TryRead(ackBytes, out var readAck));
        Assert.Equal("0102030405", Hex.Of(readAck.Info));
        Assert.Equal(SctpCodecStatus.InvalidValue, HeartbeatChunk.TryRead(Hex.Bytes("04000008 00070004"), out _));
    }

    [Fact]
    public void Abort_chunk_round_trips_its_t_bit_and_cause()
    {
        var expected = Hex.Bytes("0601000c 000c0007 62796500");
        var cause = new byte[8];
        Assert.Equal(8, ErrorCause.WriteText(cause, SctpErrorCauseCode.UserInitiatedAbort, "bye"));
        var chunk = new AbortChunk(true, cause);
        Assert.Equal(Hex.Of(expected), Hex.Of(Written(chunk)));
        Assert.Equal(SctpCodecStatus.Ok, AbortChunk.TryRead(expected, out var read));
        Assert.True(read.VerificationTagReflected);
        Assert.Equal(SctpCodecStatus.Ok, ErrorCause.TryRead(read.Causes, out var readCause));
        Assert.Equal(SctpErrorCauseCode.UserInitiatedAbort, readCause.Code);
        Assert.Equal("bye", readCause.GetText());
    }

    [Fact]
    public void Fixed_size_chunks_round_trip_and_reject_other_lengths()
    {
        Assert.Equal("0700000801020304", Hex.Of(Written(new ShutdownChunk(0x01020304))));
        Assert.Equal(SctpCodecStatus.Ok, ShutdownChunk.TryRead(Hex.Bytes("0700000801020304"), out var shutdown));
        Assert.Equal(0x01020304u, shutdown.CumulativeTsnAck);
        Assert.Equal(SctpCodecStatus.InvalidLength, ShutdownChunk.TryRead(Hex.Bytes("0700000c0102030400000000"), out _));

        Assert.Equal("08000004", Hex.Of(Written(new ShutdownAckChunk())));
        Assert.Equal(SctpCodecStatus.Ok, ShutdownAckChunk.TryRead(Hex.Bytes("08000004"), out _));
        Assert.Equal(SctpCodecStatus.InvalidLength, ShutdownAckChunk.TryRead(Hex.Bytes("0800000800000000"), out _));

        Assert.Equal("0e010004", Hex.Of(Written(new ShutdownCompleteChunk(true))));
        Assert.Equal(SctpCodecStatus.Ok, ShutdownCompleteChunk.TryRead(Hex.Bytes("0e010004"), out var complete));
        Assert.True(complete.VerificationTagReflected);
        Assert.Equal(SctpCodecStatus.Ok, ShutdownCompleteChunk.TryRead(Hex.Bytes("0e000004"), out complete));
        Assert.False(complete.VerificationTagReflected);

        Assert.Equal("0b000004", Hex.Of(Written(new CookieAckChunk())));
        Assert.Equal(SctpCodecStatus.Ok, CookieAckChunk.TryRead(Hex.Bytes("0b000004"), out _));
        Assert.Equal(SctpCodecStatus.InvalidLength, CookieAckChunk.TryRead(Hex.Bytes("0b000003"), out _));
    }

    [Fact]
    public void Cookie_echo_chunk_round_trips_with_padding()
    {
        var expected = Hex.Bytes("0a000009 deadbeef 01000000");
        var chunk = new CookieEchoChunk(Hex.Bytes("deadbeef01"));
        Assert.Equal(Hex.Of(expected), Hex.Of(Written(chunk)));
        Assert.Equal(SctpCodecStatus.Ok, CookieEchoChunk.TryRead(expected, out var read));
        Assert.Equal("deadbeef01", Hex.Of(read.Cookie));
    }

    [Fact]
    public void Error_chunk_round_trips_an_invalid_stream_cause()
    {
        var expected = Hex.Bytes("0900000c 00010008 00070000");
        var chunk = new ErrorChunk(Hex.Bytes("00010008 00070000"));
        Assert.Equal(Hex.Of(expected), Hex.Of(Written(chunk)));
        Assert.Equal(SctpCodecStatus.Ok, ErrorChunk.TryRead(expected, out var read));
        Assert.Equal(SctpCodecStatus.Ok, ErrorCause.TryRead(read.Causes, out var cause));
        Assert.Equal(SctpErrorCauseCode.InvalidStreamIdentifier, cause.Code);
        Assert.Equal("00070000", Hex.Of(cause.Information));
    }

    [Fact]
    public void Forward_tsn_chunk_round_trips_its_stream_entries()
    {
        var expected = Hex.Bytes("c0000010 00000010 00010002 00030004");
        var chunk = new ForwardTsnChunk(0x10, [new ForwardTsnStream(1, 2), new ForwardTsnStream(3, 4)]);
        Assert.Equal(Hex.Of(expected), Hex.Of(Written(chunk)));
        Assert.Equal(SctpCodecStatus.Ok, ForwardTsnChunk.TryRead(expected, out var read));
        Assert.Equal((0x10u, 2), (read.NewCumulativeTsn, read.StreamCount));
        Assert.Equal(new ForwardTsnStream(3, 4), read.GetStream(1));
        Assert.Equal(SctpCodecStatus.InvalidLength, ForwardTsnChunk.TryRead(Hex.Bytes("c000000a 00000010 0001"), out _));
    }

    [Fact]
    public void Interleaved_forward_tsn_chunk_round_trips_its_entries()
    {
        var expected = Hex.Bytes("c2000018 00000010 00010001 00000007 00020000 00000009");
        var chunk = new InterleavedForwardTsnChunk(0x10, [new InterleavedForwardTsnStream(1, true, 7), new InterleavedForwardTsnStream(2, false, 9)]);
        Assert.Equal(Hex.Of(expected), Hex.Of(Written(chunk)));
        Assert.Equal(SctpCodecStatus.Ok, InterleavedForwardTsnChunk.TryRead(expected, out var read));
        Assert.Equal(new InterleavedForwardTsnStream(1, true, 7), read.GetStream(0));
        Assert.Equal(new InterleavedForwardTsnStream(2, false, 9), read.GetStream(1));
    }

    [Fact]
    public void Reconfig_chunk_round_trips_an_outgoing_reset_request_and_a_response()
    {
        var request = new OutgoingSsnResetRequestParameter(1, 2, 3, [4, 5, 6]);
        var requestBytes = Written(request);
        Assert.Equal("000d0016 00000001 00000002 00000003 00040005 00060000".Replace(" ", ""), Hex.Of(requestBytes));
        var response = new ReconfigurationResponseParameter(1, SctpReconfigurationResult.SuccessPerformed);
        var responseBytes = Written(response);
        Assert.Equal("0010000c0000000100000001", Hex.Of(responseBytes));

        var parameters = requestBytes.Concat(responseBytes).ToArray();
        var chunk = new ReConfigChunk(parameters);
        var expected = Hex.Bytes("82000028").Concat(parameters).ToArray();
        Assert.Equal(Hex.Of(expected), Hex.Of(Written(chunk)));
        Assert.Equal(SctpCodecStatus.Ok, ReConfigChunk.TryRead(expected, out var read));

        var items = new SctpParameterEnumerator(read.Parameters);
        Assert.True(items.MoveNext(out var type, out var item));
        Assert.Equal((ushort)SctpParameterType.OutgoingSsnResetRequest, type);
        Assert.Equal(SctpCodecStatus.Ok, OutgoingSsnResetRequestParameter.TryRead(item, out var readRequest));
        Assert.Equal((1u, 2u, 3u, 3), (readRequest.RequestSequenceNumber, readRequest.ResponseSequenceNumber, readRequest.SendersLastAssignedTsn, readRequest.StreamCount));
        Assert.Equal(6, readRequest.GetStream(2));
        Assert.True(items.MoveNext(out type, out item));
        Assert.Equal(SctpCodecStatus.Ok, ReconfigurationResponseParameter.TryRead(item, out var readResponse));
        Assert.Equal((1u, SctpReconfigurationResult.SuccessPerformed, false), (readResponse.ResponseSequenceNumber, readResponse.Result, readResponse.HasTsns));
        Assert.False(items.MoveNext(out _, out _));
    }

    [Fact]
    public void Chunk_enumerator_walks_padded_chunks_and_tolerates_a_missing_final_pad()
    {
        var chunks = Hex.Bytes("0b000004 0a000005 aa000000 0a000005 bb");
        var walker = new SctpChunkEnumerator(chunks);
        var seen = new List<(byte, int)>();
        while (walker.MoveNext(out var header, out var chunk))
        {
            seen.Add((header.Type, chunk.Length));
        }
        Assert.Equal(SctpCodecStatus.Ok, walker.Status);
        Assert.Equal(new[] { ((byte)11, 4), ((byte)10, 5), ((byte)10, 5) }, seen);
    }

    [Theory]
    [InlineData("0b000000")] // zero-length chunk
    [InlineData("0b000003")] // shorter than its header
    [InlineData("0b000008 0000")] // runs past the packet
    [InlineData("0b000004 0a")] // a stray byte after the last chunk
    public void Chunk_enumerator_stops_on_malformed_lengths(string hex)
    {
        var walker = new SctpChunkEnumerator(Hex.Bytes(hex));
        var count = 0;
        while (walker.MoveNext(out _, out _))
        {
            count++;
            Assert.True(count < 10);
        }
        Assert.NotEqual(SctpCodecStatus.Ok, walker.Status);
    }
}
