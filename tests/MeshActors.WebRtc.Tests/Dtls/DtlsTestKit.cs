using MeshActors.WebRtc.Dtls;
using MeshActors.WebRtc.Net;

namespace MeshActors.WebRtc.Tests.Dtls;

/// <summary>Helpers shared by the DTLS tests.</summary>
internal static class DtlsTestKit
{
    public static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    /// <summary>Completes when the connection reaches <paramref name="state"/>; fails on a different terminal state.</summary>
    public static Task<DtlsConnectionState> WhenState(DtlsConnection connection, params DtlsConnectionState[] states)
    {
        var done = new TaskCompletionSource<DtlsConnectionState>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.StateChanged += state =>
        {
            if (Array.IndexOf(states, state) >= 0)
            {
                done.TrySetResult(state);
            }
            else if (state is DtlsConnectionState.Failed or DtlsConnectionState.Closed)
            {
                done.TrySetException(new Xunit.Sdk.XunitException(
                    $"{connection} reached {state} instead of {string.Join("/", states)}: {connection.Error?.Message}"));
            }
        };
        return done.Task;
    }

    /// <summary>Runs <paramref name="action"/> on the executor and waits for it.</summary>
    public static Task<T> OnExecutor<T>(SerialExecutor executor, Func<T> action)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        executor.Post(() =>
        {
            try
            {
                done.SetResult(action());
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        });
        return done.Task;
    }

    public static Task OnExecutor(SerialExecutor executor, Action action) => OnExecutor(executor, () =>
    {
        action();
        return true;
    });

    /// <summary>The records of a datagram, with their fragments.</summary>
    public static List<(DtlsRecordHeader Header, byte[] Fragment)> Records(byte[] datagram)
    {
        var records = new List<(DtlsRecordHeader, byte[])>();
        var rest = datagram.AsSpan();
        while (DtlsRecordHeader.TryRead(rest, out var header) == DtlsRecordReadStatus.Ok)
        {
            records.Add((header, rest.Slice(DtlsRecordHeader.HeaderLength, header.Length).ToArray()));
            rest = rest[header.RecordLength..];
        }
        return records;
    }

    /// <summary>The complete (unfragmented) plaintext handshake messages in epoch-0 records of the datagrams.</summary>
    public static List<(DtlsHandshakeHeader Header, byte[] Body)> HandshakeMessages(IEnumerable<byte[]> datagrams)
    {
        var messages = new List<(DtlsHandshakeHeader, byte[])>();
        foreach (var datagram in datagrams)
        {
            foreach (var (header, fragment) in Records(datagram))
            {
                if (header.Epoch != 0 || header.ContentType != DtlsContentType.Handshake)
                {
                    continue;
                }
                var rest = fragment.AsSpan();
                while (DtlsHandshakeHeader.TryRead(rest, out var handshake))
                {
                    if (handshake.IsComplete)
                    {
                        messages.Add((handshake, rest.Slice(DtlsHandshakeHeader.HeaderLength, handshake.FragmentLength).ToArray()));
                    }
                    rest = rest[(DtlsHandshakeHeader.HeaderLength + handshake.FragmentLength)..];
                }
            }
        }
        return messages;
    }

    /// <summary>Collects received application datagrams (on the executor) and signals when a count is reached.</summary>
    public sealed class Collector : IDatagramReceiver
    {
        private readonly object _gate = new();
        private readonly List<byte[]> _items = [];
        private TaskCompletionSource? _waiter;
        private int _target;

        public void OnDatagram(ReadOnlySpan<byte> datagram)
        {
            lock (_gate)
            {
                _items.Add(datagram.ToArray());
                if (_waiter is not null && _items.Count >= _target)
                {
                    _waiter.TrySetResult();
                }
            }
        }

        public IReadOnlyList<byte[]> Items
        {
            get
            {
                lock (_gate)
                {
                    return _items.ToArray();
                }
            }
        }

