using MeshActors.WebRtc.Sdp;
using MeshActors.WebRtc.Tests.Sdp.Captures;

namespace MeshActors.WebRtc.Tests.Sdp;

public class SdpCaptureTests
{
    public static TheoryData<string> CaptureNames()
    {
        var data = new TheoryData<string>();
        foreach (SdpCapture capture in SdpCaptures.All) data.Add(capture.FileName);
        return data;
    }

    private static SdpCapture Capture(string fileName) => SdpCaptures.All.Single(c => c.FileName == fileName);

    [Theory]
    [MemberData(nameof(CaptureNames))]
    public void Every_capture_parses_and_round_trips_through_the_writer_with_the_same_meaning(string fileName)
    {
        SessionDescription parsed = SessionDescription.Parse(Capture(fileName).Text);
        string written = parsed.ToString();
        SessionDescription reparsed = SessionDescription.Parse(written);

        Assert.Equal(parsed, reparsed);
        Assert.Equal(written, reparsed.ToString());
        Assert.EndsWith("\r\n", written);
        Assert.DoesNotContain("\n", written.Replace("\r\n", ""));
    }

    [Theory]
    [MemberData(nameof(CaptureNames))]
    public void Every_capture_has_a_data_channel_section_with_resolved_transport_parameters(string fileName)
    {
        SessionDescription description = SessionDescription.Parse(Capture(fileName).Text);
        MediaDescription? data = description.DataChannelMedia;

        Assert.NotNull(data);
        Assert.NotNull(description.GetIceUfrag(data));
        Assert.NotNull(description.GetIcePwd(data));
        Assert.NotEmpty(description.GetFingerprints(data));
        Assert.NotNull(description.GetSetup(data));
        Assert.Equal(5000, data.EffectiveSctpPort);
    }

    [Fact]
    public void Chromium_offer_fields_are_read_exactly()
    {
        SessionDescription offer = SessionDescription.Parse(SdpCaptures.ChromiumOffer.Text);

        Assert.Equal("-", offer.Origin.Username);
        Assert.Equal(3533003789039103228UL, offer.Origin.SessionId);
        Assert.Equal(2UL, offer.Origin.SessionVersion);
        Assert.Equal("127.0.0.1", offer.Origin.Address);
        Assert.Equal("-", offer.SessionName);
        Assert.Equal("0 0", offer.Timing);
        SdpGroup bundle = Assert.IsType<SdpGroup>(offer.BundleGroup);
        Assert.Equal(["0"], bundle.Mids);
        Assert.Equal([new SdpAttribute("extmap-allow-mixed"), new SdpAttribute("msid-semantic", " WMS")], offer.Attributes);
        Assert.Null(offer.IceUfrag);
        Assert.Empty(offer.Fingerprints);

        MediaDescription data = Assert.Single(offer.Media);
        Assert.Same(data, offer.DataChannelMedia);
        Assert.Equal("application", data.Media);
        Assert.Equal(9, data.Port);
        Assert.Equal("UDP/DTLS/SCTP", data.Protocol);
        Assert.Equal(["webrtc-datachannel"], data.Formats);
        Assert.Equal("IN IP4 0.0.0.0", data.Connection);
        Assert.Equal("0", data.Mid);
        Assert.Equal("PLgB", data.IceUfrag);
        Assert.Equal("o0n+0/8IalKW1+SUnanlOSvf", data.IcePwd);
        Assert.Equal(["trickle"], data.IceOptions);
        SdpFingerprint fingerprint = Assert.Single(data.Fingerprints);
        Assert.Equal("sha-256", fingerprint.HashFunction);
        Assert.Equal("F1:DF:82:27:D4:31:52:27:24:59:6B:3B:FF:82:7D:F7:D3:D7:F0:F8:01:39:BC:7E:04:9A:DB:86:A3:17:7E:BA", fingerprint.Value);
        Assert.Equal(SdpSetup.Actpass, data.Setup);
        Assert.Equal(5000, data.SctpPort);
        Assert.Equal(262144, data.MaxMessageSize);
        Assert.Equal(262144, data.EffectiveMaxMessageSize);
        Assert.False(data.EndOfCandidates);
        Assert.Empty(data.Attributes);
        Assert.Equal(2, data.Candidates.Count);
        Assert.Equal("49303126 1 udp 2113937151 70e68f82-8fca-4d30-bce4-b9d5912f4c1b.local 55825 typ host generation 0 network-cost 999", data.Candidates[0]);
        Assert.All(data.Candidates, c => Assert.Contains(".local ", c));
        Assert.Equal("PLgB", offer.GetIceUfrag(data));
        Assert.Equal(SdpSetup.Actpass, offer.GetSetup(data));
    }

