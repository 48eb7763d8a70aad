using System.Net;
using MeshActors.WebRtc.DataChannels;
using MeshActors.WebRtc.Net;
using MeshActors.WebRtc.Sctp;

namespace MeshActors.WebRtc.Tests.DataChannels;

/// <summary>
/// Two data-channel transports over the deterministic virtual network (seeded links, virtual clock,
/// executors run by the network's pump; no DTLS): <see cref="Client"/> is the DTLS client (even ids),
/// <see cref="Server"/> the DTLS server (odd ids).
/// </summary>
internal sealed class DataChannelPair : IDisposable
{
    private static readonly IPAddress AddressA = IPAddress.Parse("10.0.0.1");
    private static readonly IPAddress AddressB = IPAddress.Parse("10.0.0.2");

    private readonly SocketDatagramTransport _linkA;
    private readonly SocketDatagramTransport _linkB;
    private readonly ushort? _clientRemotePort;

    public DataChannelPair(int seed, LinkConditions? conditions = null, SctpAssociationOptions? options = null, bool start = true, long remoteMaxMessageSize = 256 * 1024, int maxDatagramSize = SocketDatagramTransport.DefaultMaxDatagramSize, SctpAssociationOptions? serverOptions = null, ushort? clientRemotePort = null)
    {
        Network = new VirtualNetwork(seed);
        if (conditions is not null)
        {
            Network.SetConditions(conditions);
        }
        var socketA = Network.AddHost(AddressA).Bind(new IPEndPoint(AddressA, 5000));
        var socketB = Network.AddHost(AddressB).Bind(new IPEndPoint(AddressB, 5000));
        ExecutorA = Network.CreateExecutor();
        ExecutorB = Network.CreateExecutor();
        _linkA = new SocketDatagramTransport(socketA, socketB.LocalEndPoint, ExecutorA, maxDatagramSize);
        _linkB = new SocketDatagramTransport(socketB, socketA.LocalEndPoint, ExecutorB, maxDatagramSize);
        Client = new SctpDataChannelTransport(ExecutorA, options, Network.Clock);
        Server = new SctpDataChannelTransport(ExecutorB, serverOptions ?? options, Network.Clock);
        _clientRemotePort = clientRemotePort;
        RemoteMaxMessageSize = remoteMaxMessageSize;
        foreach (var transport in new[] { Client, Server })
        {
            transport.HandlerException += ex => HandlerErrors.Add(ex);
        }
        ExecutorA.UnhandledException += ex => HandlerErrors.Add(ex);
        ExecutorB.UnhandledException += ex => HandlerErrors.Add(ex);
        if (start)
        {
            Start();
        }
    }

    public VirtualNetwork Network { get; }
    public SocketDatagramTransport LinkA => _linkA;
    public SerialExecutor ExecutorA { get; }
    public SerialExecutor ExecutorB { get; }
    public SctpDataChannelTransport Client { get; }
    public SctpDataChannelTransport Server { get; }
    public long RemoteMaxMessageSize { get; }

    /// <summary>Exceptions that escaped an application handler or an executor work item: a test expects none.</summary>
    public List<Exception> HandlerErrors { get; } = [];

    public void Start()
    {
        Client.Start(_linkA, isDtlsClient: true, RemoteMaxMessageSize, _clientRemotePort);
        Server.Start(_linkB, isDtlsClient: false, RemoteMaxMessageSize);
    }

    /// <summary>Pumps until both sides are connected.</summary>
    public void Connect()
    {
        Assert.True(Run(() => Client.State == SctpDataChannelTransportState.Connected && Server.State == SctpDataChannelTransportState.Connected),
            "The association did not come up.");
    }

    /// <summary>Pumps until <paramref name="condition"/> holds; generous virtual time (only hangs hit it).</summary>
    public bool Run(Func<bool> condition, double maxVirtualSeconds = 600) => Network.RunUntil(condition, TimeSpan.FromSeconds(maxVirtualSeconds));

    /// <summary>Runs <paramref name="action"/> on an executor and pumps until it ran.</summary>
    public void On(SerialExecutor executor, Action action)
    {
        var done = false;
        executor.Post(() =>
        {
            action();
            done = true;
        });
        Assert.True(Run(() => done));
    }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
        Network.RunUntilIdle();
        _linkA.Dispose();
        _linkB.Dispose();
        Network.Dispose();
    }
}
