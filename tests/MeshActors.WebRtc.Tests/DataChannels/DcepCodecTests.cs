using System.Text;
using MeshActors.WebRtc.DataChannels;
using MeshActors.WebRtc.Tests.Sctp;

namespace MeshActors.WebRtc.Tests.DataChannels;

public class DcepCodecTests
{
    private static byte[] Written(scoped in DataChannelOpenMessage message)
    {
        var buffer = new byte[message.GetLength() + 4];
        Array.Fill(buffer, (byte)0xEE);
        var written = message.Write(buffer);
        Assert.Equal(message.GetLength(), written);
        Assert.Equal(new byte[] { 0xEE, 0xEE, 0xEE, 0xEE }, buffer[written..]); // nothing written past the end
        return buffer[..written];
    }

    [Fact]
    public void Open_message_for_a_reliable_channel_matches_the_hand_assembled_bytes()
    {
        // type 03, channel type 00, priority 0x0100, reliability 0, label length 4, protocol length 0, "chat"
        var expected = Hex.Bytes("03 00 0100 00000000 0004 0000 63686174");
        var open = new DataChannelOpenMessage(DataChannelType.Reliable, DataChannelPriority.Low, 0, "chat"u8, []);
        Assert.Equal(Hex.Of(expected), Hex.Of(Written(open)));

        Assert.Equal(DcepCodecStatus.Ok, DataChannelOpenMessage.TryRead(expected, out var read));
        Assert.Equal(DataChannelType.Reliable, read.ChannelType);
        Assert.Equal(256, read.Priority);
        Assert.Equal(0u, read.ReliabilityParameter);
        Assert.Equal("chat", read.GetLabel());
        Assert.Equal("", read.GetProtocol());
        Assert.True(read.Ordered);
        Assert.Null(read.MaxRetransmits);
        Assert.Null(read.MaxPacketLifeTime);
    }

    [Theory]
    [InlineData(DataChannelType.Reliable, "00", 0u, true, null, null)]
    [InlineData(DataChannelType.ReliableUnordered, "80", 0u, false, null, null)]
    [InlineData(DataChannelType.PartialReliableRexmit, "01", 3u, true, 3u, null)]
    [InlineData(DataChannelType.PartialReliableRexmitUnordered, "81", 0u, false, 0u, null)]
    [InlineData(DataChannelType.PartialReliableTimed, "02", 1500u, true, null, 1500u)]
    [InlineData(DataChannelType.PartialReliableTimedUnordered, "82", 0xFFFFFFFFu, false, null, 0xFFFFFFFFu)]
    public void Open_message_carries_every_channel_type_and_its_reliability_parameter(
        DataChannelType type, string typeHex, uint parameter, bool ordered, uint? maxRetransmits, uint? maxLifeTime)
    {
        var expected = Hex.Bytes($"03 {typeHex} 0400 {parameter:x8} 0001 0003 4c 707267");
        var open = new DataChannelOpenMessage(type, DataChannelPriority.High, parameter, "L"u8, "prg"u8);
        Assert.Equal(Hex.Of(expected), Hex.Of(Written(open)));

        Assert.Equal(DcepCodecStatus.Ok, DataChannelOpenMessage.TryRead(expected, out var read));
        Assert.Equal(type, read.ChannelType);
        Assert.Equal(DataChannelPriority.High, read.Priority);
        Assert.Equal(ordered, read.Ordered);
        Assert.Equal(maxRetransmits, read.MaxRetransmits);
        Assert.Equal(maxLifeTime, read.MaxPacketLifeTime);
        Assert.Equal("L", read.GetLabel());
        Assert.Equal("prg", read.GetProtocol());
    }

