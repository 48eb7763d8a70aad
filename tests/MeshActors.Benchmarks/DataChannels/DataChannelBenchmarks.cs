using System.Net;
using BenchmarkDotNet.Attributes;
using MeshActors.WebRtc.DataChannels;
using MeshActors.WebRtc.Net;

namespace MeshActors.Benchmarks.DataChannels;

/// <summary>
/// One data channel between two <see cref="SctpDataChannelTransport"/>s over the in-memory network
/// (perfect link, virtual clock, executors run by the network's pump; no DTLS): the cost per message of
/// TrySend from the application thread, the hand-off to the executor, SCTP both ways (DATA and SACKs),
/// the virtual link and delivery to an allocation-free handler. Time is per message; throughput is
/// MessageSize / Mean. Allocation per message (MemoryDiagnoser) must be 0.
/// </summary>
[MemoryDiagnoser]
public class DataChannelBenchmarks
{
    private const int Batch = 256;

    private VirtualNetwork _network = null!;
    private SocketDatagramTransport _linkA = null!;
    private SocketDatagramTransport _linkB = null!;
    private SctpDataChannelTransport _client = null!;
    private SctpDataChannelTransport _server = null!;
    private RtcDataChannel _local = null!;
    private byte[] _message = [];
    private long _received;
    private Func<bool> _batchDone = null!;
    private long _target;

    /// <summary>Message size in bytes: a game update, a packet-sized message, a large one (fragmented).</summary>
    [Params(100, 1000, 16 * 1024)]
    public int MessageSize { get; set; }

    /// <summary>Reliable ordered, or unordered with maxRetransmits 0 (the game-state pattern).</summary>
    [Params(true, false)]
    public bool Reliable { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _network = new VirtualNetwork(1);
        var a = IPAddress.Parse("10.0.0.1");
        var b = IPAddress.Parse("10.0.0.2");
        var socketA = _network.AddHost(a).Bind(new IPEndPoint(a, 5000));
        var socketB = _network.AddHost(b).Bind(new IPEndPoint(b, 5000));
        var executorA = _network.CreateExecutor();
        var executorB = _network.CreateExecutor();
        _linkA = new SocketDatagramTransport(socketA, socketB.LocalEndPoint, executorA);
        _linkB = new SocketDatagramTransport(socketB, socketA.LocalEndPoint, executorB);
        _client = new SctpDataChannelTransport(executorA, timeProvider: _network.Clock);
        _server = new SctpDataChannelTransport(executorB, timeProvider: _network.Clock);
        RtcDataChannel? remote = null;
        _server.DataChannel += channel => remote = channel;
        _client.Start(_linkA, isDtlsClient: true, remoteMaxMessageSize: 256 * 1024);
        _server.Start(_linkB, isDtlsClient: false, remoteMaxMessageSize: 256 * 1024);
        _local = _client.CreateDataChannel("bench", Reliable ? null : new RtcDataChannelInit { Ordered = false, MaxRetransmits = 0 });
        if (!_network.RunUntil(() => remote is not null && _local.ReadyState == RtcDataChannelState.Open, TimeSpan.FromSeconds(30)))
        {
            throw new InvalidOperationException("The channel did not open.");
        }
        _network.RunFor(TimeSpan.FromSeconds(1)); // the ACK arrives: the channel now uses its own delivery mode
        remote!.MessageReceived += (_, data, _) => _received++;
        _message = new byte[MessageSize];
        _batchDone = () => _received >= _target;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// data channel in memory: {MessageSize} B, reliable {Reliable}: {_received} delivered, " +
            $"{_client.Counters.MessagesSent} sent, buffer full {_client.Counters.BufferFull}, refused {_client.Counters.SendRefused}");
        _client.Dispose();
        _server.Dispose();
        _network.RunUntilIdle();
        _linkA.Dispose();
        _linkB.Dispose();
        _network.Dispose();
    }

    /// <summary>Sends <see cref="Batch"/> messages and pumps until the peer has them all (nothing is lost on a perfect link).</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public long SendAndDeliver()
    {
        _target = _received + Batch;
        for (var i = 0; i < Batch; i++)
        {
            _local.TrySend(_message);
        }
        _network.RunUntil(_batchDone, TimeSpan.FromSeconds(60));
        return _received;
    }
}
