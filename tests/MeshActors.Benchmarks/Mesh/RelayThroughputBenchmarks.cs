using Akka.Actor;
using BenchmarkDotNet.Attributes;
using MeshActors.Multiplayer;

namespace MeshActors.Benchmarks.Mesh;

/// <summary>
/// 100-byte packets relayed by a server in the SceneMultiplayer profile: client 2 → server (RELAY) → client 3,
/// reliable. The server's application never polls: the relay runs on the connections' threads.
/// </summary>
[MemoryDiagnoser]
public class RelayThroughputBenchmarks
{
    private const int Packets = 20_000;
    private readonly byte[] _packet = new byte[100];
    private ActorSystem _system = null!;
    private WebRtcMultiplayerPeer _server = null!;
    private WebRtcMultiplayerPeer _from = null!;
    private WebRtcMultiplayerPeer _to = null!;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        _from.Dispose();
        _to.Dispose();
        _server.Dispose();
        _system.Terminate().Wait();
    }

    [Benchmark(OperationsPerInvoke = Packets)]
    public int RelayedThroughTheServer()
    {
        var received = 0;
        for (var i = 0; i < Packets; i++)
        {
            while (_from.PutPacket(_packet) != MultiplayerError.Ok)
            {
                received += Drain();
            }
        }
        while (received < Packets)
        {
            received += Drain();
        }
        return received;
    }

    private int Drain()
    {
        _to.Poll();
        var taken = 0;
        while (_to.TryGetPacket(out _))
        {
            taken++;
        }
        return taken;
    }

    private async Task SetupAsync()
    {
        _system = MeshBench.CreateSystem();
        var options = new WebRtcMultiplayerPeerOptions { WireProfile = WireProfile.SceneMultiplayer };
        _server = new WebRtcMultiplayerPeer(_system, options);
        _from = new WebRtcMultiplayerPeer(_system, options);
        _to = new WebRtcMultiplayerPeer(_system, options);
        _server.CreateServer();
        _from.CreateClient(2);
        _to.CreateClient(3);
        await MeshBench.LinkAsync(_server, 1, _from, 2);
        await MeshBench.LinkAsync(_server, 1, _to, 3);
        await MeshBench.PollUntilAsync([_server, _from, _to], () => _from.GetRelayedPeerIds().Contains(3) && _to.GetRelayedPeerIds().Contains(2));
        _from.TargetPeer = 3;
    }
}
