using MeshActors.WebRtc.DataChannels;

namespace MeshActors.WebRtc.Tests.DataChannels;

public class RtcDataChannelInitTests
{
    [Fact]
    public void Defaults_are_the_w3c_ones()
    {
        var init = new RtcDataChannelInit();
        Assert.True(init.Ordered);
        Assert.Null(init.MaxPacketLifeTime);
        Assert.Null(init.MaxRetransmits);
        Assert.Equal("", init.Protocol);
        Assert.False(init.Negotiated);
        Assert.Null(init.Id);
        Assert.Equal(256, init.Priority);
        Assert.Equal(DataChannelType.Reliable, init.ChannelType);
        init.Validate("x");
    }

    [Fact]
    public void Both_reliability_limits_together_are_refused()
    {
        var init = new RtcDataChannelInit { MaxPacketLifeTime = 100, MaxRetransmits = 2 };
        var error = Assert.Throws<ArgumentException>(() => init.Validate("x"));
        Assert.Contains("not both", error.Message);
    }

    [Fact]
    public void Negotiated_channel_without_id_and_id_65535_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new RtcDataChannelInit { Negotiated = true }.Validate("x"));
        Assert.Throws<ArgumentException>(() => new RtcDataChannelInit { Negotiated = true, Id = 65535 }.Validate("x"));
        new RtcDataChannelInit { Negotiated = true, Id = 65534 }.Validate("x");
    }

    [Fact]
    public void Label_and_protocol_longer_than_65535_utf8_bytes_are_refused()
    {
        var fits = new string('a', 65535);
        new RtcDataChannelInit { Protocol = fits }.Validate(fits);
        // 32768 two-byte characters are 65536 bytes although only 32768 chars.
        var tooLong = new string('é', 32768);
        Assert.Throws<ArgumentException>(() => new RtcDataChannelInit().Validate(tooLong));
        Assert.Throws<ArgumentException>(() => new RtcDataChannelInit { Protocol = tooLong }.Validate("x"));
    }

    [Fact]
    public void Channel_type_follows_the_options()
    {
        Assert.Equal(DataChannelType.PartialReliableRexmitUnordered, new RtcDataChannelInit { Ordered = false, MaxRetransmits = 0 }.ChannelType);
        Assert.Equal(DataChannelType.PartialReliableTimed, new RtcDataChannelInit { MaxPacketLifeTime = 150 }.ChannelType);
        Assert.Equal(DataChannelType.ReliableUnordered, new RtcDataChannelInit { Ordered = false }.ChannelType);
    }
}
