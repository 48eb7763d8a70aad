using MeshActors.WebRtc.Sdp;
using MeshActors.WebRtc.Tests.Sdp.Captures;

namespace MeshActors.WebRtc.Tests.Sdp;

public class DataChannelSdpTests
{
    [Theory]
    [InlineData(SdpSetup.Actpass, SdpSetup.Active)]
    [InlineData(SdpSetup.Passive, SdpSetup.Active)]
    [InlineData(SdpSetup.Active, SdpSetup.Passive)]
    [InlineData(SdpSetup.Holdconn, SdpSetup.Holdconn)]
    public void Answerer_takes_the_role_the_offer_leaves(SdpSetup offered, SdpSetup answered)
    {
        Assert.Equal(answered, DataChannelSdp.AnswerSetup(offered));

        SessionDescription offer = SessionDescription.Parse(SdpSamples.Header + SdpSamples.DataSection.Replace("a=setup:actpass", "a=setup:" + offered.ToText()));
        Assert.Equal(answered, DataChannelSdp.CreateAnswer(offer, SdpSamples.Local).Media[0].Setup);
    }

    [Fact]
    public void Offer_without_setup_is_answered_passive_because_RFC_4145_makes_such_an_offerer_active()
    {
        SessionDescription offer = SessionDescription.Parse(SdpSamples.Header + SdpSamples.DataSection.Replace("a=setup:actpass\r\n", ""));

        Assert.Null(offer.GetSetup(offer.Media[0]));
        Assert.Equal(SdpSetup.Passive, DataChannelSdp.CreateAnswer(offer, SdpSamples.Local).Media[0].Setup);
    }

    [Fact]
    public void Offer_is_an_actpass_bundled_data_channel_section_with_the_local_parameters()
    {
        SdpLocalParameters local = SdpSamples.Local with { IceLite = true, MaxMessageSize = 0, SctpPort = 5001, SessionVersion = 7 };

        SessionDescription offer = DataChannelSdp.CreateOffer(local, mid: "data");

        Assert.Equal(7UL, offer.Origin.SessionVersion);
        Assert.Equal(local.SessionId, offer.Origin.SessionId);
        Assert.True(offer.IceLite);
        Assert.Equal(new SdpGroup("BUNDLE", ["data"]), offer.BundleGroup);
        MediaDescription data = Assert.Single(offer.Media);
        Assert.Same(data, offer.DataChannelMedia);
        Assert.Equal("data", data.Mid);
        Assert.Equal(SdpSetup.Actpass, data.Setup);
        Assert.Equal(5001, data.SctpPort);
        Assert.Equal(0, data.MaxMessageSize);
        Assert.Equal(local.IceUfrag, data.IceUfrag);
        Assert.Equal(local.IcePwd, data.IcePwd);
        Assert.Equal([local.Fingerprint], data.Fingerprints);
        Assert.Equal(["trickle"], data.IceOptions);
        Assert.Equal(local.Candidates, data.Candidates);
        Assert.Equal(offer, SessionDescription.Parse(offer.ToString()));
    }

    [Fact]
    public void Answer_keeps_every_mid_in_order_and_rejects_audio_and_video_with_port_0()
    {
        SessionDescription offer = SessionDescription.Parse(SdpCaptures.ChromiumOfferAudioVideoData.Text);

        SessionDescription answer = DataChannelSdp.CreateAnswer(offer, SdpSamples.Local);

        Assert.Equal(offer.Media.Select(m => m.Mid), answer.Media.Select(m => m.Mid));
        Assert.Equal(offer.Media.Select(m => m.Media), answer.Media.Select(m => m.Media));
        for (int i = 0; i < 2; i++)
        {
            MediaDescription rejected = answer.Media[i];
            Assert.True(rejected.IsRejected);
            Assert.Equal(offer.Media[i].Protocol, rejected.Protocol);
            Assert.Equal(offer.Media[i].Formats, rejected.Formats);
            Assert.Null(rejected.IceUfrag);
            Assert.Empty(rejected.Fingerprints);
            Assert.Empty(rejected.Candidates);
        }
        MediaDescription data = answer.Media[2];
        Assert.False(data.IsRejected);
        Assert.Same(data, answer.DataChannelMedia);
        Assert.Equal(SdpSetup.Active, data.Setup);
        // A rejected section leaves the BUNDLE group (RFC 9143).
        Assert.Equal(["2"], answer.BundleGroup!.Mids);
    }

