using System.Text;
using MeshActors.WebRtc.DataChannels;

namespace MeshActors.WebRtc.Tests.PeerConnection;

public class RtcPeerConnectionDataChannelTests
{
    [Fact]
    public async Task An_in_band_channel_opens_on_both_sides_and_carries_text_and_binary_both_ways()
    {
        await using var pair = new PeerPair();
        var local = pair.Offerer.CreateDataChannel("data");
        var remoteChannel = new TaskCompletionSource<RtcDataChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
        var atAnswerer = new List<string>();
        var gotAll = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.Answerer.DataChannel += ch =>
        {
            ch.Message += m =>
            {
                atAnswerer.Add(m.IsText ? "t:" + m.Text : "b:" + Convert.ToHexString(m.Binary!));
                if (m.IsText)
                {
                    ch.Send("echo " + m.Text);
                }
                else
                {
                    ch.Send(m.Binary!);
                }
                if (atAnswerer.Count == 3)
                {
                    gotAll.TrySetResult();
                }
            };
            remoteChannel.TrySetResult(ch);
        };
        var echoes = new List<string>();
        var gotEchoes = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        local.Message += m =>
        {
            echoes.Add(m.IsText ? "t:" + m.Text : "b:" + Convert.ToHexString(m.Binary!));
            if (echoes.Count == 3)
            {
                gotEchoes.TrySetResult();
            }
        };
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        local.Opened += () => opened.TrySetResult();

        await pair.NegotiateAsync();
        await opened.Task.WaitAsync(PeerPair.Timeout);
        var remote = await remoteChannel.Task.WaitAsync(PeerPair.Timeout);
        Assert.Equal("data", remote.Label);
        Assert.Equal(local.Id, remote.Id);
        Assert.Equal(1, local.Id!.Value % 2); // the offerer is the DTLS server: odd ids

        local.Send("hello");
        local.Send(Encoding.UTF8.GetBytes("bin"));
        local.Send("");
        await gotAll.Task.WaitAsync(PeerPair.Timeout);
        await gotEchoes.Task.WaitAsync(PeerPair.Timeout);
        Assert.Equal(["t:hello", "b:62696E", "t:"], atAnswerer);
        Assert.Equal(["t:echo hello", "b:62696E", "t:echo "], echoes);
    }

    [Fact]
    public async Task The_send_limit_is_the_smaller_max_message_size_of_the_two_sides()
    {
        var small = new RtcConfiguration { HostCandidates = RtcHostCandidatePolicy.LoopbackOnly, EnableIPv6 = false, MaxMessageSize = 1000 };
        var large = small with { MaxMessageSize = 1 << 20 };
        await using var pair = new PeerPair(large, small);
        Assert.Equal(1 << 20, pair.Offerer.MaxMessageSize);
        var init = new RtcDataChannelInit { Negotiated = true, Id = 5 };
        var sender = pair.Offerer.CreateDataChannel("limited", init);
        var receiver = pair.Answerer.CreateDataChannel("limited", init);
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        sender.Opened += () => opened.TrySetResult();
        var got = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.MessageReceived += (_, data, _) => got.TrySetResult(data.Length);

        await pair.NegotiateAsync();
        Assert.Contains("a=max-message-size:1048576", pair.Offerer.LocalDescription!.Sdp);
        Assert.Contains("a=max-message-size:1000", pair.Answerer.LocalDescription!.Sdp);
        Assert.Equal(1000, pair.Offerer.MaxMessageSize);
        Assert.Equal(1000, pair.Answerer.MaxMessageSize);
        await opened.Task.WaitAsync(PeerPair.Timeout);
        Assert.Equal(RtcDataChannelSendResult.MessageTooLarge, sender.TrySend(new byte[1001]));
        Assert.Equal(RtcDataChannelSendResult.Queued, sender.TrySend(new byte[1000]));
        Assert.Equal(1000, await got.Task.WaitAsync(PeerPair.Timeout));
    }

    [Fact]
    public async Task Closing_the_connection_closes_the_peers_channels_through_an_abort()
    {
        await using var pair = new PeerPair();
        var local = pair.Offerer.CreateDataChannel("doomed");
        var remote = new TaskCompletionSource<RtcDataChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.Answerer.DataChannel += ch => remote.TrySetResult(ch);
        await pair.NegotiateAsync();
        var channel = await remote.Task.WaitAsync(PeerPair.Timeout);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.Closed += () => closed.TrySetResult();
        if (channel.ReadyState == RtcDataChannelState.Closed)
        {
            closed.TrySetResult();
        }
        pair.Offerer.Close();
        await closed.Task.WaitAsync(PeerPair.Timeout);
        Assert.Equal(RtcDataChannelState.Closed, local.ReadyState);
        Assert.Throws<InvalidOperationException>(() => pair.Offerer.CreateDataChannel("late"));
    }
}
