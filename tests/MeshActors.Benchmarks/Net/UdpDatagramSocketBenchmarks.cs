using System.Net;
using BenchmarkDotNet.Attributes;
using MeshActors.WebRtc.Net;

namespace MeshActors.Benchmarks.Net;

/// <summary>
/// One direction of 1200-byte datagrams through two <see cref="UdpDatagramSocket"/>s on
/// loopback: the sender is the benchmark thread, the receiver the socket's own thread. The
/// sender keeps at most <see cref="Window"/> datagrams in flight so the kernel buffer does not
/// overflow; a stall longer than <see cref="StallMs"/> counts the missing datagrams as lost
/// (printed at cleanup). Allocation per datagram (MemoryDiagnoser, all threads) must be 0.
/// </summary>
[MemoryDiagnoser]
public class UdpDatagramSocketBenchmarks
{
    private const int Batch = 20_000;
    private const int Window = 1024;
    private const int StallMs = 200;

    private readonly byte[] _payload = new byte[1200];
    private UdpDatagramSocket _sender = null!;
    private UdpDatagramSocket _receiver = null!;
    private IPEndPoint _destination = null!;
    private readonly CountingHandler _handler = new();
    private long _sent;
    private long _lost;

    [GlobalSetup]
    public void Setup()
    {
        _sender = UdpNetwork.Instance.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _receiver = UdpNetwork.Instance.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _receiver.Start(_handler);
        _destination = _receiver.LocalEndPoint;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// UDP loopback: sent {_sent}, lost {_lost} ({(_sent == 0 ? 0 : 100.0 * _lost / _sent):F3} %), receive errors {_receiver.ReceiveErrors}, send failures {_sender.SendFailures}");
        _sender.Dispose();
        _receiver.Dispose();
    }

    /// <summary>Sends a batch and waits until the receiver has it; the time is per datagram.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public long SendAndReceive1200Bytes()
    {
        for (var i = 0; i < Batch; i++)
        {
            if (_sent - _handler.Count - _lost >= Window)
            {
                WaitForReceiver(Window - 1);
            }
            _sender.SendTo(_payload, _destination);
            _sent++;
        }
        WaitForReceiver(0);
        return _handler.Count;
    }

    private void WaitForReceiver(long maxInFlight)
    {
        var spin = new SpinWait();
        var lastCount = _handler.Count;
        var lastProgress = Environment.TickCount64;
        while (_sent - _handler.Count - _lost > maxInFlight)
        {
            spin.SpinOnce(sleep1Threshold: -1);
            var count = _handler.Count;
            if (count != lastCount)
            {
                lastCount = count;
                lastProgress = Environment.TickCount64;
            }
            else if (Environment.TickCount64 - lastProgress > StallMs)
            {
                _lost = _sent - count; // whatever has not arrived by now was dropped by the kernel
            }
        }
    }

    private sealed class CountingHandler : IDatagramSocketHandler
    {
        private long _count;

        public long Count => Volatile.Read(ref _count);

        public void OnDatagram(ReadOnlySpan<byte> datagram, IPEndPoint remote) => Volatile.Write(ref _count, _count + 1);
    }
}
