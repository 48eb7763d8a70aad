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
/// its one-way latency), signals when a client is connected and ready, and sends the current phase's traffic. Like a
/// game loop, it runs its clients once per frame and sleeps for the rest; an iteration that takes longer is followed at
/// once by the next.
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
    private readonly long _frameTicks;
    private volatile RelayBenchPhase? _phase;
    private volatile bool _stop;
    private long _iterations;
    private RelayBenchPhase? _seenPhase;

    /// <param name="index">This driver's index (its entry in each phase's counters).</param>
    /// <param name="payloadBytes">Bytes of each packet.</param>
    /// <param name="frame">One pass over the clients per frame at most.</param>
    public RelayBenchDriver(int index, int payloadBytes, TimeSpan frame)
    {
        _index = index;
        _frameTicks = (long)(frame.TotalSeconds * Stopwatch.Frequency);
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
            var frameStart = Stopwatch.GetTimestamp();
            var elapsed = phase is null ? 0 : Stopwatch.GetElapsedTime(phase.StartedAt, frameStart).TotalSeconds;
            foreach (var client in _clients)
            {
                try
                {
                    Drive(client, phase, elapsed);
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref Errors);
                }
            }
            Interlocked.Increment(ref _iterations);
            var left = _frameTicks - (Stopwatch.GetTimestamp() - frameStart);
            if (left > 0)
            {
                Thread.Sleep(TimeSpan.FromSeconds((double)left / Stopwatch.Frequency));
            }
        }
    }

    /// <summary>One client's turn in a frame <paramref name="elapsed"/> seconds into the phase.</summary>
    private void Drive(RelayBenchClient client, RelayBenchPhase? phase, double elapsed)
    {
        var peer = client.Peer;
        client.Signaling.Poll();
        peer.Poll();
        var counters = phase is { Closed: false } ? phase.Counters[_index] : null;
        while (peer.GetAvailablePacketCount() > 0)
        {
            var source = peer.GetPacketPeer();
            if (!peer.TryGetPacket(out var packet))
            {
                break;
            }
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
            Send(client, phase, counters, elapsed);
        }
    }

    private void Send(RelayBenchClient client, RelayBenchPhase phase, RelayBenchCounters counters, double elapsed)
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
            var due = (long)((elapsed * phase.PerClient) + client.Spread);
            count = (int)Math.Min(MaxBurst, due - client.PhaseSent);
        }
        if (count <= 0)
        {
            return;
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
                return;
            }
            counters.Sent++;
            client.PhaseSent++;
            if (phase.Window)
            {
                Interlocked.Increment(ref client.InFlight);
            }
        }
    }
}
