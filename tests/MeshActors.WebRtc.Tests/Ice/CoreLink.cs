using System.Net;
using MeshActors.WebRtc.Ice;

namespace MeshActors.WebRtc.Tests.Ice;

/// <summary>
/// Two <see cref="IceAgent"/> cores joined by a deterministic in-test wire: each agent has one
/// socket (index 0) at a fixed address; datagrams take <see cref="Latency"/>, may be lost with a
/// seeded probability or by a rule, and agent A can sit behind an address-rewriting NAT (its
/// packets appear from <see cref="ANatPublic"/>, and only that address reaches it). Virtual time
/// jumps from deadline to deadline, so tests of minutes run in milliseconds.
/// </summary>
internal sealed class CoreLink
{
    private readonly PriorityQueue<Packet, (TimeSpan, long)> _inFlight = new();
    private readonly Random _random;
    private long _sequence;

    public CoreLink(IceAgent a, IceAgent b, int seed = 1)
    {
        A = a;
        B = b;
        _random = new Random(seed);
    }

    public IceAgent A { get; }
    public IceAgent B { get; }
    public IPEndPoint AHost { get; init; } = new(IPAddress.Parse("10.0.0.1"), 1000);
    public IPEndPoint BHost { get; init; } = new(IPAddress.Parse("10.0.0.2"), 2000);

    /// <summary>When set, A is behind a NAT with this public mapping: B sees A's packets from here.</summary>
    public IPEndPoint? ANatPublic { get; init; }

    public TimeSpan Latency { get; init; } = TimeSpan.FromMilliseconds(10);
    public double LossRate { get; set; }

    /// <summary>Extra drop rule (bytes, from A?) applied after random loss.</summary>
    public Func<byte[], bool, bool>? Drop { get; set; }

    public TimeSpan Now { get; private set; }
    public long Delivered { get; private set; }
    public long Lost { get; private set; }

    public void Start(bool trickleEndOfCandidates = true)
    {
        A.AddHostCandidate(AHost, 0);
        B.AddHostCandidate(BHost, 0);
        A.EndLocalCandidates(Now);
        B.EndLocalCandidates(Now);
        A.SetRemoteParameters(B.LocalParameters, Now);
        B.SetRemoteParameters(A.LocalParameters, Now);
        foreach (var c in B.LocalCandidates)
        {
            A.AddRemoteCandidate(c, Now);
        }
        foreach (var c in A.LocalCandidates)
        {
            B.AddRemoteCandidate(c, Now);
        }
        if (trickleEndOfCandidates)
        {
            A.AddRemoteEndOfCandidates(Now);
            B.AddRemoteEndOfCandidates(Now);
        }
    }

    /// <summary>Runs until <paramref name="done"/> holds or <paramref name="limit"/> of virtual time passed; returns whether it held.</summary>
    public bool RunUntil(Func<bool> done, TimeSpan limit)
    {
        var end = Now + limit;
        while (true)
        {
            Drain();
            if (done())
            {
                return true;
            }
            var next = Min(A.NextDeadline, B.NextDeadline);
            if (_inFlight.TryPeek(out _, out var head) && head.Item1 < next)
            {
                next = head.Item1;
            }
            if (next == TimeSpan.MaxValue || next > end)
            {
                Now = end;
                return done();
            }
            if (next > Now)
            {
                Now = next;
            }
            while (_inFlight.TryPeek(out var packet, out var at) && at.Item1 <= Now)
            {
                _inFlight.Dequeue();
                Deliver(packet);
                Drain();
            }
            if (A.NextDeadline <= Now)
            {
                A.Poll(Now);
            }
            if (B.NextDeadline <= Now)
            {
                B.Poll(Now);
            }
        }
    }

    public void RunFor(TimeSpan duration) => RunUntil(static () => false, duration);

    /// <summary>Advances time to <paramref name="at"/> and calls <paramref name="action"/> (a trickled candidate, say).</summary>
    public void At(TimeSpan at, Action action)
    {
        RunFor(at - Now);
        action();
    }

    private void Drain()
    {
        while (A.TryDequeueTransmit(out var t))
        {
            Send(t.Datagram.ToArray(), fromA: true, t.Remote);
        }
        while (B.TryDequeueTransmit(out var t))
        {
            Send(t.Datagram.ToArray(), fromA: false, t.Remote);
        }
    }

    private void Send(byte[] bytes, bool fromA, IPEndPoint to)
    {
        if (_random.NextDouble() < LossRate || (Drop?.Invoke(bytes, fromA) ?? false))
        {
            Lost++;
            return;
        }
        var source = fromA ? ANatPublic ?? AHost : BHost;
        _inFlight.Enqueue(new Packet(bytes, source, to), (Now + Latency, _sequence++));
    }

    private void Deliver(Packet packet)
    {
        IceAgent? target = null;
        if (packet.To.Equals(BHost))
        {
            target = B;
        }
        else if (packet.To.Equals(ANatPublic ?? AHost))
        {
            target = A;
        }
        if (target is null)
        {
            Lost++;
            return;
        }
        Delivered++;
        target.Receive(packet.Bytes, 0, packet.From, Now);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private sealed record Packet(byte[] Bytes, IPEndPoint From, IPEndPoint To);
}
