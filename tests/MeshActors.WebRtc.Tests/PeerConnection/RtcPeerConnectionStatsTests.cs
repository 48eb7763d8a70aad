using MeshActors.WebRtc.DataChannels;

namespace MeshActors.WebRtc.Tests.PeerConnection;

public class RtcPeerConnectionStatsTests
{
    [Fact]
    public async Task Stats_count_messages_and_bytes_per_channel_and_connection_and_show_the_pair_rtt_and_sctp()
    {
        await using var pair = new PeerPair();
        var sender = pair.Offerer.CreateDataChannel("stats");
        var received = 0;
        var allReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.Answerer.DataChannel += ch => ch.MessageReceived += (_, data, _) =>
        {
            if (++received == 10)
            {
                allReceived.TrySetResult();
            }
        };
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        sender.Opened += () => opened.TrySetResult();
        var before = await pair.Offerer.GetStatsAsync();
        Assert.Null(before.Transport);
        Assert.Equal("stats", Assert.Single(before.DataChannels).Label);

        await pair.NegotiateAsync();
        await opened.Task.WaitAsync(PeerPair.Timeout);
        for (var i = 0; i < 10; i++)
        {
            sender.Send(new byte[100 + i]);
        }
        await allReceived.Task.WaitAsync(PeerPair.Timeout);

        // The receiver has everything, but the sender learns its first RTT only when the (delayed) SACK
        // comes back: read the sender's stats once that has happened.
        var sent = await pair.Offerer.GetStatsAsync();
        var deadline = DateTime.UtcNow + PeerPair.Timeout;
        while (sent.Sctp?.SmoothedRoundTripTime is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(5);
            sent = await pair.Offerer.GetStatsAsync();
        }
        var got = await pair.Answerer.GetStatsAsync();
        var channel = Assert.Single(sent.DataChannels);
        Assert.Equal(10, channel.MessagesSent);
        Assert.Equal(1045, channel.BytesSent);
        Assert.Equal("open", channel.State);
        Assert.Equal(sender.Id, channel.DataChannelIdentifier);
        var remote = Assert.Single(got.DataChannels);
        Assert.Equal(10, remote.MessagesReceived);
        Assert.Equal(1045, remote.BytesReceived);
        Assert.Equal(10, got.PeerConnection.MessagesReceived);
        Assert.Equal(1, got.PeerConnection.DataChannelsOpened);

        Assert.NotNull(sent.Transport);
        Assert.Equal("connected", sent.Transport.DtlsState);
        Assert.Equal("server", sent.Transport.DtlsRole);
        Assert.Equal("controlling", sent.Transport.IceRole);
        Assert.True(sent.Transport.BytesSent > 1045);
        Assert.Equal(sent.SelectedCandidatePair!.Id, sent.Transport.SelectedCandidatePairId);
        Assert.Equal("127.0.0.1", sent.LocalCandidate!.Address);
        Assert.Equal("host", sent.RemoteCandidate!.CandidateType);
        Assert.True(sent.SelectedCandidatePair.CurrentRoundTripTime is > 0 and < 1);
        Assert.NotNull(sent.Sctp);
        Assert.True(sent.Sctp.SmoothedRoundTripTime is > 0 and < 1);
        Assert.True(sent.Sctp.PacketsSent > 0);
        Assert.Equal(0, sent.Sctp.RetransmittedPacketsSent);
        Assert.Contains(sent.Values, s => s.Type == "candidate-pair");
    }
}