    [Fact]
    public void Answer_carries_the_local_parameters_at_media_level()
    {
        SessionDescription offer = SessionDescription.Parse(SdpCaptures.HandwrittenFirefoxOffer.Text);

        SessionDescription answer = DataChannelSdp.CreateAnswer(offer, SdpSamples.Local);
        MediaDescription data = answer.Media.Single();

        Assert.Equal(SdpSamples.Local.SessionId, answer.Origin.SessionId);
        Assert.Equal("UDP/DTLS/SCTP", data.Protocol);
        Assert.Equal(["webrtc-datachannel"], data.Formats);
        Assert.Equal(9, data.Port);
        Assert.Equal("IN IP4 0.0.0.0", data.Connection);
        Assert.Equal("0", data.Mid);
        Assert.Equal(SdpSamples.Local.IceUfrag, answer.GetIceUfrag(data));
        Assert.Equal(SdpSamples.Local.IcePwd, answer.GetIcePwd(data));
        Assert.Equal([SdpSamples.Local.Fingerprint], answer.GetFingerprints(data));
        Assert.Equal(SdpSetup.Active, data.Setup);
        Assert.Equal(5000, data.SctpPort);
        Assert.Equal(262144, data.MaxMessageSize);
        Assert.Equal(SdpSamples.Local.Candidates, data.Candidates);
        Assert.True(data.EndOfCandidates);
        Assert.Equal(["0"], answer.BundleGroup!.Mids);
        Assert.Equal(answer, SessionDescription.Parse(answer.ToString()));
    }

    [Fact]
    public void Legacy_offer_is_answered_in_the_legacy_form()
    {
        SessionDescription offer = SessionDescription.Parse(SdpCaptures.HandwrittenLegacySctpmapOffer.Text);

        SessionDescription answer = SessionDescription.Parse(DataChannelSdp.CreateAnswer(offer, SdpSamples.Local with { SctpPort = 5002 }).ToString());
        MediaDescription data = answer.Media.Single();

        Assert.True(data.IsLegacyDataChannel);
        Assert.Equal("DTLS/SCTP", data.Protocol);
        Assert.Equal(["5002"], data.Formats);
        Assert.Null(data.SctpPort);
        Assert.Equal([new SdpAttribute("sctpmap", "5002 webrtc-datachannel 256")], data.Attributes);
        Assert.Equal(5002, data.EffectiveSctpPort);
        Assert.Equal("sdparta_0", data.Mid);
        Assert.Equal(SdpSetup.Active, data.Setup);
    }

    [Fact]
    public void Offer_without_BUNDLE_is_answered_without_a_group()
    {
        SessionDescription offer = SessionDescription.Parse(SdpSamples.Header + SdpSamples.DataSection);

        SessionDescription answer = DataChannelSdp.CreateAnswer(offer, SdpSamples.Local);

        Assert.Empty(answer.Groups);
        Assert.Null(answer.BundleGroup);
    }

    [Fact]
    public void Only_the_first_live_data_channel_section_is_accepted()
    {
        SessionDescription offer = SessionDescription.Parse(SdpSamples.Header + "a=group:BUNDLE 0 1\r\n"
            + SdpSamples.DataSection.Replace("m=application 9", "m=application 0").Replace("a=mid:0", "a=mid:dead")
            + SdpSamples.DataSection
            + SdpSamples.DataSection.Replace("a=mid:0", "a=mid:1"));

        SessionDescription answer = DataChannelSdp.CreateAnswer(offer, SdpSamples.Local);

        Assert.Equal(["dead", "0", "1"], answer.Media.Select(m => m.Mid));
        Assert.Equal([true, false, true], answer.Media.Select(m => m.IsRejected));
        Assert.Equal(["0"], answer.BundleGroup!.Mids);
    }

    [Fact]
    public void Offer_without_a_data_channel_section_cannot_be_answered()
    {
        SessionDescription offer = SessionDescription.Parse(SdpSamples.Header + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\n");

        Assert.False(DataChannelSdp.TryCreateAnswer(offer, SdpSamples.Local, out SessionDescription? answer, out string? error));
        Assert.Null(answer);
        Assert.Contains("no data-channel section", error);
        ArgumentException exception = Assert.Throws<ArgumentException>(() => DataChannelSdp.CreateAnswer(offer, SdpSamples.Local));
        Assert.Contains("no data-channel section", exception.Message);
    }

    [Theory]
    [InlineData("a=ice-ufrag:abcd\r\n", "a=ice-ufrag")]
    [InlineData("a=ice-pwd:abcdefghijklmnopqrstuv\r\n", "a=ice-pwd")]
    [InlineData("a=fingerprint:sha-256 AB:CD\r\n", "a=fingerprint")]
    public void Offer_without_credentials_or_fingerprint_cannot_be_answered(string removed, string named)
    {
        SessionDescription offer = SessionDescription.Parse(SdpSamples.Header + SdpSamples.DataSection.Replace(removed, ""));

        Assert.False(DataChannelSdp.TryCreateAnswer(offer, SdpSamples.Local, out _, out string? error));
        Assert.Contains(named, error);
    }
}
