using MeshActors.WebRtc.Sdp;
using MeshActors.WebRtc.Tests.Sdp.Captures;

namespace MeshActors.WebRtc.Tests.PeerConnection;

public class RemoteSessionParametersTests
{
    [Fact]
    public void A_chromium_offer_gives_credentials_fingerprint_actpass_port_size_and_candidates()
    {
        var offer = SessionDescription.Parse(SdpCaptures.ChromiumOffer.Text);
        Assert.True(RemoteSessionParameters.TryRead(offer, SdpType.Offer, out var remote, out var error), error);
        Assert.Equal("0", remote.Mid);
        Assert.Equal(0, remote.MLineIndex);
        Assert.Equal("PLgB", remote.Ice.UsernameFragment);
        Assert.Equal("o0n+0/8IalKW1+SUnanlOSvf", remote.Ice.Password);
        Assert.Equal("sha-256 F1:DF:82:27:D4:31:52:27:24:59:6B:3B:FF:82:7D:F7:D3:D7:F0:F8:01:39:BC:7E:04:9A:DB:86:A3:17:7E:BA",
            Assert.Single(remote.Fingerprints).ToString());
        Assert.Equal(SdpSetup.Actpass, remote.Setup);
        Assert.Equal(5000, remote.SctpPort);
        Assert.Equal(262144, remote.MaxMessageSize);
        Assert.Equal(2, remote.Candidates.Count);
        Assert.False(remote.EndOfCandidates);
    }

    [Fact]
    public void A_firefox_style_offer_with_session_level_fingerprint_and_end_of_candidates_is_read()
    {
        var offer = SessionDescription.Parse(SdpCaptures.HandwrittenFirefoxOffer.Text);
        Assert.True(RemoteSessionParameters.TryRead(offer, SdpType.Offer, out var remote, out var error), error);
        Assert.Single(remote.Fingerprints);
        Assert.Equal(1073741823, remote.MaxMessageSize);
        Assert.True(remote.EndOfCandidates);
    }

    [Fact]
    public void An_absent_max_message_size_means_64_KiB_and_the_audio_video_offer_finds_its_data_section()
    {
        var legacy = SessionDescription.Parse(SdpCaptures.HandwrittenLegacySctpmapOffer.Text);
        Assert.True(RemoteSessionParameters.TryRead(legacy, SdpType.Offer, out var remote, out var error), error);
        Assert.Equal(65536, remote.MaxMessageSize);

        var av = SessionDescription.Parse(SdpCaptures.ChromiumOfferAudioVideoData.Text);
        Assert.True(RemoteSessionParameters.TryRead(av, SdpType.Offer, out var avRemote, out error), error);
        Assert.Equal(2, avRemote.MLineIndex);
    }

    [Theory]
    [InlineData("a=fingerprint:", "a=x-fingerprint:", "no a=fingerprint")]
    [InlineData("a=ice-ufrag:PLgB", "a=ice-ufrag:P", "not 4-256")]
    [InlineData("a=ice-pwd:o0n+0/8IalKW1+SUnanlOSvf", "a=x-pwd:o0n+0/8IalKW1+SUnanlOSvf", "no a=ice-pwd")]
    [InlineData("a=setup:actpass", "a=setup:holdconn", "holdconn")]
    [InlineData("m=application 9", "m=application 0", "rejected")]
    [InlineData("UDP/DTLS/SCTP webrtc-datachannel", "UDP/TLS/RTP/SAVPF 111", "no data-channel section")]
    [InlineData("sha-256 F1:DF:82", "sha-256 F1:DF", "well-formed")]
    public void Unusable_offers_are_refused_with_a_reason(string from, string to, string reason)
    {
        var text = SdpCaptures.ChromiumOffer.Text.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(SdpCaptures.ChromiumOffer.Text, text);
        var offer = SessionDescription.Parse(text);
        Assert.False(RemoteSessionParameters.TryRead(offer, SdpType.Offer, out _, out var error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void An_answer_must_not_say_actpass_and_without_setup_it_is_active()
    {
        var answer = SessionDescription.Parse(SdpCaptures.ChromiumAnswerToMeshactorsOffer.Text);
        Assert.True(RemoteSessionParameters.TryRead(answer, SdpType.Answer, out var remote, out var error), error);
        Assert.Equal(SdpSetup.Active, remote.Setup);

        var actpass = SessionDescription.Parse(SdpCaptures.ChromiumAnswerToMeshactorsOffer.Text.Replace("a=setup:active", "a=setup:actpass", StringComparison.Ordinal));
        Assert.False(RemoteSessionParameters.TryRead(actpass, SdpType.Answer, out _, out error));
        Assert.Contains("actpass", error);

        var none = SessionDescription.Parse(SdpCaptures.ChromiumAnswerToMeshactorsOffer.Text.Replace("a=setup:active\r\n", "", StringComparison.Ordinal));
        Assert.True(RemoteSessionParameters.TryRead(none, SdpType.Answer, out remote, out error), error);
        Assert.Equal(SdpSetup.Active, remote.Setup);
    }

    [Theory]
    [InlineData(262144, 65536, 65536)]
    [InlineData(0, 65536, 65536)]
    [InlineData(262144, 0, 262144)]
    [InlineData(0, 0, 0)]
    [InlineData(1073741823, 262144, 262144)]
    public void The_send_limit_is_the_smaller_size_where_zero_means_unlimited(long local, long remote, long limit)
        => Assert.Equal(limit, RemoteSessionParameters.SendLimit(local, remote));
}
