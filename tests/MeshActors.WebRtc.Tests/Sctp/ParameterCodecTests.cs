using MeshActors.WebRtc.Sctp;

namespace MeshActors.WebRtc.Tests.Sctp;

public class ParameterCodecTests
{
    private static string Written<T>(scoped in T parameter) where T : ISctpWritable, allows ref struct
    {
        var length = parameter.GetLength();
        var buffer = new byte[length + 4];
        Array.Fill(buffer, (byte)0xEE);
        Assert.Equal(length, parameter.Write(buffer));
        return Hex.Of(buffer.AsSpan(0, length));
    }

    [Fact]
    public void State_cookie_parameter_round_trips()
    {
        var p = new StateCookieParameter(Hex.Bytes("0102030405"));
        Assert.Equal("000700090102030405000000", Written(p));
        Assert.Equal(SctpCodecStatus.Ok, StateCookieParameter.TryRead(Hex.Bytes("00070009 01020304 05000000"), out var read));
        Assert.Equal("0102030405", Hex.Of(read.Cookie));
    }

    [Fact]
    public void Supported_extensions_parameter_round_trips_and_answers_contains()
    {
        var p = new SupportedExtensionsParameter([130, 192, 64]);
        Assert.Equal("8008000782c04000", Written(p));
        Assert.Equal(SctpCodecStatus.Ok, SupportedExtensionsParameter.TryRead(Hex.Bytes("8008000782c04000"), out var read));
        Assert.True(read.Contains(SctpChunkType.ReConfig));
        Assert.True(read.Contains(SctpChunkType.IData));
        Assert.False(read.Contains(SctpChunkType.Asconf));
    }

    [Fact]
    public void Forward_tsn_supported_parameter_round_trips_and_must_be_empty()
    {
        Assert.Equal("c0000004", Written(new ForwardTsnSupportedParameter()));
        Assert.Equal(SctpCodecStatus.Ok, ForwardTsnSupportedParameter.TryRead(Hex.Bytes("c0000004"), out _));
        Assert.Equal(SctpCodecStatus.InvalidLength, ForwardTsnSupportedParameter.TryRead(Hex.Bytes("c0000008 00000000"), out _));
    }

    [Fact]
    public void Heartbeat_info_and_unrecognized_parameter_round_trip()
    {
        var info = new HeartbeatInfoParameter(Hex.Bytes("aabb"));
        Assert.Equal("00010006aabb0000", Written(info));
        var unrecognized = new UnrecognizedParameter(Hex.Bytes("c0070004"));
        Assert.Equal("00080008c0070004", Written(unrecognized));
        Assert.Equal(SctpCodecStatus.Ok, UnrecognizedParameter.TryRead(Hex.Bytes("00080008c0070004"), out var read));
        Assert.Equal("c0070004", Hex.Of(read.UnrecognizedItem));
    }

    [Fact]
    public void Reconfiguration_response_round_trips_with_and_without_tsns()
    {
        var withTsns = new ReconfigurationResponseParameter(9, SctpReconfigurationResult.InProgress, true, 0x11, 0x22);
        var hex = Written(withTsns);
        Assert.Equal("00100014000000090000000600000011" + "00000022", hex);
        Assert.Equal(SctpCodecStatus.Ok, ReconfigurationResponseParameter.TryRead(Hex.Bytes(hex), out var read));
        Assert.Equal((9u, SctpReconfigurationResult.InProgress, true, 0x11u, 0x22u), (read.ResponseSequenceNumber, read.Result, read.HasTsns, read.SendersNextTsn, read.ReceiversNextTsn));
        Assert.Equal(SctpCodecStatus.InvalidLength, ReconfigurationResponseParameter.TryRead(Hex.Bytes("00100010 00000009 00000006 00000011"), out _));
    }

    [Fact]
    public void Outgoing_reset_request_without_streams_means_all_and_odd_lengths_are_rejected()
    {
        var all = new OutgoingSsnResetRequestParameter(1, 2, 3, []);
        Assert.Equal("000d0010000000010000000200000003", Written(all));
        Assert.Equal(SctpCodecStatus.Ok, OutgoingSsnResetRequestParameter.TryRead(Hex.Bytes("000d0010000000010000000200000003"), out var read));
        Assert.Equal(0, read.StreamCount);
        Assert.Equal(SctpCodecStatus.InvalidLength, OutgoingSsnResetRequestParameter.TryRead(Hex.Bytes("000d0011 00000001 00000002 00000003 01000000"), out _));
    }

    [Fact]
    public void Error_cause_text_is_cut_to_fit_on_a_character_boundary()
    {
        var buffer = new byte[12];
        var written = ErrorCause.WriteText(buffer, SctpErrorCauseCode.ProtocolViolation, "aaaaaaaé and more");
        Assert.Equal(12, written);
        Assert.Equal(SctpCodecStatus.Ok, ErrorCause.TryRead(buffer, out var cause));
        Assert.Equal(SctpErrorCauseCode.ProtocolViolation, cause.Code);
        Assert.Equal("aaaaaaa", cause.GetText()); // the two bytes of é would not fit in the 8 left
    }

    [Theory]
    [InlineData("0001")]
    [InlineData("00010003")]
    [InlineData("00010010 0000")]
    public void Parameter_enumerator_stops_on_malformed_lengths(string hex)
    {
        var walker = new SctpParameterEnumerator(Hex.Bytes(hex));
        Assert.False(walker.MoveNext(out _, out _));
        Assert.NotEqual(SctpCodecStatus.Ok, walker.Status);
    }

    [Fact]
    public void Unknown_type_bits_map_to_the_rfc_actions()
    {
        Assert.Equal(SctpUnrecognizedAction.Stop, SctpTypeBits.ForChunk(0x3F));
        Assert.Equal(SctpUnrecognizedAction.StopAndReport, SctpTypeBits.ForChunk(0x40));
        Assert.Equal(SctpUnrecognizedAction.Skip, SctpTypeBits.ForChunk(0x84));
        Assert.Equal(SctpUnrecognizedAction.SkipAndReport, SctpTypeBits.ForChunk(0xC1));
        Assert.Equal(SctpUnrecognizedAction.SkipAndReport, SctpTypeBits.ForParameter(0xC000));
        Assert.Equal(SctpUnrecognizedAction.Skip, SctpTypeBits.ForParameter(0x8008));
        Assert.True(SctpUnrecognizedAction.SkipAndReport.Reports() && SctpUnrecognizedAction.SkipAndReport.Continues());
        Assert.False(SctpUnrecognizedAction.Stop.Reports() || SctpUnrecognizedAction.Stop.Continues());
    }
}
