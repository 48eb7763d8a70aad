using MeshActors.WebRtc.Net;

namespace MeshActors.WebRtc.Tests.Dtls;

/// <summary>
/// Two <see cref="IDatagramTransport"/> ends joined in memory, each with its own executor: a datagram sent on one
/// end is copied and delivered on the other end's executor. Optional seeded loss and reordering, and an interceptor
/// that may drop or rewrite datagrams (for tests of what the wire carries).
/// </summary>
internal sealed class InMemoryDatagramLink
{
    public InMemoryDatagramLink(int maxDatagramSize = 1200, double lossRate = 0, double reorderRate = 0, int seed = 1)
    {
        A = new End(this, "A", maxDatagramSize);
        B = new End(this, "B", maxDatagramSize);
        A.Peer = B;
        B.Peer = A;
        LossRate = lossRate;
        ReorderRate = reorderRate;
        Random = new Random(seed);
    }

    public End A { get; }

    public End B { get; }

    public double LossRate { get; }

    public double ReorderRate { get; }

    private Random Random { get; }

    /// <summary>Sees every datagram (sender name, bytes); returns the bytes to deliver, or null to drop.</summary>
    public Func<string, byte[], byte[]?>? Interceptor { get; set; }

    public sealed class End : IDatagramTransport
    {
        private readonly InMemoryDatagramLink _link;
        private IDatagramReceiver? _receiver;
        private byte[]? _held; // a datagram held back to be delivered after the next one (reordering)

        public End(InMemoryDatagramLink link, string name, int maxDatagramSize)
        {
            _link = link;
            Name = name;
            MaxDatagramSize = maxDatagramSize;
            Executor = new SerialExecutor();
        }

        public string Name { get; }

        public SerialExecutor Executor { get; }

        public End Peer { get; set; } = null!;

        public int MaxDatagramSize { get; }

        public int Sent;

        /// <summary>Every datagram this end sent, as sent (before loss and interception).</summary>
        public List<byte[]> Log { get; } = [];

        public bool Send(ReadOnlySpan<byte> datagram)
        {
            if (datagram.Length > MaxDatagramSize)
            {
                throw new InvalidOperationException($"{Name} sent {datagram.Length} bytes, more than {MaxDatagramSize}.");
            }
            var copy = datagram.ToArray();
            byte[]? release = null;
            lock (_link)
            {
                Sent++;
                Log.Add(copy);
                if (_link.Interceptor is { } interceptor)
                {
                    copy = interceptor(Name, copy)!;
                    if (copy is null)
                    {
                        return true;
                    }
                }
                if (_link.LossRate > 0 && _link.Random.NextDouble() < _link.LossRate)
                {
                    return true;
                }
                if (_link.ReorderRate > 0 && _held is null && _link.Random.NextDouble() < _link.ReorderRate)
                {
                    _held = copy;
                    return true;
                }
                release = _held;
                _held = null;
            }
            Peer.Deliver(copy);
            if (release is not null)
            {
                Peer.Deliver(release);
            }
            return true;
        }

        public void SetReceiver(IDatagramReceiver receiver) => _receiver = receiver;

        /// <summary>Every datagram delivered to this end, in delivery order.</summary>
        public List<byte[]> Delivered { get; } = [];

        /// <summary>Delivers bytes to this end's receiver on its executor, as if they came off the wire.</summary>
        public void Deliver(byte[] datagram) => Executor.Post(() =>
        {
            lock (Delivered)
            {
                Delivered.Add(datagram);
            }
            _receiver?.OnDatagram(datagram);
        });
    }
}
