using System.Net;
using BenchmarkDotNet.Attributes;
using MeshActors.WebRtc.Dtls;
using MeshActors.WebRtc.Net;

namespace MeshActors.Benchmarks.Dtls;

/// <summary>
/// A full DTLS 1.2 handshake (ECDHE-ECDSA-AES128-GCM, P-256, mutual certificates, fingerprint checks) between two
/// <see cref="DtlsConnection"/>s over real UDP on loopback, from <see cref="DtlsConnection.Start"/> until both sides
/// are connected. Sockets, transports and connections are created per handshake; certificates are generated once
/// (generating one costs about 0.2 ms more per side). Read the Median column.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(warmupCount: 3, iterationCount: 20)]
public class DtlsHandshakeBenchmarks
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);
    private RtcCertificate _clientCertificate = null!;
    private RtcCertificate _serverCertificate = null!;

    [GlobalSetup]
    public void Setup()
    {
        _clientCertificate = RtcCertificate.Generate();
        _serverCertificate = RtcCertificate.Generate();
    }

    [Benchmark]
    public async Task HandshakeOverLoopbackUdp()
    {
        var loopback = new IPEndPoint(IPAddress.Loopback, 0);
        var socketA = UdpNetwork.Instance.Bind(loopback);
        var socketB = UdpNetwork.Instance.Bind(loopback);
        var executorA = new SerialExecutor();
        var executorB = new SerialExecutor();
        using var a = new SocketDatagramTransport(socketA, socketB.LocalEndPoint, executorA);
        using var b = new SocketDatagramTransport(socketB, socketA.LocalEndPoint, executorB);
        var client = new DtlsConnection(a, executorA, DtlsRole.Client, new DtlsOptions
        {
            Certificate = _clientCertificate,
            RemoteFingerprints = _serverCertificate.GetFingerprints(),
        });
        var server = new DtlsConnection(b, executorB, DtlsRole.Server, new DtlsOptions
        {
            Certificate = _serverCertificate,
            RemoteFingerprints = _clientCertificate.GetFingerprints(),
        });
        var clientConnected = Connected(client);
        var serverConnected = Connected(server);
        server.Start();
        client.Start();
        await Task.WhenAll(clientConnected, serverConnected).WaitAsync(Hang);
        client.Close();
        server.Close();
    }

    private static Task Connected(DtlsConnection connection)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.StateChanged += state =>
        {
            if (state == DtlsConnectionState.Connected)
            {
                done.TrySetResult();
            }
            else if (state == DtlsConnectionState.Failed)
            {
                done.TrySetException(connection.Error!);
            }
        };
        return done.Task;
    }
}
