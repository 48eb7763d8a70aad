using Akka.Actor;
using BenchmarkDotNet.Attributes;
using MeshActors.Multiplayer;

namespace MeshActors.Benchmarks.Mesh;

/// <summary>
/// 100-byte packets through the whole stack and the facade: <c>PutPacket</c> on one peer to <c>GetPacket</c> on
/// the other, one thread doing both as a game loop would (it polls the receiver whenever the sender's buffer is
/// full). Unreliable packets that do not arrive within 50 ms of the last one are counted as lost and reported.
/// </summary>
[MemoryDiagnoser]
public class FacadeThroughputBenchmarks
{
    private const int Packets = 20_000;
    private readonly byte[] _packet = new byte[100];
    private ActorSystem _system = null!;
    private WebRtcMultiplayerPeer _sender = null!;
    private WebRtcMultiplayerPeer _receiver = null!;
    private long _lost;
    private long _sent;

    [Params(TransferMode.Reliable, TransferMode.Unreliable)]
    public TransferMode Mode { get; set; }

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// {Mode}: {_lost} of {_sent} packets lost ({(_sent == 0 ? 0 : 100.0 * _lost / _sent):F2} %)");
        _sender.Dispose();
        _receiver.Dispose();
        _system.Terminate().Wait();
    }

    [Benchmark(OperationsPerInvoke = Packets)]
    public int PutPacketToGetPacket()
    {
        var received = 0;
        for (var i = 0; i < Packets; i++)
        {
            while (_sender.PutPacket(_packet) != MultiplayerError.Ok)
            {
                received += Drain(); // the send buffer is full: let the receiver catch up
            }
        }
        var lastProgress = DateTime.UtcNow;
        while (received < Packets && DateTime.UtcNow - lastProgress < TimeSpan.FromMilliseconds(50))
        {
            var taken = Drain();
            if (taken > 0)
            {
                received += taken;
                lastProgress = DateTime.UtcNow;
            }
        }
        _sent += Packets;
        _lost += Packets - received;
        return received;
    }

    private int Drain()
    {
        _receiver.Poll();
        var taken = 0;
        while (_receiver.TryGetPacket(out _))
        {
            taken++;
        }
        return taken;
    }

    private async Task SetupAsync()
    {
        _system = MeshBench.CreateSystem();
        _sender = new WebRtcMultiplayerPeer(_system);
        _receiver = new WebRtcMultiplayerPeer(_system);
        _sender.CreateMesh(1);
        _receiver.CreateMesh(2);
        await MeshBench.LinkAsync(_sender, 1, _receiver, 2);
        await MeshBench.PollUntilAsync([_sender, _receiver], () => _sender.IsPeerConnected(2) && _receiver.IsPeerConnected(1));
        _sender.TargetPeer = 2;
        _sender.TransferMode = Mode;
    }
}
