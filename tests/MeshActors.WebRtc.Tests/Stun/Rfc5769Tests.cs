using System.Net;
using System.Text;
using MeshActors.WebRtc.Stun;

namespace MeshActors.WebRtc.Tests.Stun;

public class Rfc5769Tests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes(Rfc5769Vectors.Password);

    [Fact]
    public void Sample_request_decodes_with_every_attribute_and_verifies()
    {
        Assert.Equal(StunReadStatus.Ok, StunMessage.TryRead(Rfc5769Vectors.Request, out var m));
        Assert.Equal(StunMethod.Binding, m.Method);
        Assert.Equal(StunClass.Request, m.Class);
        Assert.Equal(TransactionId.Read(Rfc5769Vectors.TransactionId), m.TransactionId);
        Assert.Equal("STUN test client", Encoding.UTF8.GetString(m.Software));
        Assert.True(m.HasPriority);
        Assert.Equal(0x6e0001ffu, m.Priority);
        Assert.True(m.HasIceControlled);
        Assert.Equal(0x932ff9b151263b36ul, m.IceControlled);
        Assert.False(m.HasIceControlling);
        Assert.Equal("evtj:h6vY", Encoding.UTF8.GetString(m.Username));
        Assert.True(m.HasFingerprint);
        Assert.Equal(StunReadStatus.Ok, m.VerifyMessageIntegrity(Key));
    }

    [Fact]
    public void Sample_request_is_reproduced_byte_for_byte()
    {
        var buffer = new byte[200];
        var w = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, TransactionId.Read(Rfc5769Vectors.TransactionId), padding: 0x20);
        w.AddSoftware("STUN test client");
        w.AddPriority(0x6e0001ff);
        w.AddIceControlled(0x932ff9b151263b36);
        w.AddUsername("evtj:h6vY");
        w.AddMessageIntegrity(Key);
        w.AddFingerprint();
        Assert.Equal(Convert.ToHexString(Rfc5769Vectors.Request), Convert.ToHexString(w.Written));
    }

    [Theory]
    [InlineData("IPv4", "192.0.2.1")]
    [InlineData("IPv6", "2001:db8:1234:5678:11:2233:4455:6677")]
    public void Sample_responses_decode_and_are_reproduced_byte_for_byte(string sample, string address)
    {
        var vector = sample == "IPv4" ? Rfc5769Vectors.ResponseIPv4 : Rfc5769Vectors.ResponseIPv6;
        Assert.Equal(StunReadStatus.Ok, StunMessage.TryRead(vector, out var m));
        Assert.Equal(StunClass.SuccessResponse, m.Class);
        Assert.Equal("test vector", Encoding.UTF8.GetString(m.Software));
        Assert.True(m.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), 32853), mapped);
        Assert.Equal(StunReadStatus.Ok, m.VerifyMessageIntegrity(Key));

        var buffer = new byte[200];
        var w = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.SuccessResponse, TransactionId.Read(Rfc5769Vectors.TransactionId), padding: 0x20);
        w.AddSoftware("test vector");
        w.AddXorMappedAddress(mapped!);
        w.AddMessageIntegrity(Key);
        w.AddFingerprint();
        Assert.Equal(Convert.ToHexString(vector), Convert.ToHexString(w.Written));
    }

    [Fact]
    public void A_wrong_password_fails_integrity_of_every_sample()
    {
        var wrong = Encoding.UTF8.GetBytes("not the password");
        foreach (var vector in new[] { Rfc5769Vectors.Request, Rfc5769Vectors.ResponseIPv4, Rfc5769Vectors.ResponseIPv6 })
        {
            Assert.Equal(StunReadStatus.Ok, StunMessage.TryRead(vector, out var m));
            Assert.Equal(StunReadStatus.IntegrityMismatch, m.VerifyMessageIntegrity(wrong));
        }
    }

    [Fact]
    public void A_flipped_bit_anywhere_before_the_fingerprint_fails_the_fingerprint_check()
    {
        // Bytes 20.. are attribute contents; flipping one leaves the framing intact but breaks the CRC.
        for (var i = 20; i < Rfc5769Vectors.Request.Length - 8; i++)
        {
            var copy = (byte[])Rfc5769Vectors.Request.Clone();
            copy[i] ^= 0x01;
            var status = StunMessage.TryRead(copy, out _);
            Assert.NotEqual(StunReadStatus.Ok, status);
        }
    }

    [Fact]
    public void A_wrong_fingerprint_value_is_reported_as_a_mismatch()
    {
        var copy = (byte[])Rfc5769Vectors.Request.Clone();
        copy[^1] ^= 0xFF;
        Assert.Equal(StunReadStatus.FingerprintMismatch, StunMessage.TryRead(copy, out _));
    }
}
