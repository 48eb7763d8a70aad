using System.Buffers.Binary;
using System.Text;
using MeshActors.WebRtc.Sctp;

namespace MeshActors.WebRtc.Tests.Sctp;

public class SctpChecksumTests
{
    [Fact]
    public void Crc32c_of_123456789_is_the_standard_check_value()
    {
        Assert.Equal(0xE3069283u, SctpChecksum.Crc32C(Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void Crc32c_matches_the_rfc_3720_vectors()
    {
        var zeros = new byte[32];
        var ones = Enumerable.Repeat((byte)0xFF, 32).ToArray();
        var ascending = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var descending = Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray();
        Assert.Equal(0x8A9136AAu, SctpChecksum.Crc32C(zeros));
        Assert.Equal(0x62A8AB43u, SctpChecksum.Crc32C(ones));
        Assert.Equal(0x46DD794Eu, SctpChecksum.Crc32C(ascending));
        Assert.Equal(0x113FDB5Cu, SctpChecksum.Crc32C(descending));
    }

    [Fact]
    public void A_published_init_packet_verifies_and_its_checksum_bytes_are_reproduced()
    {
        // SCTP part of Scapy's "SCTP - Chunk Init - build" regression vector: ports 0, tag 0, INIT with
        // zero fields and one IPv4 Address parameter (127.0.0.1); checksum bytes 40 2c 0b 5f.
        var packet = Hex.Bytes("0000 0000 00000000 402c0b5f 0100001c 00000000 00000000 00000000 00000000 00050008 7f000001");
        Assert.True(SctpChecksum.Verify(packet));
        var copy = (byte[])packet.Clone();
        copy.AsSpan(8, 4).Clear();
        SctpChecksum.Stamp(copy);
        Assert.Equal(Hex.Of(packet), Hex.Of(copy));
    }

    [Fact]
    public void Compute_ignores_the_stored_checksum_and_matches_a_bitwise_reference()
    {
        var random = new Random(7);
        for (var length = 12; length < 400; length += 13)
        {
            var packet = new byte[length];
            random.NextBytes(packet);
            var zeroed = (byte[])packet.Clone();
            zeroed.AsSpan(8, 4).Clear();
            Assert.Equal(BitwiseCrc32C(zeroed), SctpChecksum.Compute(packet));
            SctpChecksum.Stamp(packet);
            Assert.Equal(BitwiseCrc32C(zeroed), BinaryPrimitives.ReadUInt32LittleEndian(packet.AsSpan(8)));
            Assert.True(SctpChecksum.Verify(packet));
            packet[length - 1] ^= 0x40;
            Assert.False(SctpChecksum.Verify(packet));
        }
    }

    [Fact]
    public void Packets_shorter_than_the_common_header_never_verify()
    {
        Assert.False(SctpChecksum.Verify(new byte[11]));
        Assert.False(SctpChecksum.Verify(default));
    }

    // Test-only reference: reflected CRC-32C, polynomial 0x82F63B78, one bit at a time.
    private static uint BitwiseCrc32C(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
            }
        }
        return ~crc;
    }
}