    [Theory]
    [InlineData(DataChannelPriority.VeryLow, "0080")]
    [InlineData(DataChannelPriority.Low, "0100")]
    [InlineData(DataChannelPriority.Medium, "0200")]
    [InlineData(DataChannelPriority.High, "0400")]
    [InlineData((ushort)0xBEEF, "beef")]
    public void Open_message_carries_every_priority_as_sent(ushort priority, string priorityHex)
    {
        var expected = Hex.Bytes($"03 00 {priorityHex} 00000000 0000 0000");
        Assert.Equal(Hex.Of(expected), Hex.Of(Written(new DataChannelOpenMessage(DataChannelType.Reliable, priority, 0, [], []))));
        Assert.Equal(DcepCodecStatus.Ok, DataChannelOpenMessage.TryRead(expected, out var read));
        Assert.Equal(priority, read.Priority);
    }

    [Fact]
    public void Open_message_label_and_protocol_are_utf8()
    {
        var label = "spiel-état ✓";
        var protocol = "日本";
        var labelBytes = Encoding.UTF8.GetBytes(label);
        var protocolBytes = Encoding.UTF8.GetBytes(protocol);
        var bytes = Written(new DataChannelOpenMessage(DataChannelType.ReliableUnordered, 256, 0, labelBytes, protocolBytes));
        Assert.Equal(labelBytes.Length, (bytes[8] << 8) | bytes[9]); // lengths count bytes, not characters
        Assert.Equal(protocolBytes.Length, (bytes[10] << 8) | bytes[11]);
        Assert.Equal(DcepCodecStatus.Ok, DataChannelOpenMessage.TryRead(bytes, out var read));
        Assert.Equal(label, read.GetLabel());
        Assert.Equal(protocol, read.GetProtocol());
    }

    [Fact]
    public void Open_message_with_invalid_utf8_is_read_with_replacement_characters()
    {
        var bytes = Hex.Bytes("03 00 0100 00000000 0002 0000 ff41");
        Assert.Equal(DcepCodecStatus.Ok, DataChannelOpenMessage.TryRead(bytes, out var read));
        Assert.Equal("\uFFFDA", read.GetLabel());
    }

    [Fact]
    public void Open_message_with_the_longest_label_and_protocol_round_trips()
    {
        var label = new byte[DataChannelOpenMessage.MaxLabelOrProtocolLength];
        var protocol = new byte[DataChannelOpenMessage.MaxLabelOrProtocolLength];
        Array.Fill(label, (byte)'a');
        Array.Fill(protocol, (byte)'b');
        var bytes = Written(new DataChannelOpenMessage(DataChannelType.Reliable, 256, 0, label, protocol));
        Assert.Equal(12 + 2 * 65535, bytes.Length);
        Assert.Equal(DcepCodecStatus.Ok, DataChannelOpenMessage.TryRead(bytes, out var read));
        Assert.True(read.LabelUtf8.SequenceEqual(label));
        Assert.True(read.ProtocolUtf8.SequenceEqual(protocol));
    }

    [Fact]
    public void Open_message_refuses_to_encode_a_label_or_protocol_longer_than_its_length_field()
    {
        var tooLong = new byte[65536];
        Assert.Throws<ArgumentException>(() => new DataChannelOpenMessage(DataChannelType.Reliable, 256, 0, tooLong, []));
        Assert.Throws<ArgumentException>(() => new DataChannelOpenMessage(DataChannelType.Reliable, 256, 0, [], tooLong));
    }

    [Theory]
    [InlineData("03 00 0100 00000000 0005 0000 63686174")] // label length one more than present
    [InlineData("03 00 0100 00000000 0004 0001 63686174")] // protocol length points past the end
    [InlineData("03 00 0100 00000000 ffff ffff 63686174")] // both lengths lie hugely
    [InlineData("03 00 0100 00000000 0003 0000 63686174")] // a trailing byte no length accounts for
    [InlineData("03 00 0100 00000000 0000 0000 00")] // empty label and protocol, one stray byte
    public void Open_message_whose_lengths_disagree_with_its_bytes_is_rejected(string hex)
    {
        Assert.Equal(DcepCodecStatus.InvalidLength, DataChannelOpenMessage.TryRead(Hex.Bytes(hex), out var read));
        Assert.True(read.LabelUtf8.IsEmpty && read.ProtocolUtf8.IsEmpty);
    }

