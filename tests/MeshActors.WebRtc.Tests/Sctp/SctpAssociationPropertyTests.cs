using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MeshActors.WebRtc.Sctp;

namespace MeshActors.WebRtc.Tests.Sctp;

/// <summary>
/// The association never throws and never hits an internal error on hostile input: random bytes, random
/// chunks behind a valid header and checksum, and real packets of a lossy exchange with bytes changed.
/// Aborting is allowed; crashing is not.
/// </summary>
public class SctpAssociationPropertyTests
{
    private static readonly Lazy<byte[][]> RealPackets = new(CaptureRealPackets);

    private static readonly byte[] ChunkTypes = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14, 64, 130, 192, 194, 0x3F, 0x7F, 0xBF, 0xFF];

    [Property(MaxTest = 300)]
    public void Random_bytes_never_break_an_established_association(byte[][] packets)
    {
        var pair = Established();
        foreach (var packet in packets)
        {
            pair.B.HandlePacket(packet, pair.Now);
        }
        AssertNoInternalError(pair);
    }

    [Property(MaxTest = 500)]
    public void Random_chunks_with_a_valid_header_and_checksum_never_break_it(byte typeIndex, byte flags, byte[] body, bool bundleData)
    {
        var pair = Established();
        var type = ChunkTypes[typeIndex % ChunkTypes.Length];
        var chunk = new byte[ChunkHeader.Padded(4 + body.Length)];
        chunk[0] = type;
        chunk[1] = flags;
        chunk[2] = (byte)((4 + body.Length) >> 8);
        chunk[3] = (byte)(4 + body.Length);
        body.CopyTo(chunk, 4);
        var chunks = bundleData ? PacketBuilder.Concat(chunk, PacketBuilder.Data(pair.B, pair.B.CumulativeTsnReceived + 1, 0, [1])) : chunk;
        var tag = type == 1 ? 0 : pair.B.LocalVerificationTag;
        pair.B.HandlePacket(PacketBuilder.Packet(tag, chunks), pair.Now);
        pair.Flush();
        pair.Advance(TimeSpan.FromSeconds(2));
        AssertNoInternalError(pair);
    }

    [Property(MaxTest = 1000)]
    public void Real_packets_with_changed_bytes_never_break_it(NonNegativeInt which, NonNegativeInt position, byte value, NonNegativeInt cut)
    {
        var packets = RealPackets.Value;
        var original = packets[which.Get % packets.Length];
        var pair = Established();
        var mutated = (byte[])original.Clone();
        var at = 12 + position.Get % Math.Max(1, mutated.Length - 12);
        if (at < mutated.Length)
        {
            mutated[at] = value;
        }
        // Keep the association's own tag so the packet gets past the checks into the chunk handlers.
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(mutated.AsSpan(4), pair.B.LocalVerificationTag);
        var length = Math.Max(12, mutated.Length - cut.Get % 8);
        var packet = PacketBuilder.Restamp(mutated[..length]);
        pair.B.HandlePacket(packet, pair.Now);
        pair.A.HandlePacket(packet, pair.Now);
        pair.Flush();
        pair.Advance(TimeSpan.FromSeconds(2));
        AssertNoInternalError(pair);
    }

    private static SctpTestPair Established()
    {
        var pair = new SctpTestPair();
        pair.Connect();
        pair.A.Send(1, 1, new byte[3000], default, pair.Now);
        pair.B.Send(1, 1, new byte[10], default, pair.Now);
        pair.Flush();
        return pair;
    }

    private static void AssertNoInternalError(SctpTestPair pair)
    {
        Assert.Null(pair.A.LastInternalError);
        Assert.Null(pair.B.LastInternalError);
        Assert.Equal(0, pair.A.Counters.InternalErrors);
        Assert.Equal(0, pair.B.Counters.InternalErrors);
    }

    /// <summary>Every packet of a lossy exchange that uses every chunk type this stack sends.</summary>
    private static byte[][] CaptureRealPackets()
    {
        var captured = new List<byte[]>();
        var plain = new SctpAssociationOptions { EnableMessageInterleaving = false };
        foreach (var options in new[] { null, plain })
        {
            var pair = new SctpTestPair(3, LinkImpairments.Harsh, options, options);
            pair.Tap = (_, packet) =>
            {
                captured.Add(packet);
                return packet;
            };
            pair.Connect();
            pair.HandlerB.ResetOwnSideOnIncomingReset = true;
            for (uint i = 0; i < 20; i++)
            {
                pair.A.Send((ushort)(i % 3), i, new byte[i * 500 + 1], new SctpSendOptions { Unordered = i % 2 == 0, MaxRetransmits = i % 3 == 0 ? 0 : null }, pair.Now);
            }
            pair.A.ResetStreams([2]);
            pair.PumpUntil(() => pair.HandlerB.IncomingResets.Count > 0 && pair.Idle, TimeSpan.FromMinutes(5));
            pair.Advance(TimeSpan.FromSeconds(40)); // heartbeats
            pair.A.Shutdown(pair.Now);
            pair.PumpUntil(() => pair.HandlerB.Closed is not null, TimeSpan.FromMinutes(5));
        }
        return captured.ToArray();
    }
}
