using MeshActors.WebRtc;
using MeshActors.WebRtc.DataChannels;
using MeshActors.WebRtc.Sdp;

namespace MeshActors.WebRtc.Tests.PeerConnection;

/// <summary>The README's RtcPeerConnection example, kept compiling and passing.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public async Task The_readme_example_connects_two_peers_and_echoes_a_message()
    {
        var config = new RtcConfiguration { HostCandidates = RtcHostCandidatePolicy.LoopbackOnly };
        await using var alice = new RtcPeerConnection(config);
        await using var bob = new RtcPeerConnection(config);

        // Bob echoes whatever arrives on the channels Alice opens.
        bob.DataChannel += channel => channel.Message += m => channel.Send(m.Text!);

        var chat = alice.CreateDataChannel("chat");
        var echoed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        chat.Message += m => echoed.TrySetResult(m.Text!);
        chat.Opened += () => chat.Send("hello");

        // Offer/answer without trickle: each description is sent once it carries every candidate.
        var offer = await SetLocalAndGatherAsync(alice, await alice.CreateOfferAsync());
        await bob.SetRemoteDescriptionAsync(offer);
        var answer = await SetLocalAndGatherAsync(bob, await bob.CreateAnswerAsync());
        await alice.SetRemoteDescriptionAsync(answer);

        Assert.Equal("hello", await echoed.Task.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    private static async Task<RtcSessionDescription> SetLocalAndGatherAsync(RtcPeerConnection pc, RtcSessionDescription description)
    {
        var gathered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pc.IceGatheringStateChanged += state =>
        {
            if (state == RtcIceGatheringState.Complete)
            {
                gathered.TrySetResult();
            }
        };
        await pc.SetLocalDescriptionAsync(description);
        await gathered.Task;
        return pc.LocalDescription!;
    }
}
