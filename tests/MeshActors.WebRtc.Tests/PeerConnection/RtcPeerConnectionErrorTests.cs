using MeshActors.WebRtc.Sdp;
using MeshActors.WebRtc.Tests.Sdp.Captures;

namespace MeshActors.WebRtc.Tests.PeerConnection;

/// <summary>Calls in the wrong state and unusable input fail at once, with a message that says why.</summary>
public class RtcPeerConnectionErrorTests
{
    private static RtcPeerConnection NewConnection() =>
        new(new RtcConfiguration { HostCandidates = RtcHostCandidatePolicy.LoopbackOnly, EnableIPv6 = false });

    [Fact]
    public async Task Creating_an_answer_without_a_remote_offer_fails_at_once()
    {
        await using var pc = NewConnection();
        var task = pc.CreateAnswerAsync();
        Assert.True(task.IsFaulted);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => task);
        Assert.Contains("set a remote offer first", error.Message);
    }

    [Fact]
    public async Task A_candidate_before_the_remote_description_fails_at_once()
    {
        await using var pc = NewConnection();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            pc.AddIceCandidateAsync(new RtcIceCandidateInit("candidate:1 1 udp 2122260223 127.0.0.1 5000 typ host")));
        Assert.Contains("before the remote description", error.Message);
    }

    [Fact]
    public async Task A_remote_answer_without_a_local_offer_fails_and_the_state_stays_stable()
    {
        await using var pc = NewConnection();
        var answer = new RtcSessionDescription(SdpType.Answer, SdpCaptures.ChromiumAnswerToMeshactorsOffer.Text);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => pc.SetRemoteDescriptionAsync(answer));
        Assert.Contains("needs a local offer", error.Message);
        Assert.Equal(RtcSignalingState.Stable, pc.SignalingState);
    }

    [Theory]
    [InlineData("v=0\r\nthis is not sdp\r\n", "not valid SDP")]
    [InlineData("", "not valid SDP")]
    public async Task Malformed_remote_sdp_fails_with_the_parser_reason(string sdp, string reason)
    {
        await using var pc = NewConnection();
        var error = await Assert.ThrowsAsync<ArgumentException>(() => pc.SetRemoteDescriptionAsync(new RtcSessionDescription(SdpType.Offer, sdp)));
        Assert.Contains(reason, error.Message);
        Assert.Equal(RtcSignalingState.Stable, pc.SignalingState);
    }

    [Fact]
    public async Task A_remote_offer_without_fingerprint_fails_and_leaves_nothing_behind()
    {
        await using var pc = NewConnection();
        var text = string.Join("\r\n", SdpCaptures.ChromiumOffer.Text.Split("\r\n").Where(l => !l.StartsWith("a=fingerprint", StringComparison.Ordinal)));
        var error = await Assert.ThrowsAsync<ArgumentException>(() => pc.SetRemoteDescriptionAsync(new RtcSessionDescription(SdpType.Offer, text)));
        Assert.Contains("no a=fingerprint", error.Message);
        Assert.Null(pc.RemoteDescription);
        Assert.Equal(RtcSignalingState.Stable, pc.SignalingState);
    }

    [Fact]
    public async Task Candidates_for_another_section_or_ufrag_and_non_candidates_are_refused()
    {
        await using var pc = NewConnection();
        await pc.SetRemoteDescriptionAsync(new RtcSessionDescription(SdpType.Offer, SdpCaptures.ChromiumOfferTrickle.Text));
        const string Line = "candidate:1 1 udp 2122260223 127.0.0.1 5000 typ host";
        Assert.Contains("media section '1'", (await Assert.ThrowsAsync<ArgumentException>(() => pc.AddIceCandidateAsync(new RtcIceCandidateInit(Line, "1", null)))).Message);
        Assert.Contains("#3", (await Assert.ThrowsAsync<ArgumentException>(() => pc.AddIceCandidateAsync(new RtcIceCandidateInit(Line, null, 3)))).Message);
        Assert.Contains("ufrag 'zzzz'", (await Assert.ThrowsAsync<ArgumentException>(() => pc.AddIceCandidateAsync(new RtcIceCandidateInit(Line, "0", 0, "zzzz")))).Message);
        Assert.Contains("not an ICE candidate", (await Assert.ThrowsAsync<ArgumentException>(() => pc.AddIceCandidateAsync(new RtcIceCandidateInit("candidate:garbage")))).Message);
        await pc.AddIceCandidateAsync(new RtcIceCandidateInit(Line));
        await pc.AddIceCandidateAsync(new RtcIceCandidateInit(Line, null, 0));
        await pc.AddIceCandidateAsync(new RtcIceCandidateInit(""));
    }

    [Fact]
    public async Task A_modified_local_description_or_one_never_created_is_refused()
    {
        await using var pc = NewConnection();
        var foreign = new RtcSessionDescription(SdpType.Offer, SdpCaptures.ChromiumOffer.Text);
        Assert.Contains("CreateOfferAsync first", (await Assert.ThrowsAsync<InvalidOperationException>(() => pc.SetLocalDescriptionAsync(foreign))).Message);
        var offer = await pc.CreateOfferAsync();
        Assert.Contains("was modified", (await Assert.ThrowsAsync<ArgumentException>(() => pc.SetLocalDescriptionAsync(foreign))).Message);
        // Harmless edits are allowed: the credentials and the fingerprint are what matter.
        await pc.SetLocalDescriptionAsync(offer with { Sdp = offer.Sdp.Replace("a=msid-semantic: WMS\r\n", "", StringComparison.Ordinal) });
        Assert.Equal(RtcSignalingState.HaveLocalOffer, pc.SignalingState);
    }

    [Fact]
    public async Task A_local_answer_edited_to_actpass_is_refused_and_changes_nothing()
    {
        await using var pc = NewConnection();
        await pc.SetRemoteDescriptionAsync(new RtcSessionDescription(SdpType.Offer, SdpCaptures.ChromiumOffer.Text));
        var answer = await pc.CreateAnswerAsync();
        var actpass = answer with { Sdp = answer.Sdp.Replace("a=setup:active", "a=setup:actpass", StringComparison.Ordinal) };
        var error = await Assert.ThrowsAsync<ArgumentException>(() => pc.SetLocalDescriptionAsync(actpass));
        Assert.Contains("one side must be active and the other passive", error.Message);
        Assert.Equal(RtcSignalingState.HaveRemoteOffer, pc.SignalingState);
        Assert.Null(pc.LocalDescription);
        await pc.SetLocalDescriptionAsync(answer);
        Assert.Equal(RtcSignalingState.Stable, pc.SignalingState);
    }

    [Fact]
    public async Task After_close_every_call_fails_and_close_again_does_nothing()
    {
        var pc = NewConnection();
        var offer = await pc.CreateOfferAsync();
        pc.Close();
        pc.Close();
        Assert.Equal(RtcSignalingState.Closed, pc.SignalingState);
        Assert.Equal(RtcPeerConnectionState.Closed, pc.ConnectionState);
        Assert.Contains("closed", (await Assert.ThrowsAsync<InvalidOperationException>(() => pc.CreateOfferAsync())).Message);
        Assert.Contains("closed", (await Assert.ThrowsAsync<InvalidOperationException>(() => pc.SetLocalDescriptionAsync(offer))).Message);
        Assert.Contains("closed", (await Assert.ThrowsAsync<InvalidOperationException>(() => pc.AddIceCandidateAsync(new RtcIceCandidateInit("")))).Message);
        await pc.DisposeAsync();
    }

    [Fact]
    public async Task A_local_offer_can_be_rolled_back_and_a_remote_offer_in_have_local_offer_rolls_it_back()
    {
        await using var pc = NewConnection();
        await pc.SetLocalDescriptionAsync();
        Assert.Equal(RtcSignalingState.HaveLocalOffer, pc.SignalingState);
        await pc.SetLocalDescriptionAsync(new RtcSessionDescription(SdpType.Rollback, ""));
        Assert.Equal(RtcSignalingState.Stable, pc.SignalingState);
        Assert.Null(pc.LocalDescription);

        await pc.SetLocalDescriptionAsync();
        await pc.SetRemoteDescriptionAsync(new RtcSessionDescription(SdpType.Offer, SdpCaptures.ChromiumOffer.Text));
        Assert.Equal(RtcSignalingState.HaveRemoteOffer, pc.SignalingState);
        await pc.SetLocalDescriptionAsync();
        Assert.Equal(RtcSignalingState.Stable, pc.SignalingState);
        Assert.Contains("a=setup:active", pc.LocalDescription!.Sdp);
    }

    [Fact]
    public async Task An_ice_restart_is_refused_as_not_supported()
    {
        await using var pc = NewConnection();
        await pc.SetRemoteDescriptionAsync(new RtcSessionDescription(SdpType.Offer, SdpCaptures.ChromiumOffer.Text));
        await pc.SetLocalDescriptionAsync();
        var restarted = SdpCaptures.ChromiumOffer.Text.Replace("a=ice-ufrag:PLgB", "a=ice-ufrag:QQQQ", StringComparison.Ordinal);
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => pc.SetRemoteDescriptionAsync(new RtcSessionDescription(SdpType.Offer, restarted)));
        Assert.Contains("ICE restart", error.Message);
    }

    [Fact]
    public void An_invalid_configuration_fails_in_the_constructor()
    {
        var error = Assert.Throws<ArgumentException>(() => new RtcPeerConnection(new RtcConfiguration { IceServers = [new RtcIceServer("turn:x")] }));
        Assert.Contains("username and a credential", error.Message);
    }

    [Fact]
    public async Task The_relay_policy_gathers_nothing_here_and_says_so_with_end_of_candidates()
    {
        await using var pc = new RtcPeerConnection(new RtcConfiguration { IceTransportPolicy = RtcIceTransportPolicy.Relay });
        var candidates = new List<RtcIceCandidate>();
        var complete = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pc.IceCandidate += candidates.Add;
        pc.IceGatheringStateChanged += s =>
        {
            if (s == RtcIceGatheringState.Complete)
            {
                complete.TrySetResult();
            }
        };
        await pc.SetLocalDescriptionAsync();
        await complete.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(Assert.Single(candidates).IsEndOfCandidates);
        Assert.Contains("a=end-of-candidates", pc.LocalDescription!.Sdp);
        Assert.DoesNotContain("a=candidate", pc.LocalDescription.Sdp);
    }

    [Theory]
    [InlineData(RtcIceConnectionState.New, DtlsStateText.New, RtcPeerConnectionState.New)]
    [InlineData(RtcIceConnectionState.Checking, DtlsStateText.New, RtcPeerConnectionState.Connecting)]
    [InlineData(RtcIceConnectionState.Connected, DtlsStateText.Connecting, RtcPeerConnectionState.Connecting)]
    [InlineData(RtcIceConnectionState.Connected, DtlsStateText.Connected, RtcPeerConnectionState.Connected)]
    [InlineData(RtcIceConnectionState.Completed, DtlsStateText.Connected, RtcPeerConnectionState.Connected)]
    [InlineData(RtcIceConnectionState.Disconnected, DtlsStateText.Connected, RtcPeerConnectionState.Disconnected)]
    [InlineData(RtcIceConnectionState.Connected, DtlsStateText.Failed, RtcPeerConnectionState.Failed)]
    [InlineData(RtcIceConnectionState.Failed, DtlsStateText.Connecting, RtcPeerConnectionState.Failed)]
    [InlineData(RtcIceConnectionState.Closed, DtlsStateText.Closed, RtcPeerConnectionState.New)]
    public void The_connection_state_aggregates_ICE_and_DTLS_as_W3C_says(RtcIceConnectionState ice, DtlsStateText dtls, RtcPeerConnectionState expected)
        => Assert.Equal(expected, RtcPeerConnection.Aggregate(ice, (MeshActors.WebRtc.Dtls.DtlsConnectionState)(int)dtls));

    /// <summary>Mirror of DtlsConnectionState for InlineData (same values).</summary>
    public enum DtlsStateText
    {
        New,
        Connecting,
        Connected,
        Closed,
        Failed,
    }
}
