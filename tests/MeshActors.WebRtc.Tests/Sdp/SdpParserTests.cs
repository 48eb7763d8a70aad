using MeshActors.WebRtc.Sdp;

namespace MeshActors.WebRtc.Tests.Sdp;

public class SdpParserTests
{
    private static SdpParseError Fails(string text)
    {
        Assert.False(SessionDescription.TryParse(text, out SessionDescription? description, out SdpParseError? error));
        Assert.Null(description);
        Assert.NotNull(error);
        return error;
    }

    private static SessionDescription Parses(string text)
    {
        bool ok = SessionDescription.TryParse(text, out SessionDescription? description, out SdpParseError? error);
        Assert.True(ok, error?.Message);
        return description!;
    }

    [Theory]
    [InlineData("", 1, "no lines")]
    [InlineData("\r\n\r\n", 2, "no lines")]
    [InlineData("o=- 1 1 IN IP4 127.0.0.1\r\n", 1, "first line must be v=0")]
    [InlineData("v=1\r\n", 1, "only v=0")]
    [InlineData("v=0\r\n", 1, "ends before its o= line")]
    [InlineData("v=0\r\ns=-\r\n", 2, "expected the o= line")]
    [InlineData("v=0\r\no=- 1 1 IN IP4\r\n", 2, "o= needs 6 fields")]
    [InlineData("v=0\r\no=- x 1 IN IP4 127.0.0.1\r\n", 2, "session id 'x'")]
    [InlineData("v=0\r\no=- 99999999999999999999 1 IN IP4 127.0.0.1\r\n", 2, "at most 64 bits")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\no=- 1 1 IN IP4 127.0.0.1\r\n", 3, "second o= line")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\nv=0\r\n", 3, "second v= line")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\ns=-\r\n", 4, "second s= line")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\nhello\r\n", 3, "expected '<type>=<value>'")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\nA=x\r\n", 3, "lower-case type letter")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\na=x\ry\r\n", 3, "CR that does not end the line")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\na=x\0\r\n", 3, "NUL")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\na=:x\r\n", 3, "without a name")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\na=group:\r\n", 3, "a=group needs")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\na=ice-ufrag:ab cd\r\n", 3, "a=ice-ufrag value 'ab cd'")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\na=ice-pwd\r\n", 3, "a=ice-pwd value ''")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\na=fingerprint:sha-256\r\n", 3, "a=fingerprint value 'sha-256'")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\na=setup:both\r\n", 3, "a=setup value 'both'")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\na=setup:active\r\na=setup:passive\r\n", 4, "second a=setup in this session")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\nm=application\r\n", 3, "m= needs")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\nm=application 70000 UDP/DTLS/SCTP webrtc-datachannel\r\n", 3, "m= port '70000'")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\nm=audio 9/0 RTP/AVP 0\r\n", 3, "m= port count '0'")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\ns=-\r\n", 4, "s= inside a media section")]
    public void Malformed_text_is_refused_with_the_line_number_and_reason(string text, int line, string reason)
    {
        SdpParseError error = Fails(text);

        Assert.Equal(line, error.LineNumber);
        Assert.Contains(reason, error.Reason);
        Assert.StartsWith($"SDP line {line}: ", error.Message);
    }

    [Theory]
    [InlineData("a=mid:0\r\na=mid:1\r\n", "second a=mid")]
    [InlineData("a=mid:a b\r\n", "a=mid value 'a b' is not a token")]
    [InlineData("a=sctp-port:five\r\n", "a=sctp-port value 'five'")]
    [InlineData("a=sctp-port:65536\r\n", "a=sctp-port value '65536'")]
    [InlineData("a=sctp-port:5000\r\na=sctp-port:5001\r\n", "second a=sctp-port")]
    [InlineData("a=max-message-size:-1\r\n", "a=max-message-size value '-1'")]
    [InlineData("a=max-message-size:99999999999999999999\r\n", "a=max-message-size value")]
    [InlineData("a=max-message-size\r\n", "a=max-message-size value ''")]
    [InlineData("a=candidate:\r\n", "a=candidate has no value")]
    [InlineData("a=ice-ufrag:abcd\r\na=ice-ufrag:efgh\r\n", "second a=ice-ufrag in this media section")]
    [InlineData("a=fingerprint:sha-256 AB:CD extra\r\n", "a=fingerprint value")]
    public void Malformed_media_attributes_are_refused_with_their_line_number(string attributes, string reason)
    {
        string text = SdpSamples.Header + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n" + attributes;
        int lastLine = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length;

        SdpParseError error = Fails(text);

        Assert.Equal(lastLine, error.LineNumber);
        Assert.Contains(reason, error.Reason);
    }

    [Fact]
    public void Parse_throws_a_FormatException_carrying_the_same_line_number_and_message()
    {
        const string text = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=setup:sideways\r\n";
        SdpParseError error = Fails(text);

        SdpParseException exception = Assert.Throws<SdpParseException>(() => SessionDescription.Parse(text));

        Assert.IsAssignableFrom<FormatException>(exception);
        Assert.Equal(5, exception.LineNumber);
        Assert.Equal(error, exception.Error);
        Assert.Equal("SDP line 5: a=setup value 'sideways' is not actpass, active, passive or holdconn (RFC 4145 §4)", exception.Message);
    }

    [Fact]
    public void Null_text_is_an_error_not_a_crash()
    {
        Assert.Equal(1, Fails(null!).LineNumber);
        Assert.Throws<SdpParseException>(() => SessionDescription.Parse(null));
    }

    [Fact]
    public void Long_bad_values_are_quoted_shortened_in_the_message()
    {
        SdpParseError error = Fails(SdpSamples.Header + "a=setup:" + new string('x', 500) + "\r\n");

        Assert.Contains("'" + new string('x', 40) + "...'", error.Reason);
        Assert.True(error.Message.Length < 200);
    }

    [Fact]
    public void LF_line_ends_blank_lines_and_extra_spaces_between_fields_are_tolerated()
    {
        string crlf = SdpSamples.Header + SdpSamples.DataSection;
        string sloppy = crlf.Replace("\r\n", "\n").Replace("m=application 9 ", "m=application  9 ").Replace("s=-\n", "s=-\n\n") + "\n\n";

        Assert.Equal(Parses(crlf), Parses(sloppy));
    }

    [Fact]
    public void Text_without_a_final_line_end_is_read_to_the_end()
    {
        SessionDescription description = Parses(SdpSamples.Header + SdpSamples.DataSection + "a=max-message-size:1024");

        Assert.Equal(1024, description.Media[0].MaxMessageSize);
    }

    [Fact]
    public void Missing_session_name_and_timing_default_to_what_JSEP_writes()
    {
        SessionDescription description = Parses("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n" + SdpSamples.DataSection);

        Assert.Equal("-", description.SessionName);
        Assert.Equal("0 0", description.Timing);
    }

    [Fact]
    public void Media_level_credentials_fingerprints_and_setup_override_session_level()
    {
        SessionDescription description = Parses(SdpSamples.Header
            + "a=ice-ufrag:sess\r\na=ice-pwd:sessionpasswordsessionpw\r\na=fingerprint:sha-1 00:11\r\na=setup:passive\r\na=ice-options:ice2\r\n"
            + SdpSamples.DataSection
            + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:1\r\n");
        MediaDescription first = description.Media[0];
        MediaDescription second = description.Media[1];

        Assert.Equal("abcd", description.GetIceUfrag(first));
        Assert.Equal("abcdefghijklmnopqrstuv", description.GetIcePwd(first));
        Assert.Equal([new SdpFingerprint("sha-256", "AB:CD")], description.GetFingerprints(first));
        Assert.Equal(SdpSetup.Actpass, description.GetSetup(first));
        Assert.Equal("sess", description.GetIceUfrag(second));
        Assert.Equal("sessionpasswordsessionpw", description.GetIcePwd(second));
        Assert.Equal([new SdpFingerprint("sha-1", "00:11")], description.GetFingerprints(second));
        Assert.Equal(SdpSetup.Passive, description.GetSetup(second));
        Assert.Equal(["ice2"], description.GetIceOptions(second));
        Assert.Equal(["ice2"], description.GetIceOptions(first));
    }

    [Fact]
    public void Max_message_size_zero_means_unlimited_and_absence_means_64_KiB()
    {
        MediaDescription zero = Parses(SdpSamples.Header + SdpSamples.DataSection + "a=max-message-size:0\r\n").Media[0];
        MediaDescription absent = Parses(SdpSamples.Header + SdpSamples.DataSection).Media[0];

        Assert.Equal(0, zero.MaxMessageSize);
        Assert.Equal(0, zero.EffectiveMaxMessageSize);
        Assert.Null(absent.MaxMessageSize);
        Assert.Equal(65536, absent.EffectiveMaxMessageSize);
    }

    [Fact]
    public void Absent_sctp_port_means_5000()
    {
        MediaDescription media = Parses(SdpSamples.Header + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:0\r\n").Media[0];

        Assert.Null(media.SctpPort);
        Assert.Equal(5000, media.EffectiveSctpPort);
    }

    [Fact]
    public void Ice_lite_and_end_of_candidates_are_read_at_session_level()
    {
        SessionDescription description = Parses(SdpSamples.Header + "a=ice-lite\r\na=end-of-candidates\r\n" + SdpSamples.DataSection);

        Assert.True(description.IceLite);
        Assert.True(description.EndOfCandidates);
        Assert.False(description.Media[0].EndOfCandidates);
        Assert.True(description.GetEndOfCandidates(description.Media[0]));
    }

    [Fact]
    public void Setup_tokens_are_read_case_insensitively()
    {
        Assert.Equal(SdpSetup.Holdconn, Parses(SdpSamples.Header + "a=setup:HoldConn\r\n").Setup);
    }

    [Fact]
    public void Unknown_lines_and_attributes_are_kept_and_written_back_in_RFC_order()
    {
        string text = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n"
            + "b=AS:30\r\ni=session info\r\n"
            + "t=0 0\r\nr=604800 3600 0\r\nx=unknown letter\r\n"
            + "a=extmap-allow-mixed\r\na=x-flag:\r\n"
            + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n"
            + "b=AS:30\r\ni=media info\r\nc=IN IP4 0.0.0.0\r\nc=IN IP4 192.0.2.1\r\n"
            + "a=mid:0\r\na=sctp-init:AAAA\r\na=ice-lite\r\n";
        SessionDescription description = Parses(text);

        Assert.Equal([new SdpLine('i', "session info"), new SdpLine('b', "AS:30"), new SdpLine('r', "604800 3600 0"), new SdpLine('x', "unknown letter")],
            description.OtherLines);
        Assert.Equal([new SdpAttribute("extmap-allow-mixed"), new SdpAttribute("x-flag", "")], description.Attributes);
        MediaDescription media = description.Media[0];
        Assert.Equal("IN IP4 0.0.0.0", media.Connection);
        Assert.Equal([new SdpLine('i', "media info"), new SdpLine('c', "IN IP4 192.0.2.1"), new SdpLine('b', "AS:30")], media.OtherLines);
        Assert.Equal([new SdpAttribute("sctp-init", "AAAA"), new SdpAttribute("ice-lite")], media.Attributes);

        string written = description.ToString();
        Assert.Equal(
            "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\ni=session info\r\nb=AS:30\r\nt=0 0\r\nr=604800 3600 0\r\nx=unknown letter\r\n"
            + "a=extmap-allow-mixed\r\na=x-flag:\r\n"
            + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\ni=media info\r\nc=IN IP4 0.0.0.0\r\nc=IN IP4 192.0.2.1\r\nb=AS:30\r\n"
            + "a=mid:0\r\na=sctp-init:AAAA\r\na=ice-lite\r\n",
            written);
        Assert.Equal(description, Parses(written));
    }

    [Fact]
    public void Port_count_in_the_media_line_is_kept()
    {
        MediaDescription media = Parses(SdpSamples.Header + "m=audio 49170/2 RTP/AVP 0\r\n").Media[0];

        Assert.Equal(49170, media.Port);
        Assert.Equal(2, media.PortCount);
        Assert.StartsWith("m=audio 49170/2 RTP/AVP 0\r\n", media.ToString());
    }

    [Fact]
    public void Rejected_and_non_data_sections_are_not_the_data_channel_section()
    {
        SessionDescription description = Parses(SdpSamples.Header
            + "m=application 0 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:a\r\n"
            + "m=application 9 UDP/BFCP *\r\na=mid:b\r\n"
            + "m=application 9 TCP/DTLS/SCTP webrtc-datachannel\r\na=mid:c\r\n");

        Assert.True(description.Media[0].IsRejected);
        Assert.True(description.Media[0].IsDataChannel);
        Assert.False(description.Media[1].IsDataChannel);
        Assert.Equal("c", description.DataChannelMedia!.Mid);
    }
}
