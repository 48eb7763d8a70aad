using BenchmarkDotNet.Attributes;
using MeshActors.WebRtc.Sctp;

namespace MeshActors.Benchmarks.Sctp;

/// <summary>
/// Two <see cref="SctpAssociation"/>s pumped into each other in memory (no DTLS, no sockets, a virtual
/// clock that only moves when nothing else can): the cost of the SCTP layer alone per message, both
/// directions of packets included (DATA one way, SACKs back). Time is per message; throughput is
/// MessageSize / Mean. Allocation per message (MemoryDiagnoser) must be 0.
/// </summary>
[MemoryDiagnoser]
public class SctpAssociationBenchmarks
{
    private const int Messages = 256;

    private readonly byte[] _packet = new byte[2048];
    private byte[] _message = [];
    private SctpAssociation _a = null!;
    private SctpAssociation _b = null!;
    private CountingHandler _received = null!;
    private TimeSpan _now = TimeSpan.FromSeconds(1);
    private long _packets;

    /// <summary>Message size in bytes.</summary>
    [Params(16 * 1024, 64 * 1024)]
    public int MessageSize { get; set; }

    /// <summary>I-DATA (RFC 8260, between two of these stacks) or DATA (what Chrome uses by default).</summary>
    [Params(true, false)]
    public bool Interleaving { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var options = new SctpAssociationOptions { EnableMessageInterleaving = Interleaving };
        _received = new CountingHandler();
        _a = new SctpAssociation(options, new CountingHandler());
        _b = new SctpAssociation(options, _received);
        _message = new byte[MessageSize];
        _a.Connect(_now);
        Pump(() => _a.State == SctpAssociationState.Established && _b.State == SctpAssociationState.Established);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// SCTP in memory: {MessageSize} B messages, interleaving {Interleaving}: {_received.Count} delivered, {_packets} packets, " +
            $"cwnd {_a.CongestionWindow}, retransmissions {_a.Counters.Retransmissions}, internal errors {_a.Counters.InternalErrors + _b.Counters.InternalErrors}");
    }

    /// <summary>Queues <see cref="Messages"/> messages on 4 streams and pumps until the peer has them all.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public long SendAndDeliver()
    {
        var target = _received.Count + Messages;
        var sent = 0;
        while (_received.Count < target)
        {
            // Keep about 1 MiB queued, as a data channel with a buffered-amount threshold would.
            while (sent < Messages && _a.BufferedAmount < 1024 * 1024)
            {
                _a.Send((ushort)(sent & 3), 53, _message, default, _now);
                sent++;
            }
            if (!Step())
            {
                AdvanceClock();
            }
        }
        return _received.Count;
    }

    private void Pump(Func<bool> done)
    {
        while (!done())
        {
            if (!Step())
            {
                AdvanceClock();
            }
        }
    }

    /// <summary>Moves every packet both sides have; false when nothing moved.</summary>
    private bool Step()
    {
        var moved = false;
        int n;
        while ((n = _a.PollTransmit(_packet, _now)) > 0)
        {
            _b.HandlePacket(_packet.AsSpan(0, n), _now);
            _packets++;
            moved = true;
        }
        while ((n = _b.PollTransmit(_packet, _now)) > 0)
        {
            _a.HandlePacket(_packet.AsSpan(0, n), _now);
            _packets++;
            moved = true;
        }
        return moved;
    }

    private void AdvanceClock()
    {
        var next = Min(_a.NextDeadline, _b.NextDeadline) ?? _now + TimeSpan.FromMilliseconds(1);
        _now = next > _now ? next : _now + TimeSpan.FromTicks(1);
        if (_a.NextDeadline <= _now)
        {
            _a.HandleTimeout(_now);
        }
        if (_b.NextDeadline <= _now)
        {
            _b.HandleTimeout(_now);
        }
    }

    private static TimeSpan? Min(TimeSpan? x, TimeSpan? y) => x is null ? y : y is null ? x : x < y ? x : y;

    private sealed class CountingHandler : ISctpAssociationHandler
    {
        public long Count;

        public void OnConnected()
        {
        }

        public void OnMessage(ushort streamId, uint payloadProtocolId, ReadOnlySpan<byte> message) => Count++;

        public void OnBufferedAmountLow(ushort streamId)
        {
        }

        public void OnIncomingStreamsReset(ReadOnlySpan<ushort> streamIds)
        {
        }

        public void OnOutgoingStreamsReset(ReadOnlySpan<ushort> streamIds)
        {
        }

        public void OnStreamsResetFailed(ReadOnlySpan<ushort> streamIds, SctpReconfigurationResult result)
        {
        }

        public void OnRestarted()
        {
        }

        public void OnClosed(SctpCloseInfo info)
        {
        }
    }
}
