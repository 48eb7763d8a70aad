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
}
