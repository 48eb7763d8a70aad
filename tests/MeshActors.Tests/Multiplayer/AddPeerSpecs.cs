using MeshActors.Multiplayer;
using MeshActors.Peers;
using MeshActors.Tests.Support;

namespace MeshActors.Tests.Multiplayer;

/// <summary>reference/godot.md §1.3.</summary>
public class AddPeerSpecs : FacadeSpec
{
    private static FakePeerLink Fresh() => new();

    [Fact]
    public void Add_peer_checks_mode_id_lifetime_refusal_connection_and_state_in_godots_order()
    {
        var peer = NewPeer();
        Assert.Equal(MultiplayerError.Unconfigured, peer.AddPeerLink(null, -5, -1)); // 1. mode none wins over everything
        peer.CreateClient(4);
        Assert.Equal(MultiplayerError.InvalidParameter, peer.AddPeerLink(Fresh(), 2, 1)); // 2. a client adds only peer 1
        peer.CreateServer();
        Assert.Equal(MultiplayerError.InvalidParameter, peer.AddPeerLink(Fresh(), 1, 1)); // 3. a server cannot add peer 1
        Assert.Equal(MultiplayerError.InvalidParameter, peer.AddPeerLink(Fresh(), 0, 1)); // 4. id range
        Assert.Equal(MultiplayerError.InvalidParameter, peer.AddPeerLink(Fresh(), 2, -1)); // 5. lifetime ≥ 0
        peer.RefuseNewConnections = true;
        Assert.Equal(MultiplayerError.InvalidParameter, peer.AddPeerLink(null, 2, -1)); // 5 before 6
        Assert.Equal(MultiplayerError.Unauthorized, peer.AddPeerLink(null, 2, 1)); // 6 before 7
        peer.RefuseNewConnections = false;
        var error = Assert.Throws<ArgumentNullException>(() => peer.AddPeerLink(null, 2, 1)); // 7. a null connection is a programming error
        Assert.Equal("peer", error.ParamName);
        var started = Fresh();
        started.SetConnectionState(LinkConnectionState.Connecting);
        Assert.Equal(MultiplayerError.InvalidParameter, peer.AddPeerLink(started, 2, 1)); // 8. only new connections
        Assert.Null(started.Specs);
        Assert.Equal(MultiplayerError.Ok, peer.AddPeerLink(Fresh(), 2, 0)); // a zero lifetime is allowed
        Assert.False(peer.HasPeer(1));
        Finish();
    }

    [Fact]
    public void Add_peer_creates_negotiated_channels_1_2_3_with_the_unreliable_lifetime_on_2_and_3()
    {
        var peer = NewPeer();
        peer.CreateServer();
        var link = AddLink(peer, 2, unreliableLifetime: 40);
        Assert.Equal(
            [
                new ChannelSpec("reliable", 1, true, null, TransferMode.Reliable),
                new ChannelSpec("ordered", 2, true, 40, TransferMode.UnreliableOrdered),
                new ChannelSpec("unreliable", 3, false, 40, TransferMode.Unreliable),
            ],
            link.Specs);
        Finish();
    }

    [Fact]
    public void Add_peer_fails_when_a_channel_cannot_be_created_and_adds_nothing()
    {
        var peer = NewPeer();
        peer.CreateServer();
        Assert.Equal(MultiplayerError.Failed, peer.AddPeerLink(new FakePeerLink { FailChannelCreation = true }, 2, 1));
        Assert.False(peer.HasPeer(2));
        Finish();
    }

    [Fact]
    public void Add_peer_with_an_existing_id_replaces_it_in_place_without_any_event()
    {
        var peer = NewPeer();
        peer.CreateMesh(9);
        var log = Record(peer);
        AddLink(peer, 2);
        var old = AddLink(peer, 3);
        AddLink(peer, 4);
        Connect(peer, 3, old);
        Assert.Equal(["+3"], log);
        var replacement = AddLink(peer, 3);
        peer.Poll();
        Assert.Equal([2, 3, 4], peer.GetPeerIds());
        Assert.Same(replacement, peer.GetPeerLink(3));
        Assert.False(peer.IsPeerConnected(3));
        AwaitCondition(() => old.IsDisposed, TimeSpan.FromSeconds(10));
        peer.Poll();
        Assert.Equal(["+3"], log);
        Finish();
    }

    [Fact]
    public void Add_peer_accepts_the_own_id_and_makes_no_duplicate_check_in_mesh_mode()
    {
        var peer = NewPeer();
        peer.CreateMesh(5);
        AddLink(peer, 5);
        Assert.True(peer.HasPeer(5));
        Finish();
    }
}
