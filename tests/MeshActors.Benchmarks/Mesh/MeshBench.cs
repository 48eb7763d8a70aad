using Akka.Actor;
using MeshActors.Multiplayer;
using MeshActors.WebRtc;

namespace MeshActors.Benchmarks.Mesh;

/// <summary>Facades linked over real <see cref="RtcPeerConnection"/>s on 127.0.0.1 (signaling done in process).</summary>
internal static class MeshBench
{
    public static RtcConfiguration Loopback { get; } = new() { HostCandidates = RtcHostCandidatePolicy.LoopbackOnly, EnableIPv6 = false };

    public static ActorSystem CreateSystem() =>
        ActorSystem.Create("bench", Akka.Configuration.ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(MeshActorsConfig.Defaults));

    /// <summary>Adds a connection on each side (the higher id offers) and negotiates with complete candidate lists.</summary>
    public static async Task LinkAsync(WebRtcMultiplayerPeer a, int aId, WebRtcMultiplayerPeer b, int bId, int unreliableLifetime = 1)
    {
        var pcA = new RtcPeerConnection(Loopback);
        var pcB = new RtcPeerConnection(Loopback);
        Check(a.AddPeer(pcA, bId, unreliableLifetime));
        Check(b.AddPeer(pcB, aId, unreliableLifetime));
        var (offerer, answerer) = aId > bId ? (pcA, pcB) : (pcB, pcA);
        await offerer.SetLocalDescriptionAsync();
        await GatheredAsync(offerer);
        await answerer.SetRemoteDescriptionAsync(offerer.LocalDescription!);
        await answerer.SetLocalDescriptionAsync();
        await GatheredAsync(answerer);
        await offerer.SetRemoteDescriptionAsync(answerer.LocalDescription!);
    }

    /// <summary>Polls every facade until <paramref name="condition"/> holds.</summary>
    public static async Task PollUntilAsync(IReadOnlyList<WebRtcMultiplayerPeer> peers, Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The mesh did not come up within 60 s.");
            }
            foreach (var peer in peers)
            {
                peer.Poll();
            }
            await Task.Yield();
        }
    }

    public static bool AllConnected(WebRtcMultiplayerPeer peer, int expected)
    {
        var ids = peer.GetPeerIds();
        if (ids.Count != expected)
        {
            return false;
        }
        foreach (var id in ids)
        {
            if (!peer.IsPeerConnected(id))
            {
                return false;
            }
        }
        return true;
    }

    public static void Check(MultiplayerError error)
    {
        if (error != MultiplayerError.Ok)
        {
            throw new InvalidOperationException($"Unexpected {error}.");
        }
    }

    private static async Task GatheredAsync(RtcPeerConnection connection)
    {
        while (connection.IceGatheringState != RtcIceGatheringState.Complete)
        {
            await Task.Delay(1);
        }
    }
}