    [Fact]
    public void Chromium_descriptions_are_written_back_line_for_line_with_candidates_moved_last()
    {
        // The writer uses Chromium's line order, except that candidates follow max-message-size.
        foreach (SdpCapture capture in new[] { SdpCaptures.ChromiumOffer, SdpCaptures.ChromiumOfferTrickle, SdpCaptures.ChromiumPairAnswer })
        {
            string written = SessionDescription.Parse(capture.Text).ToString();
            Assert.Equal(Lines(capture.Text).Where(IsNotCandidate), Lines(written).Where(IsNotCandidate));
            Assert.Equal(Lines(capture.Text).Where(l => !IsNotCandidate(l)), Lines(written).Where(l => !IsNotCandidate(l)));
        }

        static IEnumerable<string> Lines(string text) => text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        static bool IsNotCandidate(string line) => !line.StartsWith("a=candidate:", StringComparison.Ordinal);
    }

    [Fact]
    public void Chromium_offer_before_gathering_has_the_same_transport_and_no_candidates()
    {
        SessionDescription trickle = SessionDescription.Parse(SdpCaptures.ChromiumOfferTrickle.Text);
        SessionDescription gathered = SessionDescription.Parse(SdpCaptures.ChromiumOffer.Text);

        Assert.Empty(trickle.Media[0].Candidates);
        Assert.Equal(gathered.Media[0] with { Candidates = [] }, trickle.Media[0]);
    }

    [Fact]
    public void Chromium_answer_takes_the_active_role_with_the_offered_mid()
    {
        SessionDescription offer = SessionDescription.Parse(SdpCaptures.ChromiumPairOffer.Text);
        SessionDescription answer = SessionDescription.Parse(SdpCaptures.ChromiumPairAnswer.Text);

        Assert.Equal(SdpSetup.Actpass, offer.Media[0].Setup);
        Assert.Equal(SdpSetup.Active, answer.Media[0].Setup);
        Assert.Equal(DataChannelSdp.AnswerSetup(offer.Media[0].Setup), answer.Media[0].Setup);
        Assert.Equal(offer.Media[0].Mid, answer.Media[0].Mid);
        Assert.Equal(offer.BundleGroup, answer.BundleGroup);
        Assert.NotEqual(offer.Media[0].IceUfrag, answer.Media[0].IceUfrag);
        Assert.NotEqual(offer.Media[0].Fingerprints, answer.Media[0].Fingerprints);
    }

    [Fact]
    public void Negotiated_channels_do_not_change_the_data_channel_section()
    {
        // Channels with negotiated ids are agreed out of band; the SDP only carries the SCTP association.
        MediaDescription negotiated = SessionDescription.Parse(SdpCaptures.ChromiumOfferNegotiated.Text).Media.Single();
        MediaDescription inBand = SessionDescription.Parse(SdpCaptures.ChromiumOffer.Text).Media.Single();

        Assert.True(negotiated.IsDataChannel);
        Assert.Equal(inBand.Protocol, negotiated.Protocol);
        Assert.Equal(inBand.SctpPort, negotiated.SctpPort);
        Assert.Equal(inBand.MaxMessageSize, negotiated.MaxMessageSize);
        Assert.Equal(inBand.Mid, negotiated.Mid);
    }

    [Fact]
    public void Chromium_offer_with_audio_and_video_keeps_their_sections_and_finds_the_data_section()
    {
        SessionDescription offer = SessionDescription.Parse(SdpCaptures.ChromiumOfferAudioVideoData.Text);

        Assert.Equal(["audio", "video", "application"], offer.Media.Select(m => m.Media));
        Assert.Equal(["0", "1", "2"], offer.BundleGroup!.Mids);
        Assert.False(offer.Media[0].IsDataChannel);
        Assert.False(offer.Media[1].IsDataChannel);
        Assert.Same(offer.Media[2], offer.DataChannelMedia);
        Assert.Equal("UDP/TLS/RTP/SAVPF", offer.Media[0].Protocol);
        Assert.Equal(["111", "63", "9", "0", "8", "13", "110", "126"], offer.Media[0].Formats);
        Assert.Contains(new SdpAttribute("rtpmap", "111 opus/48000/2"), offer.Media[0].Attributes);
        Assert.Contains(new SdpAttribute("rtcp-mux"), offer.Media[0].Attributes);
        Assert.Equal(SdpSetup.Actpass, offer.Media[0].Setup);
    }

