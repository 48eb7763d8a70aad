using MeshActors.WebRtc.Dtls;
using MeshActors.WebRtc.Sdp;

namespace MeshActors.WebRtc.Tests.PeerConnection;

public class RtcPeerConnectionTests
{
    [Fact]
    public async Task Two_connections_over_loopback_UDP_reach_connected_with_the_answerer_as_DTLS_client()
    {
        await using var pair = new PeerPair();
        var offererStates = new List<RtcPeerConnectionState>();
        pair.Offerer.ConnectionStateChanged += offererStates.Add;
        await pair.NegotiateAsync();
        await pair.WaitConnectedAsync();

        Assert.Equal(RtcSignalingState.Stable, pair.Offerer.SignalingState);
        Assert.Equal(RtcSignalingState.Stable, pair.Answerer.SignalingState);
        Assert.Equal(DtlsConnectionState.Connected, pair.Offerer.DtlsState);
        Assert.Equal(DtlsRole.Server, pair.Offerer.DtlsConnection!.Role);
        Assert.Equal(DtlsRole.Client, pair.Answerer.DtlsConnection!.Role);
        Assert.Equal(pair.Answerer.Certificate.Fingerprint, pair.Offerer.DtlsConnection.RemoteFingerprint);
        Assert.Equal([RtcPeerConnectionState.Connecting, RtcPeerConnectionState.Connected], offererStates);
        Assert.Contains("a=setup:actpass", pair.Offerer.CurrentLocalDescription!.Sdp);
        Assert.Contains("a=setup:active", pair.Answerer.CurrentLocalDescription!.Sdp);
    }

    [Fact]
    public async Task An_answer_edited_to_passive_makes_the_offerer_the_DTLS_client()
    {
        await using var pair = new PeerPair();
        var offer = await pair.Offerer.CreateOfferAsync();
        await pair.Offerer.SetLocalDescriptionAsync(offer);
        await pair.Answerer.SetRemoteDescriptionAsync(offer);
        var answer = await pair.Answerer.CreateAnswerAsync();
        var passive = answer with { Sdp = answer.Sdp.Replace("a=setup:active", "a=setup:passive", StringComparison.Ordinal) };
        await pair.Answerer.SetLocalDescriptionAsync(passive);
        await pair.Offerer.SetRemoteDescriptionAsync(passive);
        pair.OpenRelays();
        await pair.WaitConnectedAsync();
        Assert.Equal(DtlsRole.Client, pair.Offerer.DtlsConnection!.Role);
        Assert.Equal(DtlsRole.Server, pair.Answerer.DtlsConnection!.Role);
    }

    [Fact]
    public async Task A_renegotiation_with_the_same_credentials_keeps_the_connection_and_its_channels()
    {
        await using var pair = new PeerPair();
        var init = new MeshActors.WebRtc.DataChannels.RtcDataChannelInit { Negotiated = true, Id = 4 };
        var sender = pair.Offerer.CreateDataChannel("kept", init);
        var receiver = pair.Answerer.CreateDataChannel("kept", init);
        var got = new List<string>();
        var two = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.Message += m =>
        {
            got.Add(m.Text!);
            if (got.Count == 2)
            {
                two.TrySetResult();
            }
        };
        await pair.NegotiateAsync();
        await pair.WaitConnectedAsync();
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        sender.Opened += () => opened.TrySetResult();
        if (sender.ReadyState == MeshActors.WebRtc.DataChannels.RtcDataChannelState.Open)
        {
            opened.TrySetResult();
        }
        await opened.Task.WaitAsync(PeerPair.Timeout);
        sender.Send("before");

        // The answerer offers this time; the mid, credentials and roles stay.
        await pair.Answerer.SetLocalDescriptionAsync();
        Assert.Contains("a=mid:0", pair.Answerer.LocalDescription!.Sdp);
        await pair.Offerer.SetRemoteDescriptionAsync(pair.Answerer.LocalDescription);
        await pair.Offerer.SetLocalDescriptionAsync();
        await pair.Answerer.SetRemoteDescriptionAsync(pair.Offerer.LocalDescription!);
        Assert.Equal(RtcSignalingState.Stable, pair.Offerer.SignalingState);
        Assert.Equal(RtcSignalingState.Stable, pair.Answerer.SignalingState);
        sender.Send("after");
        await two.Task.WaitAsync(PeerPair.Timeout);
        Assert.Equal(["before", "after"], got);
        Assert.Equal(RtcPeerConnectionState.Connected, pair.Offerer.ConnectionState);
        Assert.Equal(DtlsRole.Server, pair.Offerer.DtlsConnection!.Role);
    }
}
