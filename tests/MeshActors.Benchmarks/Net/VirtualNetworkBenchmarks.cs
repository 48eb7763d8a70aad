using System.Net;
using BenchmarkDotNet.Attributes;
using MeshActors.WebRtc.Net;

namespace MeshActors.Benchmarks.Net;

/// <summary>
/// Cost of the in-memory network per 1200-byte datagram: send (route, copy, queue) plus pump
/// delivery, on a perfect link and on an impaired one (loss, jitter, reorder). Allocation per
/// datagram must be 0 in steady state.
/// </summary>
[MemoryDiagnoser]
public class VirtualNetworkBenchmarks
{
    private const int Batch = 1_000;

    private readonly byte[] _payload = new byte[1200];
    private VirtualNetwork _network = null!;
    private VirtualDatagramSocket _sender = null!;
    private IPEndPoint _destination = null!;
    private readonly CountingHandler _handler = new();

    [Params(false, true)]
    public bool Impaired { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _network = new VirtualNetwork(1);
        if (Impaired)
        {
            _network.SetConditions(new LinkConditions
            {
                LossRate = 0.05,
                ReorderRate = 0.05,
                Delay = TimeSpan.FromMilliseconds(20),
                Jitter = TimeSpan.FromMilliseconds(5),
            });
        }
        var a = IPAddress.Parse("10.0.0.1");
        var b = IPAddress.Parse("10.0.0.2");
        _sender = _network.AddHost(a).Bind(new IPEndPoint(a, 0));
        var receiver = _network.AddHost(b).Bind(new IPEndPoint(b, 0));
        receiver.Start(_handler);
        _destination = receiver.LocalEndPoint;
    }

    [GlobalCleanup]
    public void Cleanup() => _network.Dispose();

    [Benchmark(OperationsPerInvoke = Batch)]
    public long SendAndDeliver1200Bytes()
    {
        for (var i = 0; i < Batch; i++)
        {
            _sender.SendTo(_payload, _destination);
        }
        _network.RunUntilIdle();
        return _handler.Count;
    }

    private sealed class CountingHandler : IDatagramSocketHandler
    {
        public long Count { get; private set; }

        public void OnDatagram(ReadOnlySpan<byte> datagram, IPEndPoint remote) => Count++;
    }
}
