using MeshActors.Multiplayer;
using MeshActors.Peers;
using MeshActors.Tests.Support;

namespace MeshActors.Tests.Multiplayer;

/// <summary>reference/godot.md §1.2.</summary>
public class CreateSpecs : FacadeSpec
{
    [Fact]
    public void Create_server_takes_id_1_and_is_connected_at_once_without_peers()
    {
        var peer = NewPeer();
        Assert.Equal(MultiplayerError.Ok, peer.CreateServer());
        Assert.Equal((1, ConnectionStatus.Connected, NetworkMode.Server), (peer.UniqueId, peer.ConnectionStatus, peer.Mode));
        Finish();
    }

    [Fact]
    public void Create_client_refuses_id_1()
    {
        var peer = NewPeer();
        Assert.Equal(MultiplayerError.InvalidParameter, peer.CreateClient(1));
        Assert.Equal((ConnectionStatus.Disconnected, NetworkMode.None), (peer.ConnectionStatus, peer.Mode));
        Finish();
    }

    [Fact]
    public void Create_client_is_connecting_until_its_server_is_connected()
    {
        var peer = NewPeer();
        Assert.Equal(MultiplayerError.Ok, peer.CreateClient(7));
        Assert.Equal((7, ConnectionStatus.Connecting, NetworkMode.Client), (peer.UniqueId, peer.ConnectionStatus, peer.Mode));
        Finish();
    }

    [Fact]
    public void Create_mesh_allows_id_1_and_is_connected_at_once()
    {
        var peer = NewPeer();
        Assert.Equal(MultiplayerError.Ok, peer.CreateMesh(1));
        Assert.Equal((1, ConnectionStatus.Connected, NetworkMode.Mesh), (peer.UniqueId, peer.ConnectionStatus, peer.Mode));
        Finish();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void Ids_outside_1_to_int_max_are_invalid_and_change_nothing(int peerId)
    {
        var peer = NewPeer();
        Assert.Equal(MultiplayerError.InvalidParameter, peer.CreateClient(peerId));
        Assert.Equal(MultiplayerError.InvalidParameter, peer.CreateMesh(peerId));
        Assert.Equal((ConnectionStatus.Disconnected, NetworkMode.None), (peer.ConnectionStatus, peer.Mode));
        Assert.Equal(MultiplayerError.Ok, peer.CreateMesh(int.MaxValue));
        Assert.Equal(int.MaxValue, peer.UniqueId);
        Finish();
    }

    [Fact]
    public void Extra_channels_take_stream_ids_from_4_with_their_number_as_label_and_godots_options()
    {
        var peer = NewPeer();
        peer.CreateMesh(3, [TransferMode.Reliable, TransferMode.UnreliableOrdered, TransferMode.Unreliable]);
        var link = AddLink(peer, 2, unreliableLifetime: 250);
        Assert.Equal(
            [
                new ChannelSpec("reliable", 1, true, null, TransferMode.Reliable),
                new ChannelSpec("ordered", 2, true, 250, TransferMode.UnreliableOrdered),
                new ChannelSpec("unreliable", 3, false, 250, TransferMode.Unreliable),
                new ChannelSpec("4", 4, true, null, TransferMode.Reliable),
                new ChannelSpec("5", 5, true, 1, TransferMode.UnreliableOrdered),
                new ChannelSpec("6", 6, false, 1, TransferMode.Unreliable),
            ],
            link.Specs);
        Finish();
    }

    [Fact]
    public void An_undefined_extra_mode_is_invalid_and_leaves_everything_as_it_was()
    {
        var peer = NewPeer();
        peer.CreateMesh(3, [TransferMode.Reliable]);
        Assert.Equal(MultiplayerError.InvalidParameter, peer.CreateServer([TransferMode.Unreliable, (TransferMode)7]));
        Assert.Equal((3, NetworkMode.Mesh), (peer.UniqueId, peer.Mode));
        var link = AddLink(peer, 2);
        Assert.Equal(4, link.Specs!.Count); // Godot would have half-filled its lists; here nothing changed
        Finish();
    }

    [Fact]
    public void Creating_again_keeps_the_peers_already_added()
    {
        var peer = NewPeer();
        peer.CreateMesh(3);
        AddLink(peer, 2);
        Assert.Equal(MultiplayerError.Ok, peer.CreateServer());
        Assert.True(peer.HasPeer(2));
        Assert.Equal(1, peer.UniqueId);
        Finish();
    }
}
