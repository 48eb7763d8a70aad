namespace MeshActors.WebRtc.Tests.PeerConnection;

public class RtcIceServerTests
{
    [Theory]
    [InlineData("stun:stun.example.org", "stun", "stun.example.org", 3478, null)]
    [InlineData("stun:127.0.0.1:19302", "stun", "127.0.0.1", 19302, null)]
    [InlineData("STUN:[::1]:3479", "stun", "::1", 3479, null)]
    [InlineData("stuns:example.org", "stuns", "example.org", 5349, null)]
    [InlineData("turn:turn.example.org:3478?transport=tcp", "turn", "turn.example.org", 3478, "tcp")]
    public void Stun_and_turn_urls_parse_into_scheme_host_port_and_transport(string text, string scheme, string host, int port, string? transport)
    {
        Assert.True(RtcIceServerUrl.TryParse(text, out var url, out var error), error);
        Assert.Equal(new RtcIceServerUrl(scheme, host, port, transport), url);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("stun.example.org", "scheme")]
    [InlineData("http://example.org", "unknown scheme")]
    [InlineData("stun:example.org:99999", "port")]
    [InlineData("stun:example.org?transport=udp", "no query")]
    [InlineData("turn:example.org?transport=sctp", "transport")]
    [InlineData("stun:[::1", "']'")]
    [InlineData("stun:", "host")]
    public void Malformed_urls_are_refused_with_a_reason(string text, string reason)
    {
        Assert.False(RtcIceServerUrl.TryParse(text, out _, out var error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void A_turn_server_without_credentials_is_refused_and_with_them_accepted()
    {
        var error = Assert.Throws<ArgumentException>(() => new RtcIceServer("turn:turn.example.org").ParseUrls());
        Assert.Contains("username and a credential", error.Message);
        var urls = new RtcIceServer("turn:turn.example.org", "stun:stun.example.org") { Username = "u", Credential = "p" }.ParseUrls();
        Assert.Equal(2, urls.Count);
        Assert.True(urls[0].IsTurn);
        Assert.True(urls[1].IsStunUdp);
    }

    [Fact]
    public void A_configuration_with_a_bad_server_or_port_range_does_not_validate()
    {
        new RtcConfiguration { IceServers = [new RtcIceServer("stun:127.0.0.1:3478")], MinPort = 50000, MaxPort = 50010 }.Validate();
        Assert.Throws<ArgumentException>(() => new RtcConfiguration { IceServers = [new RtcIceServer("stun:")] }.Validate());
        Assert.Throws<ArgumentException>(() => new RtcConfiguration { MinPort = 50010, MaxPort = 50000 }.Validate());
        Assert.Throws<ArgumentException>(() => new RtcConfiguration { MaxMessageSize = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new RtcConfiguration { MaxMessageSize = RtcConfiguration.MaxMaxMessageSize + 1 }.Validate());
    }
}