    [Fact]
    public void Firefox_style_offer_resolves_session_level_fingerprint_and_ice_options()
    {
        SessionDescription offer = SessionDescription.Parse(SdpCaptures.HandwrittenFirefoxOffer.Text);
        MediaDescription data = offer.DataChannelMedia!;

        Assert.Equal("mozilla...THIS_IS_SDPARTA-128.0", offer.Origin.Username);
        Assert.Empty(data.Fingerprints);
        SdpFingerprint fingerprint = Assert.Single(offer.Fingerprints);
        Assert.Same(offer.Fingerprints, offer.GetFingerprints(data));
        Assert.Equal("sha-256", fingerprint.HashFunction);
        Assert.Empty(data.IceOptions);
        Assert.Equal(["trickle"], offer.GetIceOptions(data));
        Assert.Equal("4f2a9c1e", offer.GetIceUfrag(data));
        Assert.Equal(8, offer.GetIceUfrag(data)!.Length);
        Assert.Equal(32, offer.GetIcePwd(data)!.Length);
        Assert.Equal(1073741823, data.EffectiveMaxMessageSize);
        Assert.Equal(3, data.Candidates.Count);
        Assert.Equal("1 1 TCP 2105524479 192.168.1.23 9 typ host tcptype active", data.Candidates[1]);
        Assert.True(data.EndOfCandidates);
        Assert.True(offer.GetEndOfCandidates(data));
        Assert.Contains(new SdpAttribute("sendrecv"), data.Attributes);
        Assert.Contains(new SdpAttribute("msid-semantic", "WMS *"), offer.Attributes);
    }

    [Fact]
    public void Legacy_sctpmap_offer_takes_the_sctp_port_from_the_format_and_sctpmap()
    {
        SessionDescription offer = SessionDescription.Parse(SdpCaptures.HandwrittenLegacySctpmapOffer.Text);
        MediaDescription data = offer.DataChannelMedia!;

        Assert.True(data.IsDataChannel);
        Assert.True(data.IsLegacyDataChannel);
        Assert.Equal("DTLS/SCTP", data.Protocol);
        Assert.Equal(["5000"], data.Formats);
        Assert.Null(data.SctpPort);
        Assert.True(data.TryGetSctpMap(out int port, out int streams));
        Assert.Equal((5000, 256), (port, streams));
        Assert.Equal(5000, data.EffectiveSctpPort);
        Assert.Null(data.MaxMessageSize);
        Assert.Equal(65536, data.EffectiveMaxMessageSize);
        Assert.Equal("sdparta_0", data.Mid);
        Assert.Equal(["sdparta_0"], offer.BundleGroup!.Mids);
    }

    [Fact]
    public void The_offer_Chromium_accepted_is_what_CreateOffer_writes()
    {
        // generate.mjs hands meshactors-offer.sdp to Chromium, which answered it (chromium-accepts.txt).
        AssertSameText(SdpCaptures.MeshactorsOffer, DataChannelSdp.CreateOffer(SdpSamples.Local).ToString());
    }

    [Fact]
    public void The_answers_Chromium_accepted_are_what_CreateAnswer_writes()
    {
        AssertSameText(SdpCaptures.MeshactorsAnswerToChromiumOffer,
            DataChannelSdp.CreateAnswer(SessionDescription.Parse(SdpCaptures.ChromiumOffer.Text), SdpSamples.Local).ToString());
        AssertSameText(SdpCaptures.MeshactorsAnswerToChromiumOfferAudioVideoData,
            DataChannelSdp.CreateAnswer(SessionDescription.Parse(SdpCaptures.ChromiumOfferAudioVideoData.Text), SdpSamples.Local).ToString());
    }

    [Fact]
    public void Chromium_answers_the_MeshActors_offer_as_the_DTLS_client_with_its_own_credentials()
    {
        SessionDescription offer = SessionDescription.Parse(SdpCaptures.MeshactorsOffer.Text);
        SessionDescription answer = SessionDescription.Parse(SdpCaptures.ChromiumAnswerToMeshactorsOffer.Text);
        MediaDescription data = answer.DataChannelMedia!;

        Assert.Equal(SdpSetup.Active, data.Setup);
        Assert.Equal("0", data.Mid);
        Assert.Equal(["0"], answer.BundleGroup!.Mids);
        Assert.Equal(5000, data.SctpPort);
        Assert.Equal(262144, data.MaxMessageSize);
        Assert.NotEqual(offer.GetIceUfrag(offer.Media[0]), answer.GetIceUfrag(data));
        Assert.NotEmpty(data.Candidates);
    }

    private static void AssertSameText(SdpCapture expected, string actual)
    {
        Assert.True(expected.Text == actual,
            $"{expected.FileName} differs from what the code writes now. If the change is intended, put this text in "
            + $"Captures/{expected.FileName} (CRLF line ends), run `node --experimental-websocket generate.mjs --verify` "
            + $"so that Chromium checks it, and commit both:\n{actual}");
    }
}
