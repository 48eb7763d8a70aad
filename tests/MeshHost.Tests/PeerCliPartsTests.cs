using MeshActors.WebRtc;
using MeshActors.WebRtc.Sdp;
using MeshHost.Cli;

namespace MeshHost.Tests;

public class PeerCliPartsTests
{
    [Fact]
    public void Channel_modes_default_godot_and_godot_pr_give_the_documented_layouts()
    {
        var data = Assert.Single(PeerChannelPlan.Parse("default"));
        Assert.Equal("data", data.Label);
        Assert.False(data.Init.Negotiated);
        Assert.True(data.Init.Ordered);
        Assert.True(data.ByOfferer);

        var godot = PeerChannelPlan.Parse("godot");
        Assert.Equal(["reliable", "ordered", "unreliable"], godot.Select(c => c.Label));
        Assert.Equal([(ushort)1, (ushort)2, (ushort)3], godot.Select(c => c.Init.Id!.Value));
        Assert.All(godot, c => Assert.True(c.Init.Negotiated && c.Reliable));
        Assert.Equal([true, true, false], godot.Select(c => c.Init.Ordered));

        var pr = PeerChannelPlan.Parse("godot-pr");
        Assert.Null(pr[0].Init.MaxPacketLifeTime);
        Assert.Equal((ushort)1, pr[1].Init.MaxPacketLifeTime);
        Assert.Equal((ushort)1, pr[2].Init.MaxPacketLifeTime);
        Assert.False(pr[2].Reliable);
    }

    [Fact]
    public void A_json_channel_list_gives_every_option_and_the_creating_side()
    {
        var plans = PeerChannelPlan.Parse("""
            [{"label":"chat","protocol":"p1","by":"answerer"},
             {"label":"state","negotiated":true,"id":9,"ordered":false,"maxRetransmits":2},
             {"label":"pos","maxPacketLifeTime":50}]
            """);
        Assert.Equal(3, plans.Count);
        Assert.False(plans[0].ByOfferer);
        Assert.Equal("p1", plans[0].Init.Protocol);
        Assert.Equal((ushort)9, plans[1].Init.Id);
        Assert.False(plans[1].Init.Ordered);
        Assert.Equal((ushort)2, plans[1].Init.MaxRetransmits);
        Assert.Equal((ushort)50, plans[2].Init.MaxPacketLifeTime);
        Assert.True(plans[2].ByOfferer);
    }

    [Theory]
    [InlineData("fast", "not default")]
    [InlineData("{}", "array")]
    [InlineData("[]", "no channel")]
    [InlineData("""[{"id":1}]""", "label")]
    [InlineData("""[{"label":"a","by":"both"}]""", "\"by\"")]
    [InlineData("""[{"label":"a","negotiated":true}]""", "Id")]
    [InlineData("""[{"label":"a","maxRetransmits":1,"maxPacketLifeTime":1}]""", "not both")]
    [InlineData("""[{"label":"a","id":70000}]""", "0-65535")]
    [InlineData("""[{"label":"a","ordered":"yes"}]""", "wrong type")]
    [InlineData("""[{"label":"a"},{"label":"a"}]""", "twice")]
    public void Bad_channel_lists_are_refused_with_a_reason(string text, string reason)
        => Assert.Contains(reason, Assert.Throws<FormatException>(() => PeerChannelPlan.Parse(text)).Message);

    [Fact]
    public void Signaling_lines_round_trip_descriptions_and_candidates_and_ignore_other_lines()
    {
        var offer = new RtcSessionDescription(SdpType.Offer, "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n");
        var line = SignalingLines.Description(offer);
        Assert.DoesNotContain('\n', line);
        Assert.Equal(offer, SignalingLines.Parse(line).Description);

        var (none, candidate) = SignalingLines.Parse("""{"type":"candidate","candidate":"candidate:1 1 udp 1 127.0.0.1 9 typ host","sdpMid":"0","sdpMLineIndex":0}""");
        Assert.Null(none);
        Assert.Equal(new RtcIceCandidateInit("candidate:1 1 udp 1 127.0.0.1 9 typ host", "0", 0), candidate);
        Assert.True(SignalingLines.Parse("""{"type":"candidate","candidate":"","sdpMid":"0","sdpMLineIndex":0}""").Candidate!.IsEndOfCandidates);

        foreach (var noise in new[] { "hello", "", "[1,2]", """{"type":"bye"}""", """{"sdp":"x"}""", """{"type":"offer"}""" })
        {
            Assert.Equal((null, null), SignalingLines.Parse(noise));
        }
    }

    [Fact]
    public void Numbered_messages_check_byte_for_byte()
    {
        var binary = NumberedMessage.Binary(1234, 300);
        Assert.Equal(1234, NumberedMessage.CheckBinary(binary, 300));
        binary[150] ^= 1;
        Assert.Equal(-1, NumberedMessage.CheckBinary(binary, 300));
        Assert.Equal(-1, NumberedMessage.CheckBinary(NumberedMessage.Binary(5, 300), 299));

        var text = NumberedMessage.Text(77, 50);
        Assert.Equal(50, text.Length);
        Assert.Equal(77, NumberedMessage.CheckText(text, 50));
        Assert.Equal(-1, NumberedMessage.CheckText(text[..^1] + "#", 50));
    }
}
