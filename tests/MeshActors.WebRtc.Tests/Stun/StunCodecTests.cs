using System.Buffers.Binary;
using System.Net;
using System.Text;
using MeshActors.WebRtc.Stun;

namespace MeshActors.WebRtc.Tests.Stun;

public class StunCodecTests
{
    private static readonly byte[] Key = "secret-password-1234"u8.ToArray();

    [Theory]
    [InlineData(StunClass.Request)]
    [InlineData(StunClass.Indication)]
    [InlineData(StunClass.SuccessResponse)]
    [InlineData(StunClass.ErrorResponse)]
    public void Message_type_round_trips_method_and_class(StunClass cls)
    {
        var type = StunMessageType.Encode(StunMethod.Binding, cls);
        Assert.Equal((StunMethod.Binding, cls), StunMessageType.Decode(type));
        Assert.Equal(0, type & 0xC000);
    }

    [Fact]
    public void Binding_success_response_type_is_0x0101_and_request_is_0x0001()
    {
        Assert.Equal(0x0101, StunMessageType.Encode(StunMethod.Binding, StunClass.SuccessResponse));
        Assert.Equal(0x0001, StunMessageType.Encode(StunMethod.Binding, StunClass.Request));
        Assert.Equal(0x0111, StunMessageType.Encode(StunMethod.Binding, StunClass.ErrorResponse));
    }

    [Fact]
    public void An_ice_check_round_trips_every_attribute()
    {
        var id = TransactionId.NewRandom();
        var buffer = new byte[512];
        var w = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, id);
        w.AddUsername("abcd:efgh");
        w.AddPriority(0x7e7f00ff);
        w.AddIceControlling(0x0102030405060708);
        w.AddUseCandidate();
        w.AddSoftware("MeshActors");
        w.AddMessageIntegrity(Key);
        w.AddFingerprint();

