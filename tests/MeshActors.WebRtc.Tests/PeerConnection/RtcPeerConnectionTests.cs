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
}
