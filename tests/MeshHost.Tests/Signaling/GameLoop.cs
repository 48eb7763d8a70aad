using MeshActors.Multiplayer;
using MeshActors.Signaling;
using MeshActors.WebRtc;

namespace MeshHost.Tests.Signaling;

/// <summary>What the end-to-end tests share: loopback-only peers and a game loop that polls signaling and peers.</summary>
internal static class GameLoop
{
    /// <summary>How long a test waits for a condition before it fails (a hang guard, not a performance bound).</summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(30);

    /// <summary>Signaling options whose connections gather loopback IPv4 candidates only.</summary>
    public static MultiplayerSignalingOptions Loopback() => new()
    {
        Configuration = new RtcConfiguration { HostCandidates = RtcHostCandidatePolicy.LoopbackOnly, EnableIPv6 = false },
    };

    /// <summary>A peer speaking Godot's SceneMultiplayer framing (what relay lobbies use).</summary>
    public static WebRtcMultiplayerPeer SceneMultiplayerPeer() =>
        new(options: new WebRtcMultiplayerPeerOptions { WireProfile = WireProfile.SceneMultiplayer });

    /// <summary>Polls signaling and peers once a frame, as a game loop does, until <paramref name="done"/> holds.</summary>
    public static Task PollUntilAsync(Func<bool> done, string what, params (MultiplayerSignaling Signaling, WebRtcMultiplayerPeer Peer)[] members) =>
        PollUntilAsync(done, () => what, members);

    /// <summary>As above; <paramref name="what"/> describes the state at the time of a timeout.</summary>
    public static async Task PollUntilAsync(Func<bool> done, Func<string> what, params (MultiplayerSignaling Signaling, WebRtcMultiplayerPeer Peer)[] members)
    {
        var deadline = DateTime.UtcNow + GiveUpAfter;
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what()}");
            foreach (var (signaling, peer) in members)
            {
                signaling.Poll();
                peer.Poll();
            }
            await Task.Delay(5);
        }
    }
}