        Assert.Equal(StunReadStatus.Ok, StunMessage.TryRead(w.Written, out var m));
        Assert.Equal(id, m.TransactionId);
        Assert.Equal("abcd:efgh", Encoding.UTF8.GetString(m.Username));
        Assert.Equal(0x7e7f00ffu, m.Priority);
        Assert.True(m.HasIceControlling);
        Assert.Equal(0x0102030405060708ul, m.IceControlling);
        Assert.True(m.UseCandidate);
        Assert.Equal("MeshActors", Encoding.UTF8.GetString(m.Software));
        Assert.Equal(StunReadStatus.Ok, m.VerifyMessageIntegrity(Key));
    }

    [Theory]
    [InlineData("10.1.2.3", 1)]
    [InlineData("255.255.255.255", 65535)]
    [InlineData("::1", 5000)]
    [InlineData("fe80::1234:5678:9abc:def0", 40000)]
    public void Addresses_round_trip_in_both_plain_and_xor_form(string address, int port)
    {
        var endPoint = new IPEndPoint(IPAddress.Parse(address), port);
        var buffer = new byte[256];
        var w = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.SuccessResponse, TransactionId.NewRandom());
        w.AddXorMappedAddress(endPoint);
        w.AddMappedAddress(endPoint);
        Assert.Equal(StunReadStatus.Ok, StunMessage.TryRead(w.Written, out var m));
        Assert.True(m.TryGetXorMappedAddress(out var xor));
        Assert.True(m.TryGetMappedAddress(out var plain));
        Assert.Equal(endPoint, xor);
        Assert.Equal(endPoint, plain);
    }

    [Fact]
    public void Error_response_round_trips_code_reason_and_unknown_attributes()
    {
        var buffer = new byte[256];
        var w = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.ErrorResponse, TransactionId.NewRandom());
        w.AddErrorCode(420, "Unknown Attribute");
        w.AddUnknownAttributes([0x0033, 0x7FFF, 0x0001]);
        w.AddFingerprint();
        Assert.Equal(StunReadStatus.Ok, StunMessage.TryRead(w.Written, out var m));
        Assert.True(m.TryGetErrorCode(out var error));
        Assert.Equal(420, error.Code);
        Assert.Equal("Unknown Attribute", error.Reason);
        Assert.True(m.TryGetUnknownAttributes(out var unknown));
        Assert.Equal(new ushort[] { 0x0033, 0x7FFF, 0x0001 }, unknown.Types);
    }

    [Fact]
    public void Unknown_comprehension_optional_attributes_are_skipped()
    {
        var buffer = new byte[256];
        var w = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, TransactionId.NewRandom());
        w.AddRaw(0xC001, [0, 0, 0, 1]); // libwebrtc's NOMINATION
        w.AddRaw(0x8055, [1, 2, 3]);
        w.AddUsername("a:b");
        w.AddFingerprint();
        Assert.Equal(StunReadStatus.Ok, StunMessage.TryRead(w.Written, out var m));
        Assert.Equal(0, m.UnknownRequiredCount);
        Assert.Equal("a:b", Encoding.UTF8.GetString(m.Username));
    }

    [Fact]
    public void Unknown_comprehension_required_attributes_are_reported()
    {
        var buffer = new byte[256];
        var w = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, TransactionId.NewRandom());
        w.AddRaw(0x0033, [9, 9]);
        w.AddRaw(0x7ABC, []);
        w.AddFingerprint();
        Assert.Equal(StunReadStatus.UnknownRequiredAttributes, StunMessage.TryRead(w.Written, out var m));
        Assert.Equal(2, m.UnknownRequiredCount);
        Assert.Equal(new ushort[] { 0x0033, 0x7ABC }, m.GetUnknownRequiredAttributes());
    }

    [Fact]
    public void Attributes_after_message_integrity_other_than_fingerprint_are_ignored()
    {
        var buffer = new byte[256];
        var w = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, TransactionId.NewRandom());
        w.AddUsername("a:b");
        w.AddMessageIntegrity(Key);
        w.AddPriority(77); // not covered by the HMAC: must not be believed
        Assert.Equal(StunReadStatus.Ok, StunMessage.TryRead(w.Written, out var m));
        Assert.False(m.HasPriority);
        Assert.Equal(StunReadStatus.Ok, m.VerifyMessageIntegrity(Key));
    }

    [Fact]
    public void Missing_integrity_is_reported_when_verification_is_asked_for()
    {
        var buffer = new byte[64];
        var w = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, TransactionId.NewRandom());
        Assert.Equal(StunReadStatus.Ok, StunMessage.TryRead(w.Written, out var m));
        Assert.Equal(StunReadStatus.MissingIntegrity, m.VerifyMessageIntegrity(Key));
    }

    [Fact]
    public void Truncated_messages_fail_at_every_length_without_throwing()
    {
        var full = Rfc5769Vectors.Request;
        for (var length = 0; length < full.Length; length++)
        {
            Assert.NotEqual(StunReadStatus.Ok, StunMessage.TryRead(full.AsSpan(0, length), out _));
        }
    }

    [Fact]
    public void Header_checks_report_their_own_status()
    {
        Assert.Equal(StunReadStatus.TooShort, StunMessage.TryRead(new byte[19], out _));

        var notStun = (byte[])Rfc5769Vectors.Request.Clone();
        notStun[0] |= 0x80;
        Assert.Equal(StunReadStatus.NotStun, StunMessage.TryRead(notStun, out _));

        var badCookie = (byte[])Rfc5769Vectors.Request.Clone();
        badCookie[5] ^= 0x01;
        Assert.Equal(StunReadStatus.BadMagicCookie, StunMessage.TryRead(badCookie, out _));

        var oddLength = (byte[])Rfc5769Vectors.Request.Clone();
        BinaryPrimitives.WriteUInt16BigEndian(oddLength.AsSpan(2), 0x0057);
        Assert.Equal(StunReadStatus.BadLength, StunMessage.TryRead(oddLength, out _));

        var extraBytes = Rfc5769Vectors.Request.Concat(new byte[4]).ToArray();
        Assert.Equal(StunReadStatus.BadLength, StunMessage.TryRead(extraBytes, out _));
    }

    [Fact]
    public void An_attribute_longer_than_the_message_is_a_bad_attribute_length()
    {
        var buffer = new byte[64];
        var w = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, TransactionId.NewRandom());
        w.AddUsername("abcd"); // one attribute: value at 24..28
        var bytes = w.Written.ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(22), 40);
        Assert.Equal(StunReadStatus.BadAttributeLength, StunMessage.TryRead(bytes, out _));
    }

    [Fact]
    public void A_final_attribute_without_its_padding_is_rejected()
    {
        var buffer = new byte[64];
        var w = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, TransactionId.NewRandom());
        w.AddUsername("abcde"); // 5 bytes of value + 3 of padding
        var unpadded = w.Written[..^3].ToArray();

        // Header still counting the padding: the datagram is shorter than announced.
        Assert.Equal(StunReadStatus.BadLength, StunMessage.TryRead(unpadded, out _));

        // Header fixed to the unpadded size: not a multiple of 4, which padding guarantees (RFC 8489 §5).
        BinaryPrimitives.WriteUInt16BigEndian(unpadded.AsSpan(2), (ushort)(unpadded.Length - 20));
        Assert.Equal(StunReadStatus.BadLength, StunMessage.TryRead(unpadded, out _));
    }

    [Fact]
    public void A_fingerprint_that_is_not_last_is_rejected()
    {
        var buffer = new byte[64];
        var w = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, TransactionId.NewRandom());
        w.AddFingerprint();
        w.AddUsername("a:b");
        Assert.Equal(StunReadStatus.FingerprintNotLast, StunMessage.TryRead(w.Written, out _));
    }

    [Fact]
    public void Fixed_size_attributes_with_the_wrong_length_are_bad_values()
    {
        var buffer = new byte[64];
        var w = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, TransactionId.NewRandom());
        w.AddRaw((ushort)StunAttributeType.Priority, [1, 2, 3, 4, 5, 6, 7, 8]);
        Assert.Equal(StunReadStatus.BadAttributeValue, StunMessage.TryRead(w.Written, out _));
    }

    [Fact]
    public void Is_stun_recognises_stun_and_rejects_dtls_and_rtp_first_bytes()
    {
        Assert.True(StunMessage.IsStun(Rfc5769Vectors.Request));
        var dtls = (byte[])Rfc5769Vectors.Request.Clone();
        dtls[0] = 22; // DTLS handshake content type
        Assert.False(StunMessage.IsStun(dtls));
        var rtp = (byte[])Rfc5769Vectors.Request.Clone();
        rtp[0] = 0x80;
        Assert.False(StunMessage.IsStun(rtp));
    }
}