    [Theory]
    [InlineData("")]
    [InlineData("03")]
    [InlineData("03 00 0100 00000000 0000 00")] // 11 bytes: one short of the header
    public void Truncated_open_message_is_rejected(string hex)
    {
        Assert.Equal(DcepCodecStatus.Truncated, DataChannelOpenMessage.TryRead(Hex.Bytes(hex), out _));
    }

    [Theory]
    [InlineData("02 00 0100 00000000 0000 0000")] // an ACK byte
    [InlineData("00 00 0100 00000000 0000 0000")] // reserved (old drafts)
    [InlineData("01 00 0100 00000000 0000 0000")] // reserved (old drafts)
    [InlineData("ff 00 0100 00000000 0000 0000")]
    public void Open_reader_rejects_other_message_types(string hex)
    {
        Assert.Equal(DcepCodecStatus.WrongType, DataChannelOpenMessage.TryRead(Hex.Bytes(hex), out _));
    }

    [Theory]
    [InlineData("03")]
    [InlineData("7f")]
    [InlineData("83")]
    [InlineData("40")]
    [InlineData("ff")]
    public void Open_message_with_an_unregistered_channel_type_is_rejected(string typeHex)
    {
        Assert.Equal(DcepCodecStatus.UnknownChannelType, DataChannelOpenMessage.TryRead(Hex.Bytes($"03 {typeHex} 0100 00000000 0000 0000"), out _));
    }

    [Fact]
    public void Ack_message_is_the_single_byte_0x02()
    {
        var buffer = new byte[4];
        var ack = default(DataChannelAckMessage);
        Assert.Equal(1, ack.GetLength());
        Assert.Equal(1, ack.Write(buffer));
        Assert.Equal("02000000", Hex.Of(buffer));
        Assert.Equal(DcepCodecStatus.Ok, DataChannelAckMessage.TryRead(Hex.Bytes("02"), out _));
    }

    [Fact]
    public void Ack_reader_rejects_empty_and_other_types_and_ignores_trailing_bytes()
    {
        Assert.Equal(DcepCodecStatus.Truncated, DataChannelAckMessage.TryRead([], out _));
        Assert.Equal(DcepCodecStatus.WrongType, DataChannelAckMessage.TryRead(Hex.Bytes("03"), out _));
        Assert.Equal(DcepCodecStatus.WrongType, DataChannelAckMessage.TryRead(Hex.Bytes("00"), out _));
        Assert.Equal(DcepCodecStatus.Ok, DataChannelAckMessage.TryRead(Hex.Bytes("02 00"), out _));
    }

    [Theory]
    [InlineData(true, false, false, DataChannelType.Reliable)]
    [InlineData(false, false, false, DataChannelType.ReliableUnordered)]
    [InlineData(true, true, false, DataChannelType.PartialReliableRexmit)]
    [InlineData(false, true, false, DataChannelType.PartialReliableRexmitUnordered)]
    [InlineData(true, false, true, DataChannelType.PartialReliableTimed)]
    [InlineData(false, false, true, DataChannelType.PartialReliableTimedUnordered)]
    public void Channel_type_follows_from_ordering_and_the_reliability_limit(bool ordered, bool rexmit, bool timed, DataChannelType expected)
    {
        var type = DataChannelTypeExtensions.From(ordered, rexmit, timed);
        Assert.Equal(expected, type);
        Assert.Equal(ordered, type.IsOrdered());
        Assert.Equal(rexmit, type.IsRexmit());
        Assert.Equal(timed, type.IsTimed());
        Assert.True(type.IsDefined());
    }

    [Fact]
    public void Ppids_are_the_registered_numbers()
    {
        Assert.Equal(50u, (uint)DataChannelPpid.Dcep);
        Assert.Equal(51u, (uint)DataChannelPpid.String);
        Assert.Equal(52u, (uint)DataChannelPpid.BinaryPartial);
        Assert.Equal(53u, (uint)DataChannelPpid.Binary);
        Assert.Equal(54u, (uint)DataChannelPpid.StringPartial);
        Assert.Equal(56u, (uint)DataChannelPpid.StringEmpty);
        Assert.Equal(57u, (uint)DataChannelPpid.BinaryEmpty);
    }
}
