using System.Security.Cryptography;
using MeshActors.WebRtc.Dtls;

namespace MeshActors.WebRtc.Tests.Dtls;

public sealed class DtlsRecordCodecTests
{
    [Fact]
    public void Record_header_round_trips_with_a_48_bit_sequence_number()
    {
        var header = new DtlsRecordHeader(DtlsContentType.ApplicationData, DtlsRecordHeader.Dtls12Version, 1, 0xABCD_1234_5678, 3);
        var bytes = new byte[16];
        header.Write(bytes);
        Assert.Equal("17FEFD0001ABCD123456780003", Convert.ToHexString(bytes, 0, 13));
        Assert.Equal(DtlsRecordReadStatus.Ok, DtlsRecordHeader.TryRead(bytes, out var read));
        Assert.Equal(header.SequenceNumber, read.SequenceNumber);
        Assert.Equal(1, read.Epoch);
        Assert.Equal(3, read.Length);
        Assert.Equal((1UL << 48) | 0xABCD_1234_5678, read.EpochAndSequence);
        Assert.Equal(16, read.RecordLength);
    }

    [Fact]
    public void Record_header_reports_why_bytes_are_not_a_record()
    {
        var bytes = new byte[13];
        new DtlsRecordHeader(DtlsContentType.Handshake, DtlsRecordHeader.Dtls12Version, 0, 0, 1).Write(bytes);
        Assert.Equal(DtlsRecordReadStatus.Truncated, DtlsRecordHeader.TryRead(bytes, out _));
        Assert.Equal(DtlsRecordReadStatus.TooShort, DtlsRecordHeader.TryRead(bytes.AsSpan(0, 12), out _));
        bytes[1] = 0x03; // TLS, not DTLS
        Assert.Equal(DtlsRecordReadStatus.NotDtls, DtlsRecordHeader.TryRead(bytes, out _));
        bytes[1] = 0xFE;
        bytes[0] = 99;
        Assert.Equal(DtlsRecordReadStatus.UnknownContentType, DtlsRecordHeader.TryRead(bytes, out _));
    }

    [Fact]
    public void Handshake_header_round_trips_and_rejects_fragments_outside_the_message()
    {
        var bytes = new byte[12 + 5];
        new DtlsHandshakeHeader(DtlsHandshakeHeader.Certificate, 100, 3, 40, 5).Write(bytes);
        Assert.True(DtlsHandshakeHeader.TryRead(bytes, out var read));
        Assert.Equal((100, 3, 40, 5, false), (read.Length, (int)read.MessageSequence, read.FragmentOffset, read.FragmentLength, read.IsComplete));
        new DtlsHandshakeHeader(DtlsHandshakeHeader.Certificate, 10, 3, 8, 5).Write(bytes);
        Assert.False(DtlsHandshakeHeader.TryRead(bytes, out _));
        Assert.False(DtlsHandshakeHeader.TryRead(bytes.AsSpan(0, 11), out _));
    }

    [Fact]
    public void Alert_reads_only_two_bytes_with_a_known_level()
    {
        Assert.True(DtlsAlert.TryRead([2, 42], out var alert));
        Assert.True(alert.IsFatal);
        Assert.Equal(DtlsAlertDescription.BadCertificate, alert.Description);
        Assert.Equal("fatal bad_certificate(42)", alert.ToString());
        Assert.False(DtlsAlert.TryRead([3, 0], out _));
        Assert.False(DtlsAlert.TryRead([1, 0, 0], out _));
    }

