using System.Net;
using MeshActors.WebRtc.DataChannels;
using MeshActors.WebRtc.Dtls;
using MeshActors.WebRtc.Ice;
using MeshActors.WebRtc.Net;
using MeshActors.WebRtc.Sdp;

namespace MeshActors.WebRtc.Tests.PeerConnection;

public class RtcPeerConnectionTransportTests
{
    [Fact]
    public async Task A_remote_certificate_that_does_not_match_the_fingerprint_fails_the_connection()
    {
        await using var offerer = Loopback();
        await using var answerer = Loopback();
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        offerer.ConnectionStateChanged += s =>
        {
            if (s == RtcPeerConnectionState.Failed)
            {
                failed.TrySetResult();
            }
        };
        Wire(offerer, answerer);
        Wire(answerer, offerer);
        await offerer.SetLocalDescriptionAsync();
        await answerer.SetRemoteDescriptionAsync(offerer.LocalDescription!);
        await answerer.SetLocalDescriptionAsync();
        // Another certificate's (well-formed) fingerprint in the answer: the offerer must refuse the answerer's certificate.
        var other = SdpFingerprint.FromDigest("sha-256", RtcCertificate.Generate().Fingerprint.Value);
        var theirs = SdpFingerprint.FromDigest("sha-256", answerer.Certificate.Fingerprint.Value);
        var forged = answerer.LocalDescription!.Sdp.Replace(theirs.Value, other.Value, StringComparison.Ordinal);
        Assert.NotEqual(answerer.LocalDescription.Sdp, forged);
        await offerer.SetRemoteDescriptionAsync(new RtcSessionDescription(SdpType.Answer, forged));

        await failed.Task.WaitAsync(PeerPair.Timeout);
        Assert.Equal(DtlsConnectionState.Failed, offerer.DtlsState);
        Assert.NotNull(offerer.DtlsError);
    }

    [Fact]
    public async Task Two_clients_reach_a_server_whose_connections_share_one_UDP_port()
    {
        using var mux = IceUdpMux.Bind(UdpNetwork.Instance, new IPEndPoint(IPAddress.Loopback, 0));
        var serverConfig = new RtcConfiguration { SharedPort = mux, EnableIPv6 = false };
        var clients = new List<(RtcPeerConnection Client, RtcPeerConnection Server)>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                clients.Add((Loopback(), new RtcPeerConnection(serverConfig)));
            }
            var echoes = new List<Task<string>>();
            foreach (var (client, server) in clients)
            {
                var init = new RtcDataChannelInit { Negotiated = true, Id = 0 };
                var serverChannel = server.CreateDataChannel("c", init);
                serverChannel.Message += m => serverChannel.Send("echo " + m.Text);
                var clientChannel = client.CreateDataChannel("c", init);
                var echo = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
                clientChannel.Message += m => echo.TrySetResult(m.Text!);
                clientChannel.Opened += () => clientChannel.Send("hi " + clients.FindIndex(c => c.Client == client));
                echoes.Add(echo.Task);
                Wire(client, server);
                Wire(server, client);
                await client.SetLocalDescriptionAsync();
                await server.SetRemoteDescriptionAsync(client.LocalDescription!);
                await server.SetLocalDescriptionAsync();
                await client.SetRemoteDescriptionAsync(server.LocalDescription!);
            }
            Assert.Equal(["echo hi 0", "echo hi 1"], await Task.WhenAll(echoes).WaitAsync(PeerPair.Timeout));
            foreach (var (_, server) in clients)
            {
                var stats = await server.GetStatsAsync();
                Assert.Equal(mux.LocalEndPoint.Port, stats.LocalCandidate!.Port);
            }
        }
        finally
        {
            foreach (var (client, server) in clients)
            {
                await client.DisposeAsync();
                await server.DisposeAsync();
            }
        }
    }

    private static RtcPeerConnection Loopback() =>
        new(new RtcConfiguration { HostCandidates = RtcHostCandidatePolicy.LoopbackOnly, EnableIPv6 = false });

    /// <summary>Trickles <paramref name="from"/>'s candidates to <paramref name="to"/> once it has a remote description.</summary>
    private static void Wire(RtcPeerConnection from, RtcPeerConnection to)
    {
        var held = new List<RtcIceCandidateInit>();
        from.IceCandidate += c =>
        {
            lock (held)
            {
                if (to.RemoteDescription is null)
                {
                    held.Add(c.ToInit());
                    return;
                }
                foreach (var h in held)
                {
                    _ = to.AddIceCandidateAsync(h);
                }
                held.Clear();
            }
            _ = to.AddIceCandidateAsync(c.ToInit());
        };
        to.SignalingStateChanged += state =>
        {
            lock (held)
            {
                if (to.RemoteDescription is null)
                {
                    return;
                }
                foreach (var h in held)
                {
                    _ = to.AddIceCandidateAsync(h);
                }
                held.Clear();
            }
        };
    }
}
