using System.Net;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MeshActors.WebRtc.Ice.Mdns;

namespace MeshActors.WebRtc.Tests.Ice.Mdns;

public class DnsFuzzTests
{
    private static readonly byte[][] Seeds =
    [
        DnsMessage.CreateQuery([
            new DnsQuestion(DnsName.Parse("0c6c3a9e-8f1b-4b5e-9d0a-2f1e6c7b8a9d.local"), DnsRecordType.A),
            new DnsQuestion(DnsName.Parse("0c6c3a9e-8f1b-4b5e-9d0a-2f1e6c7b8a9d.local"), DnsRecordType.Aaaa, DnsClass.In, true),
        ]).ToArray(),
        DnsMessage.CreateResponse(7, [new DnsQuestion(DnsName.Parse("h.local"), DnsRecordType.Any)], [
            DnsResourceRecord.ForAddress(DnsName.Parse("h.local"), IPAddress.Parse("192.0.2.2"), 120, true),
            DnsResourceRecord.ForAddress(DnsName.Parse("h.local"), IPAddress.Parse("fd00::2"), 120, true),
        ], [DnsResourceRecord.ForAddress(DnsName.Parse("other.local"), IPAddress.Parse("10.1.2.3"), 0, false)]).ToArray(),
        // Legacy unicast response whose answer name is a compression pointer to the question (offset 12).
        [0x12, 0x34, 0x84, 0x00, 0, 1, 0, 1, 0, 0, 0, 0,
         3, (byte)'a', (byte)'b', (byte)'c', 5, (byte)'l', (byte)'o', (byte)'c', (byte)'a', (byte)'l', 0, 0, 1, 0, 1,
         0xC0, 0x0C, 0, 1, 0, 1, 0, 0, 0, 10, 0, 4, 10, 0, 0, 5],
    ];

    [Property(MaxTest = 3000)]
    public void Random_bytes_never_throw(byte[] bytes)
    {
        DecodeAndReencode(bytes);
    }

    [Property(MaxTest = 3000)]
    public void Mutated_valid_packets_never_throw(byte mutation, PositiveInt position, bool truncate, NonNegativeInt seed)
    {
        var copy = (byte[])Seeds[seed.Get % Seeds.Length].Clone();
        copy[position.Get % copy.Length] ^= mutation;
        var bytes = truncate ? copy.AsSpan(0, position.Get % copy.Length).ToArray() : copy;
        DecodeAndReencode(bytes);
    }

    [Property(MaxTest = 500)]
    public void A_response_with_any_host_label_address_and_ttl_round_trips(NonEmptyString label, uint ttl, bool cacheFlush, int addressBits, bool ipv6)
    {
        var clean = new string(label.Get.Where(char.IsAsciiLetterOrDigit).Take(63).ToArray());
        if (clean.Length == 0)
        {
            clean = "x";
        }
        var name = DnsName.Parse(clean + ".local");
        var address = ipv6
            ? new IPAddress([0xFE, 0x80, 0, 0, 0, 0, 0, 0, (byte)addressBits, 1, 2, 3, (byte)(addressBits >> 8), 5, 6, 7])
            : new IPAddress(BitConverter.GetBytes(addressBits));
        ttl &= 0x7FFFFFFF; // a TTL with the top bit set reads back as 0 (RFC 2181 §8)
        var message = DnsMessage.CreateResponse(0, [], [DnsResourceRecord.ForAddress(name, address, ttl, cacheFlush)]);

        Assert.Equal(DnsReadStatus.Ok, DnsMessage.TryRead(message.ToArray(), out var back));
        var record = Assert.Single(back!.Answers);
        Assert.Equal(name, record.Name);
        Assert.Equal(ttl, record.Ttl);
        Assert.Equal(cacheFlush, record.CacheFlush);
        Assert.True(record.TryGetAddress(out var got));
        Assert.Equal(address, got);
    }

    private static void DecodeAndReencode(byte[] bytes)
    {
        if (DnsMessage.TryRead(bytes, out var message) != DnsReadStatus.Ok)
        {
            Assert.Null(message);
            return;
        }
        // Whatever parsed can be printed, re-encoded and parsed again to the same message.
        Assert.NotNull(message);
        _ = message.ToString();
        var written = message.ToArray();
        Assert.Equal(DnsReadStatus.Ok, DnsMessage.TryRead(written, out var again));
        Assert.Equal(written, again!.ToArray());
        foreach (var r in message.Answers)
        {
            r.TryGetAddress(out _);
        }
    }
}
