using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using MeshActors.Multiplayer;

namespace MeshHost.Relay.Bench;

/// <summary>What the drivers do now: no traffic, or one phase's sending (or draining) period.</summary>
/// <param name="Id">Written into every packet so packets of another phase are not counted.</param>
/// <param name="Window">True: keep <paramref name="PerClient"/> reliable packets in flight per client; false: send
/// <paramref name="PerClient"/> unreliable packets per second per client.</param>
internal sealed record RelayBenchPhase(int Id, bool Window, int PerClient, long StartedAt, int Drivers)
{
    /// <summary>Sending stops when set (the drain counts what is still in flight).</summary>
    public volatile bool Stopped;

    /// <summary>Nothing is counted any more when set.</summary>
    public volatile bool Closed;

    /// <summary>Per driver: what its clients sent and received (only that driver writes its entry).</summary>
    public RelayBenchCounters[] Counters { get; } = CreateCounters(Drivers);

    private static RelayBenchCounters[] CreateCounters(int drivers)
    {
        var counters = new RelayBenchCounters[drivers];
        for (var i = 0; i < drivers; i++)
        {
            counters[i] = new RelayBenchCounters();
        }
        return counters;
    }
}

/// <summary>One driver's counts in one phase.</summary>
internal sealed class RelayBenchCounters
{
    public long Sent;
    public long SendRefused;
    public long Received;
    public LatencyHistogram Latency { get; } = new();
}

/// <summary>
/// A thread that owns a share of the clients: it polls each (signaling, then peer), reads every packet (counting it and
/// its one-way latency), signals when a client is connected and ready, and sends the current phase's traffic. It sleeps
/// 1 ms when an iteration found nothing to do, as a game loop would between frames (finer than a 60 Hz frame).
/// </summary>
internal sealed class RelayBenchDriver : IDisposable
{
    /// <summary>Packet layout: timestamp (Stopwatch ticks, 8 bytes LE), phase id (4 bytes LE), then padding.</summary>
    public const int MinPayload = 12;

    /// <summary>At most this many packets per client per iteration in the rate phase (bounds a catch-up burst).</summary>
    private const int MaxBurst = 16;

    private readonly int _index;
    private readonly Thread _thread;
    private readonly ConcurrentQueue<RelayBenchClient> _incoming = new();
    private readonly List<RelayBenchClient> _clients = [];
    private readonly byte[] _payload;
    private volatile RelayBenchPhase? _phase;
    private volatile bool _stop;
    private long _iterations;
    private RelayBenchPhase? _seenPhase;

    public RelayBenchDriver(int index, int payloadBytes)
    {
        _index = index;
        _payload = new byte[Math.Max(MinPayload, payloadBytes)];
        _thread = new Thread(Run) { IsBackground = true, Name = $"relay-bench-driver-{index}" };
        _thread.Start();
    }

    /// <summary>Loop iterations completed (a caller waits for two more to know its change was seen).</summary>
    public long Iterations => Interlocked.Read(ref _iterations);

    /// <summary>Exceptions thrown by a client's poll or send (the client is skipped in that iteration).</summary>
    public long Errors;

    public void Add(RelayBenchClient client)
    {
        client.Driver = _index;
        _incoming.Enqueue(client);
    }

    public void SetPhase(RelayBenchPhase? phase) => _phase = phase;

    /// <summary>Waits until this driver finished an iteration that started after the call.</summary>
    public async Task WaitForIterationAsync()
    {
        var target = Iterations + 2;
        while (Iterations < target && _thread.IsAlive)
        {
            await Task.Delay(1).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join(TimeSpan.FromSeconds(5));
    }

    private void Run()
    {
        while (!_stop)
        {
            while (_incoming.TryDequeue(out var added))
            {
                _clients.Add(added);
            }
            var phase = _phase;
            if (!ReferenceEquals(phase, _seenPhase))
            {
                _seenPhase = phase;
                foreach (var client in _clients)
                {
                    client.InFlight = 0;
                    client.PhaseSent = 0;
                }
            }
            var busy = false;
            foreach (var client in _clients)
            {
                try
                {
                    busy |= Drive(client, phase);
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref Errors);
                }
            }
            Interlocked.Increment(ref _iterations);
            if (!busy)
            {
                Thread.Sleep(1);
            }
        }
    }

    /// <summary>One client's turn; true when it received or sent anything.</summary>
    private bool Drive(RelayBenchClient client, RelayBenchPhase? phase)
    {
        var peer = client.Peer;
        client.Signaling.Poll();
        peer.Poll();
        var busy = false;
        var counters = phase is { Closed: false } ? phase.Counters[_index] : null;
        while (peer.GetAvailablePacketCount() > 0)
        {
            var source = peer.GetPacketPeer();
            if (!peer.TryGetPacket(out var packet))
            {
                break;
            }
            busy = true;
            if (counters is not null && packet.Length >= MinPayload && BinaryPrimitives.ReadInt32LittleEndian(packet[8..]) == phase!.Id)
            {
                var sentAt = BinaryPrimitives.ReadInt64LittleEndian(packet);
                counters.Received++;
                counters.Latency.Record((long)Stopwatch.GetElapsedTime(sentAt).TotalMicroseconds);
                if (phase.Window && client.Lobby.ByPeerId.TryGetValue(source, out var sender))
                {
                    Interlocked.Decrement(ref sender.InFlight);
                }
            }
        }
        if (!client.Connected.Task.IsCompleted && peer.ConnectionStatus == ConnectionStatus.Connected)
        {
            client.ConnectedAt = Stopwatch.GetTimestamp();
            client.Connected.TrySetResult();
        }
        if (!client.Ready.Task.IsCompleted && client.Connected.Task.IsCompleted
            && peer.GetRelayedPeerIds().Count >= client.Lobby.Members.Count - 1)
        {
            client.Ready.TrySetResult();
        }
        if (counters is not null && !phase!.Stopped && client.Target != 0)
        {
            busy |= Send(client, phase, counters);
        }
        return busy;
    }

    private bool Send(RelayBenchClient client, RelayBenchPhase phase, RelayBenchCounters counters)
    {
        var peer = client.Peer;
        int count;
        if (phase.Window)
        {
            count = phase.PerClient - Volatile.Read(ref client.InFlight);
        }
        else
        {
            // Each client's schedule is shifted by part of one interval, so the packets do not all leave at once.
            var due = (long)((Stopwatch.GetElapsedTime(phase.StartedAt).TotalSeconds * phase.PerClient) + client.Spread);
            count = (int)Math.Min(MaxBurst, due - client.PhaseSent);
        }
        if (count <= 0)
        {
            return false;
        }
        peer.TransferMode = phase.Window ? TransferMode.Reliable : TransferMode.Unreliable;
        peer.TransferChannel = 0;
        peer.TargetPeer = client.Target;
        BinaryPrimitives.WriteInt32LittleEndian(_payload.AsSpan(8), phase.Id);
        for (var i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(_payload, Stopwatch.GetTimestamp());
            if (peer.PutPacket(_payload) != MultiplayerError.Ok)
            {
                counters.SendRefused++;
                return i > 0;
            }
            counters.Sent++;
            client.PhaseSent++;
            if (phase.Window)
            {
                Interlocked.Increment(ref client.InFlight);
            }
        }
        return true;
    }
}
