using Akka.Actor;
using BenchmarkDotNet.Attributes;
using MeshActors.Multiplayer;

namespace MeshActors.Benchmarks.Mesh;

/// <summary>
/// 100-byte packets through the whole stack and the facade: <c>PutPacket</c> on one peer to <c>GetPacket</c> on
/// the other, one thread doing both as a game loop would (it polls the receiver whenever the sender's buffer is
/// full). Unreliable packets that do not arrive within 50 ms of the last one are counted as lost and reported:
/// with Godot's default lifetime of 1 ms, a burst loses most packets in the sender's queue, because the lifetime
/// now really applies (RFC 3758: a message older than its lifetime is abandoned, sent or not).
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

    /// <summary>"Reliable", or "Unreliable/N ms" for the unreliable channel with an unreliable lifetime of N ms.</summary>
    [Params("Reliable", "Unreliable/1 ms", "Unreliable/100 ms")]
    public string Case { get; set; } = "Reliable";

    private TransferMode Mode => Case == "Reliable" ? TransferMode.Reliable : TransferMode.Unreliable;

    private int Lifetime => Case switch
    {
        "Unreliable/100 ms" => 100,
        _ => 1,
    };

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// {Case}: {_lost} of {_sent} packets lost ({(_sent == 0 ? 0 : 100.0 * _lost / _sent):F2} %)");
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
        await MeshBench.LinkAsync(_sender, 1, _receiver, 2, Lifetime);
        await MeshBench.PollUntilAsync([_sender, _receiver], () => _sender.IsPeerConnected(2) && _receiver.IsPeerConnected(1));
        _sender.TargetPeer = 2;
        _sender.TransferMode = Mode;
    }
}
