using Akka.Actor;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using MeshActors.Multiplayer;

namespace MeshActors.Benchmarks.Mesh;

/// <summary>
/// A connected full mesh of 16 peers in one process (240 connected peers, each with its connection, three
/// channels, actor and queues). Setup reports the managed memory per connected peer, measured in a fresh
/// process; the benchmark is one Poll of every facade with nothing to deliver (the idle cost of a game tick).
/// </summary>
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 5)]
[MemoryDiagnoser]
public class MeshMemoryBenchmarks
{
    private const int Peers = 16;
    private ActorSystem _system = null!;
    private WebRtcMultiplayerPeer[] _peers = [];

    [GlobalSetup]
    public void Setup()
    {
        _system = MeshBench.CreateSystem();
        var warm = new[] { new WebRtcMultiplayerPeer(_system), new WebRtcMultiplayerPeer(_system) };
        warm[0].CreateMesh(1);
        warm[1].CreateMesh(2);
        MeshSetupBenchmarks.BringUpAsync(warm).GetAwaiter().GetResult(); // JIT and pools warm
        var before = Settle();
        _peers = new WebRtcMultiplayerPeer[Peers];
        for (var i = 0; i < Peers; i++)
        {
            _peers[i] = new WebRtcMultiplayerPeer(_system);
            _peers[i].CreateMesh(i + 1);
        }
        MeshSetupBenchmarks.BringUpAsync(_peers).GetAwaiter().GetResult();
        var after = Settle();
        var connected = Peers * (Peers - 1);
        Console.WriteLine($"// {Peers}-peer full mesh: {(after - before) / 1024.0 / 1024.0:F1} MiB managed, {(after - before) / connected / 1024.0:F1} KiB per connected peer ({connected} connected peers)");
        foreach (var peer in warm)
        {
            peer.Dispose();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var peer in _peers)
        {
            peer.Dispose();
        }
        _system.Terminate().Wait();
    }

    [Benchmark]
    public void PollEveryFacadeOnce()
    {
        foreach (var peer in _peers)
        {
            peer.Poll();
        }
    }

    private static long Settle()
    {
        for (var i = 0; i < 3; i++)
        {
            Thread.Sleep(200); // let connection threads finish what they were doing
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
