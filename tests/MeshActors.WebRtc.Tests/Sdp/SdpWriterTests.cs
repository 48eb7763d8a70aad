using MeshActors.WebRtc.Sdp;

namespace MeshActors.WebRtc.Tests.Sdp;

public class SdpWriterTests
{
    [Fact]
    public void Offer_is_written_with_CRLF_in_the_order_browsers_write()
    {
        string text = DataChannelSdp.CreateOffer(SdpSamples.Local with { Candidates = ["1 1 udp 1 192.0.2.1 9 typ host"], EndOfCandidates = true }).ToString();

        string[] lines = text.Split("\r\n");
        Assert.Equal("", lines[^1]);
        Assert.DoesNotContain(lines, l => l.Contains('\n') || l.Contains('\r'));
        Assert.Equal(
        [
            "v=0",
            "o=- 7266115418409231041 1 IN IP4 127.0.0.1",
            "s=-",
            "t=0 0",
            "a=group:BUNDLE 0",
            "a=msid-semantic: WMS",
            "m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
            "c=IN IP4 0.0.0.0",
            "a=ice-ufrag:MeshActorsUfrag1",
            "a=ice-pwd:MeshActorsIcePassword0123456789+/",
            "a=ice-options:trickle",
            "a=fingerprint:sha-256 " + SdpSamples.Local.Fingerprint.Value,
            "a=setup:actpass",
            "a=mid:0",
            "a=sctp-port:5000",
            "a=max-message-size:262144",
            "a=candidate:1 1 udp 1 192.0.2.1 9 typ host",
            "a=end-of-candidates",
            "",
        ], lines);
    }

    [Fact]
    public void Fingerprint_from_a_digest_is_upper_case_hex_pairs_separated_by_colons()
    {
        SdpFingerprint fingerprint = SdpFingerprint.FromDigest("sha-256", [0x00, 0x0a, 0xff, 0x5c]);

        Assert.Equal("sha-256", fingerprint.HashFunction);
        Assert.Equal("00:0A:FF:5C", fingerprint.Value);
        Assert.Equal("sha-256 00:0A:FF:5C", fingerprint.ToString());
        Assert.Equal(95, SdpFingerprint.FromDigest("sha-256", new byte[32]).Value.Length);
    }

    [Fact]
    public void Fingerprints_compare_without_regard_to_case()
    {
        Assert.Equal(new SdpFingerprint("SHA-256", "ab:cd"), new SdpFingerprint("sha-256", "AB:CD"));
        Assert.Equal(new SdpFingerprint("SHA-256", "ab:cd").GetHashCode(), new SdpFingerprint("sha-256", "AB:CD").GetHashCode());
        Assert.NotEqual(new SdpFingerprint("sha-256", "AB:CD"), new SdpFingerprint("sha-256", "AB:CE"));
    }

    [Fact]
    public void Values_that_could_not_be_written_and_parsed_back_are_refused_when_built()
    {
        Assert.Throws<ArgumentException>(() => new SdpAttribute("x", "a\r\na=injected"));
        Assert.Throws<ArgumentException>(() => new SdpAttribute("x:y"));
        Assert.Throws<ArgumentException>(() => new SdpFingerprint("sha 256", "AB"));
        Assert.Throws<ArgumentException>(() => new MediaDescription { Media = "application", Port = 9, Protocol = "UDP/DTLS/SCTP", Mid = "a b" });
        Assert.Throws<ArgumentException>(() => new MediaDescription { Media = "application", Port = 9, Protocol = "UDP/DTLS/SCTP", IceUfrag = "ab:cd" });
        Assert.Throws<ArgumentException>(() => new MediaDescription { Media = "application", Port = 9, Protocol = "UDP/DTLS/SCTP", Candidates = ["x\ny"] });
        Assert.Throws<ArgumentOutOfRangeException>(() => new MediaDescription { Media = "application", Port = 65536, Protocol = "UDP/DTLS/SCTP" });
        Assert.Throws<ArgumentOutOfRangeException>(() => new MediaDescription { Media = "application", Port = 9, Protocol = "UDP/DTLS/SCTP", MaxMessageSize = -1 });
        // A typed attribute as an uninterpreted one would be written twice and refused on the way back.
        Assert.Throws<ArgumentException>(() => new MediaDescription { Media = "application", Port = 9, Protocol = "UDP/DTLS/SCTP", Attributes = [new SdpAttribute("mid", "0")] });
        Assert.Throws<ArgumentException>(() => new SdpLine('m', "audio 9 RTP/AVP 0"));
        Assert.Throws<ArgumentException>(() => new SdpLocalParameters
        {
            IceUfrag = "abc", IcePwd = "abcdefghijklmnopqrstuv", Fingerprint = new SdpFingerprint("sha-256", "AB"), SessionId = 1,
        });
    }

    [Fact]
    public void Lists_given_to_the_model_are_copied()
    {
        var candidates = new List<string> { "1 1 udp 1 192.0.2.1 9 typ host" };
        var media = new MediaDescription { Media = "application", Port = 9, Protocol = "UDP/DTLS/SCTP", Candidates = candidates };

        candidates.Add("2 1 udp 1 192.0.2.2 9 typ host");

        Assert.Single(media.Candidates);
    }

    [Fact]
    public void Equality_is_semantic_over_lists()
    {
        SessionDescription a = DataChannelSdp.CreateOffer(SdpSamples.Local);
        SessionDescription b = DataChannelSdp.CreateOffer(SdpSamples.Local);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, a with { Media = [a.Media[0] with { Candidates = ["1 1 udp 1 192.0.2.1 9 typ host"] }] });
        Assert.NotEqual(a, a with { Groups = [] });
    }

    [Fact]
    public void Session_description_round_trips_through_the_W3C_shape()
    {
        SessionDescription offer = DataChannelSdp.CreateOffer(SdpSamples.Local);
        RtcSessionDescription init = RtcSessionDescription.From(SdpType.Offer, offer);

        Assert.Equal(SdpType.Offer, init.Type);
        Assert.Equal(offer.ToString(), init.Sdp);
        Assert.Equal(offer, init.Parse());
        Assert.True(init.TryParse(out SessionDescription? parsed, out _));
        Assert.Equal(offer, parsed);
        Assert.Equal("pranswer", SdpType.Pranswer.ToText());
        Assert.True(SdpTypeText.TryParse("Answer", out SdpType type));
        Assert.Equal(SdpType.Answer, type);
        Assert.False(SdpTypeText.TryParse("provisional", out _));
    }
}
