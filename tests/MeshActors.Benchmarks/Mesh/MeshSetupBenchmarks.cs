using Akka.Actor;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using MeshActors.Multiplayer;

namespace MeshActors.Benchmarks.Mesh;

/// <summary>
/// Time to bring up a full mesh of N peers in one process: N facades, N(N−1)/2 pairs of connections over UDP on
/// 127.0.0.1, offer/answer done in process, until every facade reports every other peer connected.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class MeshSetupBenchmarks
{
    private ActorSystem _system = null!;
    private WebRtcMultiplayerPeer[] _peers = [];

    [Params(4, 8, 16)]
    public int Peers { get; set; }

    [GlobalSetup]
    public void Setup() => _system = MeshBench.CreateSystem();

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    [IterationSetup]
    public void CreateFacades()
    {
        _peers = new WebRtcMultiplayerPeer[Peers];
        for (var i = 0; i < Peers; i++)
        {
            _peers[i] = new WebRtcMultiplayerPeer(_system);
            _peers[i].CreateMesh(i + 1);
        }
    }

    [Benchmark]
    public void BringUpFullMesh() => BringUpAsync().GetAwaiter().GetResult();

    [IterationCleanup]
    public void DisposeFacades()
    {
        foreach (var peer in _peers)
        {
            peer.Dispose();
        }
    }

    private Task BringUpAsync() => BringUpAsync(_peers);

    /// <summary>Links every pair of <paramref name="peers"/> (ids 1..N) and polls until all are connected.</summary>
    internal static async Task BringUpAsync(WebRtcMultiplayerPeer[] peers)
    {
        var count = peers.Length;
        var links = new List<Task>();
        for (var i = 0; i < count; i++)
        {
            for (var j = i + 1; j < count; j++)
            {
                links.Add(MeshBench.LinkAsync(peers[i], i + 1, peers[j], j + 1));
            }
        }
        await Task.WhenAll(links);
        await MeshBench.PollUntilAsync(peers, () =>
        {
            foreach (var peer in peers)
            {
                if (!MeshBench.AllConnected(peer, count - 1))
                {
                    return false;
                }
            }
            return true;
        });
    }
}
