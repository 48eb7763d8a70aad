using MeshActors.WebRtc.Sdp;

namespace MeshActors.WebRtc.Tests.PeerConnection;

public class SignalingStateMachineTests
{
    [Theory]
    [InlineData(RtcSignalingState.Stable, SdpType.Offer, RtcSignalingState.HaveLocalOffer)]
    [InlineData(RtcSignalingState.HaveLocalOffer, SdpType.Offer, RtcSignalingState.HaveLocalOffer)]
    [InlineData(RtcSignalingState.HaveLocalOffer, SdpType.Rollback, RtcSignalingState.Stable)]
    [InlineData(RtcSignalingState.HaveRemoteOffer, SdpType.Answer, RtcSignalingState.Stable)]
    [InlineData(RtcSignalingState.HaveRemoteOffer, SdpType.Pranswer, RtcSignalingState.HaveLocalPranswer)]
    [InlineData(RtcSignalingState.HaveLocalPranswer, SdpType.Pranswer, RtcSignalingState.HaveLocalPranswer)]
    [InlineData(RtcSignalingState.HaveLocalPranswer, SdpType.Answer, RtcSignalingState.Stable)]
    public void Local_descriptions_move_the_state_as_W3C_says(RtcSignalingState from, SdpType type, RtcSignalingState to)
        => Assert.Equal(to, SignalingStateMachine.AfterSetLocal(from, type));

    [Theory]
    [InlineData(RtcSignalingState.Stable, SdpType.Offer, RtcSignalingState.HaveRemoteOffer)]
    [InlineData(RtcSignalingState.HaveRemoteOffer, SdpType.Offer, RtcSignalingState.HaveRemoteOffer)]
    [InlineData(RtcSignalingState.HaveLocalOffer, SdpType.Offer, RtcSignalingState.HaveRemoteOffer)]
    [InlineData(RtcSignalingState.HaveRemoteOffer, SdpType.Rollback, RtcSignalingState.Stable)]
    [InlineData(RtcSignalingState.HaveLocalOffer, SdpType.Answer, RtcSignalingState.Stable)]
    [InlineData(RtcSignalingState.HaveLocalOffer, SdpType.Pranswer, RtcSignalingState.HaveRemotePranswer)]
    [InlineData(RtcSignalingState.HaveRemotePranswer, SdpType.Answer, RtcSignalingState.Stable)]
    public void Remote_descriptions_move_the_state_as_W3C_says(RtcSignalingState from, SdpType type, RtcSignalingState to)
        => Assert.Equal(to, SignalingStateMachine.AfterSetRemote(from, type));

    [Theory]
    [InlineData(RtcSignalingState.Stable, SdpType.Answer, "needs a remote offer")]
    [InlineData(RtcSignalingState.Stable, SdpType.Pranswer, "needs a remote offer")]
    [InlineData(RtcSignalingState.Stable, SdpType.Rollback, "no local offer")]
    [InlineData(RtcSignalingState.HaveLocalOffer, SdpType.Answer, "needs a remote offer")]
    [InlineData(RtcSignalingState.HaveRemoteOffer, SdpType.Offer, "remote offer is pending")]
    [InlineData(RtcSignalingState.Closed, SdpType.Offer, "closed")]
    public void Wrong_local_descriptions_fail_with_a_message_that_says_why(RtcSignalingState from, SdpType type, string hint)
    {
        var error = Assert.Throws<InvalidOperationException>(() => SignalingStateMachine.AfterSetLocal(from, type));
        Assert.Contains(hint, error.Message);
    }

    [Theory]
    [InlineData(RtcSignalingState.Stable, SdpType.Answer, "needs a local offer")]
    [InlineData(RtcSignalingState.HaveRemoteOffer, SdpType.Answer, "needs a local offer")]
    [InlineData(RtcSignalingState.Stable, SdpType.Rollback, "no remote offer")]
    [InlineData(RtcSignalingState.HaveLocalPranswer, SdpType.Offer, "have-local-pranswer")]
    [InlineData(RtcSignalingState.Closed, SdpType.Answer, "closed")]
    public void Wrong_remote_descriptions_fail_with_a_message_that_says_why(RtcSignalingState from, SdpType type, string hint)
    {
        var error = Assert.Throws<InvalidOperationException>(() => SignalingStateMachine.AfterSetRemote(from, type));
        Assert.Contains(hint, error.Message);
    }

    [Fact]
    public void Offers_are_created_only_without_a_pending_remote_offer_and_answers_only_with_one()
    {
        SignalingStateMachine.CheckCreateOffer(RtcSignalingState.Stable);
        SignalingStateMachine.CheckCreateOffer(RtcSignalingState.HaveLocalOffer);
        SignalingStateMachine.CheckCreateAnswer(RtcSignalingState.HaveRemoteOffer);
        SignalingStateMachine.CheckCreateAnswer(RtcSignalingState.HaveLocalPranswer);
        Assert.Contains("create an answer", Assert.Throws<InvalidOperationException>(() => SignalingStateMachine.CheckCreateOffer(RtcSignalingState.HaveRemoteOffer)).Message);
        Assert.Contains("remote offer first", Assert.Throws<InvalidOperationException>(() => SignalingStateMachine.CheckCreateAnswer(RtcSignalingState.Stable)).Message);
        Assert.Contains("closed", Assert.Throws<InvalidOperationException>(() => SignalingStateMachine.CheckCreateAnswer(RtcSignalingState.Closed)).Message);
    }
}