    [Fact]
    public void Replay_window_accepts_each_sequence_number_once_within_64_records()
    {
        var window = new DtlsReplayWindow();
        foreach (var seq in new ulong[] { 5, 3, 100, 99, 37 })
        {
            Assert.False(window.ShouldDiscard(seq));
            window.MarkAuthenticated(seq);
            Assert.True(window.ShouldDiscard(seq));
        }
        Assert.True(window.ShouldDiscard(36)); // 64 behind the newest (100)
        Assert.False(window.ShouldDiscard(38));
        Assert.True(window.ShouldDiscard(5)); // slid out
        window.MarkAuthenticated(1000);
        Assert.True(window.ShouldDiscard(100));
        Assert.False(window.ShouldDiscard(999));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Aead_records_round_trip_and_any_flipped_bit_or_wrong_sequence_fails(bool chacha)
    {
        var (writer, reader) = Pair(chacha);
        var plaintext = RandomNumberGenerator.GetBytes(1200);
        var record = new byte[1300];
        var length = writer.Seal(DtlsContentType.ApplicationData, plaintext, record);
        Assert.Equal(13 + 1200 + (chacha ? 16 : 24), length);
        Assert.Equal(chacha ? 1200 - 13 - 16 : 1200 - 13 - 24, writer.GetPlaintextLimit(1200));

        var output = new byte[1300];
        DtlsRecordHeader.TryRead(record.AsSpan(0, length), out var header);
        Assert.Equal(DtlsOpenStatus.Ok, reader.Open(header, record.AsSpan(0, length), output, out var opened));
        Assert.Equal(plaintext, output[..opened]);
        Assert.Equal(DtlsOpenStatus.Replayed, reader.Open(header, record.AsSpan(0, length), output, out _));

        length = writer.Seal(DtlsContentType.ApplicationData, plaintext, record);
        record[40] ^= 1;
        DtlsRecordHeader.TryRead(record.AsSpan(0, length), out header);
        Assert.Equal(DtlsOpenStatus.AuthenticationFailed, reader.Open(header, record.AsSpan(0, length), output, out _));
        record[40] ^= 1;
        record[0] = (byte)DtlsContentType.Alert; // the content type is authenticated
        DtlsRecordHeader.TryRead(record.AsSpan(0, length), out header);
        Assert.Equal(DtlsOpenStatus.AuthenticationFailed, reader.Open(header, record.AsSpan(0, length), output, out _));
        record[0] = (byte)DtlsContentType.ApplicationData;
        record[10] ^= 0x40; // so is the sequence number
        DtlsRecordHeader.TryRead(record.AsSpan(0, length), out header);
        Assert.Equal(DtlsOpenStatus.AuthenticationFailed, reader.Open(header, record.AsSpan(0, length), output, out _));
        record[10] ^= 0x40; // untouched again: the failed attempts did not consume the sequence number
        DtlsRecordHeader.TryRead(record.AsSpan(0, length), out header);
        Assert.Equal(DtlsOpenStatus.Ok, reader.Open(header, record.AsSpan(0, length), output, out _));
        Assert.Equal(7UL, writer.NextSequenceNumber);
    }

    private static (DtlsRecordLayer Writer, DtlsRecordLayer Reader) Pair(bool chacha)
    {
        var keyLength = chacha ? 32 : 16;
        var ivLength = chacha ? 12 : 4;
        var k1 = RandomNumberGenerator.GetBytes(keyLength);
        var k2 = RandomNumberGenerator.GetBytes(keyLength);
        var iv1 = RandomNumberGenerator.GetBytes(ivLength);
        var iv2 = RandomNumberGenerator.GetBytes(ivLength);
        IDtlsRecordProtection a = chacha
            ? new ChaCha20Poly1305RecordProtection(0xCCA9, k1, iv1, k2, iv2)
            : new AesGcmRecordProtection(0xC02B, k1, iv1, k2, iv2);
        IDtlsRecordProtection b = chacha
            ? new ChaCha20Poly1305RecordProtection(0xCCA9, k2, iv2, k1, iv1)
            : new AesGcmRecordProtection(0xC02B, k2, iv2, k1, iv1);
        return (new DtlsRecordLayer(a, 5), new DtlsRecordLayer(b, 0));
    }
}

public sealed class HandshakeRecordFilterTests
{
    private static byte[] Record(DtlsContentType type, ushort epoch, ulong seq, byte[] fragment)
    {
        var bytes = new byte[13 + fragment.Length];
        new DtlsRecordHeader(type, DtlsRecordHeader.Dtls12Version, epoch, seq, (ushort)fragment.Length).Write(bytes);
        fragment.CopyTo(bytes, 13);
        return bytes;
    }

    private static byte[] Handshake(byte type, int length, int offset, int fragmentLength)
    {
        var bytes = new byte[12 + fragmentLength];
        new DtlsHandshakeHeader(type, length, 3, offset, fragmentLength).Write(bytes);
        return Record(DtlsContentType.Handshake, 0, 1, bytes);
    }

    private static readonly byte[] Ccs = Record(DtlsContentType.ChangeCipherSpec, 0, 9, [1]);
    private static readonly byte[] Finished = Record(DtlsContentType.Handshake, 1, 0, new byte[40]);

    [Fact]
    public void A_server_strips_change_cipher_spec_until_certificate_verify_is_complete()
    {
        var filter = new HandshakeRecordFilter(requireCertificateVerify: true);
        var after = new List<byte[]>();
        Assert.Null(filter.Filter(Ccs, pendingEpochReady: true, after));
        Assert.Null(filter.Filter(Finished, pendingEpochReady: true, after)); // held: not readable yet
        var firstHalf = Handshake(DtlsHandshakeHeader.CertificateVerify, 70, 0, 35);
        Assert.Same(firstHalf, filter.Filter(firstHalf, true, after));
        Assert.False(filter.CertificateVerifySeen);
        filter.Filter(Handshake(DtlsHandshakeHeader.CertificateVerify, 70, 35, 35), true, after);
        Assert.True(filter.CertificateVerifySeen);

        Assert.Same(Ccs, filter.Filter(Ccs, true, after));
        Assert.Equal([Finished], after); // the held Finished follows the ChangeCipherSpec
        Assert.Equal(1, filter.StrippedChangeCipherSpecs);
        Assert.Same(Finished, filter.Filter(Finished, true, []));
    }

    [Fact]
    public void Change_cipher_spec_waits_for_the_pending_epoch_and_keeps_other_records_of_its_datagram()
    {
        var filter = new HandshakeRecordFilter(requireCertificateVerify: false);
        var after = new List<byte[]>();
        var other = Handshake(DtlsHandshakeHeader.Certificate, 5, 0, 5);
        var datagram = other.Concat(Ccs).Concat(Finished).ToArray();
        Assert.Equal(other, filter.Filter(datagram, pendingEpochReady: false, after));
        Assert.Empty(after);
        Assert.Equal(datagram, filter.Filter(datagram, pendingEpochReady: true, after));
        Assert.Equal([Finished], after); // the one held from the first copy
    }
}
