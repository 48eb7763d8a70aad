using MeshActors.WebRtc.Sctp;

namespace MeshActors.WebRtc.Tests.Sctp;

/// <summary>Impairments of the simulated link, applied per packet and per direction from a seeded Random.</summary>
internal sealed record LinkImpairments(double Loss = 0, double Reorder = 0, double Duplicate = 0)
{
    public static LinkImpairments None => new();
    public static LinkImpairments Harsh => new(Loss: 0.20, Reorder: 0.05, Duplicate: 0.01);

    /// <summary>One-way delay.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Extra delay of a reordered packet: it arrives after packets sent later.</summary>
    public TimeSpan ReorderDelay { get; init; } = TimeSpan.FromMilliseconds(25);
}

/// <summary>
/// Two associations joined by a deterministic lossy link: a seeded Random decides loss, reordering and
/// duplication; "now" is a fake clock advanced to the next packet arrival or association deadline.
/// </summary>
internal sealed class SctpTestPair
{
    private readonly Random _random;
    private readonly PriorityQueue<InFlight, (TimeSpan At, long Seq)> _wire = new();
    private readonly byte[] _buffer = new byte[65536];
    private long _seq;

    public SctpTestPair(int seed = 1, LinkImpairments? impairments = null, SctpAssociationOptions? optionsA = null, SctpAssociationOptions? optionsB = null)
    {
        _random = new Random(seed);
        Impairments = impairments ?? LinkImpairments.None;
        HandlerA = new RecordingHandler();
        HandlerB = new RecordingHandler();
        A = new SctpAssociation(optionsA, HandlerA);
        B = new SctpAssociation(optionsB, HandlerB);
        HandlerA.Association = A;
        HandlerB.Association = B;
    }

    public SctpAssociation A { get; }
    public SctpAssociation B { get; }
    public RecordingHandler HandlerA { get; }
    public RecordingHandler HandlerB { get; }
    public LinkImpairments Impairments { get; set; }
    public TimeSpan Now { get; private set; } = TimeSpan.FromSeconds(1);

    /// <summary>When false, everything sent is dropped (a cut cable).</summary>
    public bool LinkUp { get; set; } = true;

    /// <summary>Sees (and may replace or drop: return null) every packet from A (true) or B (false) before the link.</summary>
    public Func<bool, byte[], byte[]?>? Tap { get; set; }

    public long PacketsAtoB { get; private set; }
    public long PacketsBtoA { get; private set; }

    /// <summary>Connects (A initiates, or both when <paramref name="simultaneous"/>) and pumps until both are established.</summary>
    public void Connect(bool simultaneous = false)
    {
        A.Connect(Now);
        if (simultaneous)
        {
            B.Connect(Now);
        }
        Assert.True(PumpUntil(() => A.State == SctpAssociationState.Established && B.State == SctpAssociationState.Established, TimeSpan.FromSeconds(120)),
            $"Not established: A={A.State} B={B.State}");
    }

    /// <summary>Runs the simulation until <paramref name="done"/> holds (true) or <paramref name="limit"/> of simulated time passed (false).</summary>
    public bool PumpUntil(Func<bool> done, TimeSpan limit)
    {
        var end = Now + limit;
        while (true)
        {
            Flush();
            if (done())
            {
                return true;
            }
            var next = NextEvent();
            if (next is null || next.Value > end)
            {
                Now = end;
                return done();
            }
            Now = next.Value > Now ? next.Value : Now;
            Step();
            CheckInvariants();
        }
    }

    /// <summary>Advances simulated time by <paramref name="duration"/>, processing everything due.</summary>
    public void Advance(TimeSpan duration) => PumpUntil(() => false, duration);

    private TimeSpan? NextEvent()
    {
        TimeSpan? next = null;
        if (_wire.TryPeek(out _, out var priority))
        {
            next = priority.At;
        }
        foreach (var deadline in new[] { A.NextDeadline, B.NextDeadline })
        {
            if (deadline is { } d && (next is null || d < next))
            {
                next = d;
            }
        }
        return next;
    }

    private void Step()
    {
        while (_wire.TryPeek(out var packet, out var priority) && priority.At <= Now)
        {
            _wire.Dequeue();
            (packet.ToB ? B : A).HandlePacket(packet.Bytes, Now);
            Flush();
        }
        if (A.NextDeadline <= Now)
        {
            A.HandleTimeout(Now);
        }
        if (B.NextDeadline <= Now)
        {
            B.HandleTimeout(Now);
        }
    }

    /// <summary>Fails the test when either association's bookkeeping is inconsistent.</summary>
    public void CheckInvariants()
    {
        Assert.Null(A.CheckInvariants());
        Assert.Null(B.CheckInvariants());
    }

    /// <summary>Takes every packet both associations have to send and puts it on the link.</summary>
    public void Flush()
    {
        bool any;
        do
        {
            any = false;
            int n;
            while ((n = A.PollTransmit(_buffer, Now)) > 0)
            {
                Assert.True(n <= A.Options.MaxPacketSize || n <= 1500, $"packet of {n} bytes");
                PacketsAtoB++;
                Send(true, _buffer.AsSpan(0, n).ToArray());
                any = true;
            }
            while ((n = B.PollTransmit(_buffer, Now)) > 0)
            {
                PacketsBtoA++;
                Send(false, _buffer.AsSpan(0, n).ToArray());
                any = true;
            }
        }
        while (any);
    }

    private void Send(bool fromA, byte[] packet)
    {
        if (Tap is not null)
        {
            var tapped = Tap(fromA, packet);
            if (tapped is null)
            {
                return;
            }
            packet = tapped;
        }
        if (!LinkUp || _random.NextDouble() < Impairments.Loss)
        {
            return;
        }
        var at = Now + Impairments.Delay;
        if (_random.NextDouble() < Impairments.Reorder)
        {
            at += Impairments.ReorderDelay;
        }
        _wire.Enqueue(new InFlight(packet, fromA), (at, _seq++));
        if (_random.NextDouble() < Impairments.Duplicate)
        {
            _wire.Enqueue(new InFlight(packet, fromA), (at + TimeSpan.FromMilliseconds(1), _seq++));
        }
    }

    /// <summary>Both sides are quiet: nothing queued, nothing unacknowledged, nothing on the wire.</summary>
    public bool Idle =>
        _wire.Count == 0 && A.OutstandingChunkCount == 0 && B.OutstandingChunkCount == 0 && A.BufferedAmount == 0 && B.BufferedAmount == 0;

    private readonly record struct InFlight(byte[] Bytes, bool ToB);
}
