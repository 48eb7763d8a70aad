using System.Net;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using MeshActors.WebRtc.Dtls;
using MeshActors.WebRtc.Net;

namespace MeshActors.Benchmarks.Dtls;

/// <summary>
/// The DTLS record path after the handshake, for 1200-byte application records: in memory (seal, open; must
/// allocate nothing) and one direction over real UDP on loopback between two connected <see cref="DtlsConnection"/>s.
/// </summary>
/// <remarks>
/// Over UDP the benchmark thread owns the sender's executor and calls <see cref="DtlsConnection.Send"/>; the
/// receiver's socket thread unprotects inline on the receiver's executor. The path MTU is 1472 so that a 1200-byte
/// plaintext fits one record (1237 bytes), as in the machine's reference figures (limits.md). At most
/// <see cref="Window"/> records are in flight; records missing after a 200 ms stall count as lost (printed at cleanup).
/// </remarks>
[MemoryDiagnoser]
public class DtlsRecordBenchmarks
{
    private const int PlaintextSize = 1200;
    private const int Batch = 20_000;
    private const int Window = 1024;
    private const int StallMs = 200;

    private readonly byte[] _plaintext = new byte[PlaintextSize];
    private readonly byte[] _record = new byte[2048];
    private readonly byte[] _opened = new byte[2048];
    private DtlsRecordLayer _writer = null!;
    private DtlsRecordLayer _reader = null!;
    private int _sealedLength;

    private SerialExecutor _senderExecutor = null!;
    private SocketDatagramTransport _senderTransport = null!;
    private SocketDatagramTransport _receiverTransport = null!;
    private DtlsConnection _sender = null!;
    private DtlsConnection _receiver = null!;
    private readonly CountingReceiver _counter = new();
    private long _sent;
    private long _lost;

    [GlobalSetup]
    public void Setup()
    {
        RandomNumberGenerator.Fill(_plaintext);
        var clientKey = RandomNumberGenerator.GetBytes(16);
        var serverKey = RandomNumberGenerator.GetBytes(16);
        var clientSalt = RandomNumberGenerator.GetBytes(4);
        var serverSalt = RandomNumberGenerator.GetBytes(4);
        const int suite = (int)DtlsCipherSuite.EcdheEcdsaWithAes128GcmSha256;
        _writer = new DtlsRecordLayer(new AesGcmRecordProtection(suite, clientKey, clientSalt, serverKey, serverSalt), 1);
        _reader = new DtlsRecordLayer(new AesGcmRecordProtection(suite, serverKey, serverSalt, clientKey, clientSalt), 1);
        _sealedLength = _writer.Seal(DtlsContentType.ApplicationData, _plaintext, _record);

        var loopback = new IPEndPoint(IPAddress.Loopback, 0);
        var socketA = UdpNetwork.Instance.Bind(loopback);
        var socketB = UdpNetwork.Instance.Bind(loopback);
        _senderExecutor = new SerialExecutor();
        var receiverExecutor = new SerialExecutor();
        _senderTransport = new SocketDatagramTransport(socketA, socketB.LocalEndPoint, _senderExecutor, 1472);
        _receiverTransport = new SocketDatagramTransport(socketB, socketA.LocalEndPoint, receiverExecutor, 1472);
        var clientCertificate = RtcCertificate.Generate();
        var serverCertificate = RtcCertificate.Generate();
        _sender = new DtlsConnection(_senderTransport, _senderExecutor, DtlsRole.Client, new DtlsOptions
        {
            Certificate = clientCertificate,
            RemoteFingerprints = serverCertificate.GetFingerprints(),
        });
        _receiver = new DtlsConnection(_receiverTransport, receiverExecutor, DtlsRole.Server, new DtlsOptions
        {
            Certificate = serverCertificate,
            RemoteFingerprints = clientCertificate.GetFingerprints(),
        });
        var connected = new CountdownEvent(2);
        _sender.StateChanged += s => Signal(s, connected);
        _receiver.StateChanged += s => Signal(s, connected);
        receiverExecutor.Post(() => _receiver.SetReceiver(_counter));
        _receiver.Start();
        _sender.Start();
        if (!connected.Wait(TimeSpan.FromSeconds(30)))
        {
            throw new InvalidOperationException($"No DTLS connection: {_sender.Error?.Message} {_receiver.Error?.Message}");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// DTLS over UDP: sent {_sent}, lost {_lost} ({(_sent == 0 ? 0 : 100.0 * _lost / _sent):F3} %), " +
            $"malformed {_receiver.MalformedRecordsDropped}, replayed {_receiver.ReplayedRecordsDropped}");
        _sender.Close();
        _receiver.Close();
        _senderTransport.Dispose();
        _receiverTransport.Dispose();
        _writer.Dispose();
        _reader.Dispose();
    }

    /// <summary>Protects one 1200-byte record (.NET AES-128-GCM).</summary>
    [Benchmark]
    public int Seal1200Bytes() => _writer.Seal(DtlsContentType.ApplicationData, _plaintext, _record);

    /// <summary>Protects and unprotects one 1200-byte record (fresh sequence numbers, so no replay drops).</summary>
    [Benchmark]
    public int SealAndOpen1200Bytes()
    {
        var length = _writer.Seal(DtlsContentType.ApplicationData, _plaintext, _record);
        DtlsRecordHeader.TryRead(_record.AsSpan(0, length), out var header);
        _reader.Open(header, _record.AsSpan(0, length), _opened, out var opened);
        return opened + _sealedLength - _sealedLength;
    }

    /// <summary>One direction over loopback UDP; the time is per record (divide 1200 bytes by it for MB/s).</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public long SendOverUdp1200Bytes()
    {
        if (!_senderExecutor.TryEnter())
        {
            throw new InvalidOperationException("The sender's executor is busy.");
        }
        try
        {
            for (var i = 0; i < Batch; i++)
            {
                if (_sent - _counter.Count - _lost >= Window)
                {
                    WaitForReceiver(Window - 1);
                }
                _sender.Send(_plaintext);
                _sent++;
            }
        }
        finally
        {
            _senderExecutor.Exit();
        }
        WaitForReceiver(0);
        return _counter.Count;
    }

    private static void Signal(DtlsConnectionState state, CountdownEvent connected)
    {
        if (state == DtlsConnectionState.Connected)
        {
            connected.Signal();
        }
    }

    private void WaitForReceiver(long maxInFlight)
    {
        var spin = new SpinWait();
        var lastCount = _counter.Count;
        var lastProgress = Environment.TickCount64;
        while (_sent - _counter.Count - _lost > maxInFlight)
        {
            spin.SpinOnce(sleep1Threshold: -1);
            var count = _counter.Count;
            if (count != lastCount)
            {
                lastCount = count;
                lastProgress = Environment.TickCount64;
            }
            else if (Environment.TickCount64 - lastProgress > StallMs)
            {
                _lost = _sent - count;
            }
        }
    }

    private sealed class CountingReceiver : IDatagramReceiver
    {
        private long _count;

        public long Count => Volatile.Read(ref _count);

        public void OnDatagram(ReadOnlySpan<byte> datagram) => Volatile.Write(ref _count, _count + 1);
    }
}
