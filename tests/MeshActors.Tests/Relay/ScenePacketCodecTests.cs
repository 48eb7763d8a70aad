using FsCheck;
using FsCheck.Fluent;
using MeshActors.Relay;

namespace MeshActors.Tests.Relay;

public class ScenePacketCodecTests
{
    [Fact]
    public void Add_peer_is_sys_add_peer_and_a_little_endian_id_in_six_bytes()
    {
        var bytes = new byte[AddPeerPacket.Length];
        Assert.Equal(6, new AddPeerPacket(0x01020304).Write(bytes));
        Assert.Equal(new byte[] { 0x07, 0x01, 0x04, 0x03, 0x02, 0x01 }, bytes);
        Assert.Equal(ScenePacketStatus.Ok, AddPeerPacket.TryRead(bytes, out var read));
        Assert.Equal(0x01020304, read.PeerId);
    }

    [Fact]
    public void Del_peer_is_sys_del_peer_and_a_little_endian_id_in_six_bytes()
    {
        var bytes = new byte[DelPeerPacket.Length];
        new DelPeerPacket(2).Write(bytes);
        Assert.Equal(new byte[] { 0x07, 0x02, 0x02, 0x00, 0x00, 0x00 }, bytes);
        Assert.Equal(ScenePacketStatus.Ok, DelPeerPacket.TryRead(bytes, out var read));
        Assert.Equal(2, read.PeerId);
    }

    [Fact]
    public void Peer_exchange_packets_have_exactly_six_bytes()
    {
        Assert.Equal(ScenePacketStatus.WrongLength, AddPeerPacket.TryRead([0x07, 0x01, 2, 0, 0, 0, 9], out _));
        Assert.Equal(ScenePacketStatus.TooShort, AddPeerPacket.TryRead([0x07, 0x01, 2, 0, 0], out _));
        Assert.Equal(ScenePacketStatus.OtherSysCommand, AddPeerPacket.TryRead([0x07, 0x02, 2, 0, 0, 0], out _));
        Assert.Equal(ScenePacketStatus.OtherCommand, DelPeerPacket.TryRead([0x03, 0x02, 2, 0, 0, 0], out _));
    }

    [Fact]
    public void Relay_carries_a_signed_peer_id_then_the_inner_packet_untouched()
    {
        byte[] inner = [0x03, 0xAA, 0xBB];
        var bytes = new byte[new RelayPacket(-3, inner).GetLength()];
        new RelayPacket(-3, inner).Write(bytes);
        Assert.Equal(new byte[] { 0x07, 0x03, 0xFD, 0xFF, 0xFF, 0xFF, 0x03, 0xAA, 0xBB }, bytes);
        Assert.Equal(ScenePacketStatus.Ok, RelayPacket.TryRead(bytes, out var read));
        Assert.Equal(-3, read.PeerId);
        Assert.Equal(inner, read.Inner.ToArray());
    }

    [Fact]
    public void Relay_without_an_inner_packet_is_too_short()
    {
        Assert.Equal(ScenePacketStatus.TooShort, RelayPacket.TryRead([0x07, 0x03, 0, 0, 0, 0], out _));
    }

    [Fact]
    public void Raw_is_command_three_then_the_user_bytes()
    {
        var bytes = new byte[3];
        new RawPacket([0x10, 0x20]).Write(bytes);
        Assert.Equal(new byte[] { 0x03, 0x10, 0x20 }, bytes);
        Assert.Equal(ScenePacketStatus.Ok, RawPacket.TryRead(bytes, out var read));
        Assert.Equal(new byte[] { 0x10, 0x20 }, read.Payload.ToArray());
    }

    [Fact]
    public void Raw_without_payload_is_refused_as_godot_does()
    {
        Assert.Equal(ScenePacketStatus.TooShort, RawPacket.TryRead([0x03], out _));
    }

    [Fact]
    public void Command_is_read_from_the_low_three_bits_so_flags_do_not_change_it()
    {
        Assert.True(ScenePacket.TryReadCommand([0x16], out var command)); // SYNC | CMD_FLAG_0
        Assert.Equal(SceneCommand.Sync, command);
        Assert.False(ScenePacket.TryReadCommand([], out _));
    }

    [Fact]
    public void Auth_completion_is_the_bare_two_byte_packet()
    {
        Assert.Equal(ScenePacketStatus.Ok, AuthPacket.TryRead([0x07, 0x00], out var done));
        Assert.True(done.IsCompletion);
        Assert.Equal(ScenePacketStatus.Ok, AuthPacket.TryRead([0x07, 0x00, 0x42], out var data));
        Assert.False(data.IsCompletion);
        Assert.Equal(new byte[] { 0x42 }, data.Payload.ToArray());
    }

    [Fact]
    public void Readers_never_throw_on_arbitrary_bytes()
    {
        Prop.ForAll<byte[]>(bytes =>
        {
            bytes ??= [];
            _ = AddPeerPacket.TryRead(bytes, out _);
            _ = DelPeerPacket.TryRead(bytes, out _);
            _ = RelayPacket.TryRead(bytes, out _);
            _ = RawPacket.TryRead(bytes, out _);
            _ = AuthPacket.TryRead(bytes, out _);
            _ = ScenePacket.TryReadCommand(bytes, out _);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Relay_round_trips_any_id_and_inner_packet()
    {
        Prop.ForAll<int, byte[]>((peerId, inner) =>
        {
            inner = inner is { Length: > 0 } ? inner : [0x03];
            var bytes = new byte[RelayPacket.HeaderLength + inner.Length];
            new RelayPacket(peerId, inner).Write(bytes);
            return RelayPacket.TryRead(bytes, out var read) == ScenePacketStatus.Ok
                && read.PeerId == peerId && read.Inner.SequenceEqual(inner);
        }).QuickCheckThrowOnFailure();
    }
}