        public Task WhenCount(int count)
        {
            lock (_gate)
            {
                _target = count;
                _waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                if (_items.Count >= count)
                {
                    _waiter.TrySetResult();
                }
                return _waiter.Task;
            }
        }
    }

    /// <summary>A client and a server connection joined by an in-memory link, fingerprints exchanged.</summary>
    public sealed class Pair
    {
        public Pair(InMemoryDatagramLink link, DtlsOptions? clientOptions = null, DtlsOptions? serverOptions = null,
            bool exchangeFingerprints = true)
            : this(link.A, link.A.Executor, link.B, link.B.Executor, clientOptions, serverOptions, exchangeFingerprints)
        {
            Link = link;
        }

        public Pair(IDatagramTransport clientTransport, SerialExecutor clientExecutor, IDatagramTransport serverTransport,
            SerialExecutor serverExecutor, DtlsOptions? clientOptions = null, DtlsOptions? serverOptions = null,
            bool exchangeFingerprints = true)
        {
            ClientExecutor = clientExecutor;
            ServerExecutor = serverExecutor;
            clientOptions ??= new DtlsOptions();
            serverOptions ??= new DtlsOptions();
            clientOptions.Certificate ??= RtcCertificate.Generate();
            serverOptions.Certificate ??= RtcCertificate.Generate();
            if (exchangeFingerprints)
            {
                clientOptions.RemoteFingerprints ??= serverOptions.Certificate.GetFingerprints();
                serverOptions.RemoteFingerprints ??= clientOptions.Certificate.GetFingerprints();
            }
            Client = new DtlsConnection(clientTransport, clientExecutor, DtlsRole.Client, clientOptions);
            Server = new DtlsConnection(serverTransport, serverExecutor, DtlsRole.Server, serverOptions);
            ClientReceived = new Collector();
            ServerReceived = new Collector();
            // Posted, not awaited: a virtual network's executors only run once the network is pumped.
            clientExecutor.Post(() => Client.SetReceiver(ClientReceived));
            serverExecutor.Post(() => Server.SetReceiver(ServerReceived));
        }

        public SerialExecutor ClientExecutor { get; }

        public SerialExecutor ServerExecutor { get; }

        public InMemoryDatagramLink Link { get; } = null!;

        public DtlsConnection Client { get; }

        public DtlsConnection Server { get; }

        public Collector ClientReceived { get; }

        public Collector ServerReceived { get; }

        public async Task ConnectAsync()
        {
            var client = WhenState(Client, DtlsConnectionState.Connected);
            var server = WhenState(Server, DtlsConnectionState.Connected);
            Server.Start();
            Client.Start();
            try
            {
                await Task.WhenAll(client, server).WaitAsync(Hang);
            }
            catch (TimeoutException) when (Link is not null)
            {
                throw new Xunit.Sdk.XunitException(
                    $"No connection within {Hang}: client {Client.State} (sent {Link.A.Sent}), server {Server.State} " +
                    $"(sent {Link.B.Sent}, final flight resent {Server.FinalFlightRetransmissions}); " +
                    $"client datagrams: {Describe(Link.A.Log)}; server datagrams: {Describe(Link.B.Log)}; " +
                    $"delivered to client: {Describe(Link.A.Delivered)}; delivered to server: {Describe(Link.B.Delivered)}");
            }
        }

        private static string Describe(List<byte[]> log)
        {
            lock (log)
            {
                return string.Join(" ", log.Select(d => string.Join("+", Records(d).Select(r =>
                    r.Header.Epoch == 0 && r.Header.ContentType == DtlsContentType.Handshake ? $"hs{r.Fragment[0]}"
                    : $"{r.Header.ContentType}/{r.Header.Epoch}/{r.Header.SequenceNumber}"))));
            }
        }

        public Task<bool> SendFromClient(byte[] data) => OnExecutor(ClientExecutor, () => Client.Send(data));

        public Task<bool> SendFromServer(byte[] data) => OnExecutor(ServerExecutor, () => Server.Send(data));

        public void Close()
        {
            Client.Close();
            Server.Close();
        }
    }
}
