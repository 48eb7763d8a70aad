using MeshActors.Multiplayer;
using MeshActors.Peers;
using MeshActors.Tests.Support;

namespace MeshActors.Tests.Multiplayer;

/// <summary>reference/godot.md §1.4, §1.10, §1.11.</summary>
public class PeerTableSpecs : FacadeSpec
{
    [Fact]
    public void Remove_peer_erases_the_peer_before_raising_peer_disconnected()
    {
        var peer = NewPeer();
        peer.CreateMesh(9);
        var link = AddLink(peer, 2);
        Connect(peer, 2, link);
        bool? presentDuringEvent = null;
        peer.PeerDisconnected += (_, e) => presentDuringEvent = peer.HasPeer(e.PeerId);
        Assert.True(peer.RemovePeer(2));
        Assert.False(presentDuringEvent);
        AwaitCondition(() => link.IsDisposed, TimeSpan.FromSeconds(10));
        Finish();
    }

    [Fact]
    public void Remove_peer_of_a_peer_never_connected_raises_nothing()
    {
        var peer = NewPeer();
        peer.CreateMesh(9);
        var log = Record(peer);
        AddLink(peer, 2);
        Assert.True(peer.RemovePeer(2));
        peer.Poll();
        Assert.Empty(log);
        Finish();
    }

    [Fact]
    public void Removing_a_clients_server_raises_the_event_first_then_the_client_is_disconnected()
    {
        var peer = NewPeer();
        peer.CreateClient(5);
        var link = AddLink(peer, 1);
        Connect(peer, 1, link);
        ConnectionStatus? statusDuringEvent = null;
        peer.PeerDisconnected += (_, _) => statusDuringEvent = peer.ConnectionStatus;
        peer.RemovePeer(1);
        Assert.Equal(ConnectionStatus.Connected, statusDuringEvent);
        Assert.Equal(ConnectionStatus.Disconnected, peer.ConnectionStatus);
        Finish();
    }

    [Fact]
    public void Remove_peer_of_an_unknown_id_returns_false()
    {
        var peer = NewPeer();
        peer.CreateMesh(9);
        Assert.False(peer.RemovePeer(2));
        Finish();
    }

    [Fact]
    public void Has_peer_is_true_for_a_peer_not_yet_connected_and_peers_keep_insertion_order()
    {
        var peer = NewPeer();
        peer.CreateServer();
        AddLink(peer, 8);
        AddLink(peer, 3);
        AddLink(peer, 5);
        Assert.True(peer.HasPeer(3));
        Assert.False(peer.IsPeerConnected(3));
        Assert.Equal([8, 3, 5], peer.GetPeerIds());
        peer.RemovePeer(8);
        AddLink(peer, 8);
        Assert.Equal([3, 5, 8], peer.GetPeerIds());
        Finish();
    }

    [Fact]
    public void Forced_disconnect_removes_the_peer_at_once_without_an_event()
    {
        var peer = NewPeer();
        peer.CreateMesh(9);
        var log = Record(peer);
        var link = AddLink(peer, 2);
        Connect(peer, 2, link);
        Assert.True(peer.DisconnectPeer(2, force: true));
        Assert.False(peer.HasPeer(2));
        AwaitCondition(() => link.IsDisposed, TimeSpan.FromSeconds(10));
        peer.Poll();
        Assert.Equal(["+2"], log);
        Finish();
    }

    [Fact]
    public void Forced_disconnect_of_a_clients_server_makes_it_disconnected_without_an_event()
    {
        var peer = NewPeer();
        peer.CreateClient(5);
        var log = Record(peer);
        var link = AddLink(peer, 1);
        Connect(peer, 1, link);
        peer.DisconnectPeer(1, force: true);
        Assert.Equal(ConnectionStatus.Disconnected, peer.ConnectionStatus);
        Assert.Equal(["+1"], log);
        Finish();
    }

    [Fact]
    public void Graceful_disconnect_closes_the_connection_and_the_next_poll_removes_it_with_an_event()
    {
        var peer = NewPeer();
        peer.CreateMesh(9);
        var log = Record(peer);
        var link = AddLink(peer, 2);
        Connect(peer, 2, link);
        Assert.True(peer.DisconnectPeer(2));
        Assert.True(peer.HasPeer(2)); // until the next poll
        peer.Poll();
        Assert.False(peer.HasPeer(2));
        Assert.Equal(["+2", "-2"], log);
        AwaitCondition(() => link.CloseCalls == 1, TimeSpan.FromSeconds(10));
        Finish();
    }

    [Fact]
    public void Disconnecting_an_unknown_peer_returns_false()
    {
        var peer = NewPeer();
        peer.CreateMesh(9);
        Assert.False(peer.DisconnectPeer(4));
        Assert.False(peer.DisconnectPeer(4, force: true));
        Finish();
    }

    [Fact]
    public void Close_clears_the_peers_silently_and_resets_id_target_mode_and_status()
    {
        var peer = NewPeer();
        peer.CreateMesh(9, [TransferMode.Reliable]);
        var log = Record(peer);
        var a = AddLink(peer, 2);
        var b = AddLink(peer, 3);
        Connect(peer, 2, a);
        peer.TargetPeer = -3;
        peer.Close();
        Assert.Empty(peer.GetPeerIds());
        Assert.Equal((NetworkMode.None, ConnectionStatus.Disconnected, 0), (peer.Mode, peer.ConnectionStatus, peer.TargetPeer));
        Assert.Equal((0, 0), (peer.GetPacketPeer(), peer.GetPacketChannel()));
        Assert.Equal(["+2"], log);
        AwaitCondition(() => a.IsDisposed && b.IsDisposed, TimeSpan.FromSeconds(10));
        Assert.Equal(MultiplayerError.Ok, peer.CreateMesh(4));
        Assert.Equal(3, AddLink(peer, 2).Specs!.Count); // the extra channel list was cleared
        Finish();
    }

    [Fact]
    public void Close_keeps_transfer_mode_transfer_channel_and_refusal()
    {
        var peer = NewPeer();
        peer.CreateServer();
        peer.TransferMode = TransferMode.Unreliable;
        peer.TransferChannel = 2;
        peer.RefuseNewConnections = true;
        peer.Close();
        Assert.Equal((TransferMode.Unreliable, 2, true), (peer.TransferMode, peer.TransferChannel, peer.RefuseNewConnections));
        Finish();
    }

    [Fact]
    public void Disposing_stops_the_actors_and_closes_every_connection()
    {
        var peer = NewPeer();
        peer.CreateServer();
        var a = AddLink(peer, 2);
        var b = AddLink(peer, 3);
        Connect(peer, 2, a);
        peer.Dispose();
        Assert.True(a.IsDisposed);
        Assert.True(b.IsDisposed);
        Assert.Empty(UserActors());
        Assert.Throws<ObjectDisposedException>(() => peer.Poll());
        Finish();
    }

    [Fact]
    public async Task A_peer_given_no_actor_system_creates_its_own_and_terminates_it_on_dispose()
    {
        var peer = new WebRtcMultiplayerPeer();
        peer.CreateMesh(3);
        var link = new FakePeerLink();
        Assert.Equal(MultiplayerError.Ok, peer.AddPeerLink(link, 2, 1));
        await link.Started.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotSame(Sys, peer.System);
        await peer.DisposeAsync();
        Assert.True(link.IsDisposed);
        Assert.True(peer.System.WhenTerminated.IsCompleted);
        AssertClean(); // the TestKit's own system was not used
    }
}
