using MeshActors.WebRtc.Sctp;

namespace MeshActors.WebRtc.Tests.Sctp;

/// <summary>
/// The steady state allocates nothing per packet: pooled buffers, spans, no per-packet objects. Runs alone:
/// the buffer pools are shared by the process, and tests running beside it would borrow from them.
/// </summary>
[Collection(nameof(SctpAllocationTests))]
public class SctpAllocationTests
{
    [Theory]
    [InlineData(true, 1024, false)]
    [InlineData(false, 1024, false)]
    [InlineData(true, 16 * 1024, false)]
    [InlineData(false, 64 * 1024, false)]
    [InlineData(true, 64 * 1024, false)]
    [InlineData(false, 1024, true)]
    [InlineData(true, 16 * 1024, true)]
    public void Exchanging_messages_allocates_nothing_once_warmed_up(bool interleaving, int size, bool pooled)
    {
        var options = new SctpAssociationOptions { EnableMessageInterleaving = interleaving };
        var handlerA = new RecordingHandler { CountOnly = true };
        var handlerB = new RecordingHandler { CountOnly = true };
        var a = new SctpAssociation(options, handlerA);
        var b = new SctpAssociation(options, handlerB);
        var pump = new DirectPump(a, b);
        a.Connect(pump.Now);
        pump.Run(200);
        Assert.Equal(SctpAssociationState.Established, a.State);
        var message = new byte[size];

        void Exchange(int messages)
        {
            for (var i = 0; i < messages; i++)
            {
                if (pooled)
                {
                    // What a data channel does: its message already sits in a pooled buffer the association takes over.
                    var buffer = BufferPools.RentMessage(size);
                    message.CopyTo(buffer, 0);
                    if (a.SendPooled((ushort)(i % 3), 53, buffer, size, default, pump.Now) != SctpSendStatus.Ok)
                    {
                        throw new InvalidOperationException("The pooled message was refused.");
                    }
                }
                else
                {
                    a.Send((ushort)(i % 3), 53, message, default, pump.Now);
                }
                b.Send(1, 51, message.AsSpan(0, 10), new SctpSendOptions { Unordered = true }, pump.Now);
                pump.Run(4);
            }
            pump.Run(400);
        }

        Exchange(200); // warm-up: pools, dictionaries and rings reach their sizes
        var b0 = GC.GetAllocatedBytesForCurrentThread();
        Exchange(200);
        var b1 = GC.GetAllocatedBytesForCurrentThread();
        Exchange(200);
        var b2 = GC.GetAllocatedBytesForCurrentThread();
        Exchange(200);
        var b3 = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(800, handlerB.MessageCount);
        Assert.Equal((0L, 0L, 0L), (b1 - b0, b2 - b1, b3 - b2));
    }

    /// <summary>Moves packets between two associations with preallocated buffers and a 1 ms clock step.</summary>
    private sealed class DirectPump(SctpAssociation a, SctpAssociation b)
    {
        private readonly byte[] _buffer = new byte[2048];

        public TimeSpan Now { get; private set; } = TimeSpan.FromSeconds(1);

        public void Run(int steps)
        {
            for (var i = 0; i < steps; i++)
            {
                int n;
                var moved = true;
                while (moved)
                {
                    moved = false;
                    while ((n = a.PollTransmit(_buffer, Now)) > 0)
                    {
                        b.HandlePacket(_buffer.AsSpan(0, n), Now);
                        moved = true;
                    }
                    while ((n = b.PollTransmit(_buffer, Now)) > 0)
                    {
                        a.HandlePacket(_buffer.AsSpan(0, n), Now);
                        moved = true;
                    }
                }
                Now += TimeSpan.FromMilliseconds(1);
                if (a.NextDeadline <= Now)
                {
                    a.HandleTimeout(Now);
                }
                if (b.NextDeadline <= Now)
                {
                    b.HandleTimeout(Now);
                }
            }
        }
    }
}

[CollectionDefinition(nameof(SctpAllocationTests), DisableParallelization = true)]
public class SctpAllocationCollection;
