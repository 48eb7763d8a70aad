using MeshActors.Multiplayer;
using MeshActors.Peers;
using MeshActors.Tests.Support;

namespace MeshActors.Tests.Multiplayer;

/// <summary>reference/godot.md §1.5.</summary>
public class PollSpecs : FacadeSpec
{
    [Fact]
    public void Poll_with_an_empty_table_does_nothing()
    {
        var peer = NewPeer();
        peer.CreateMesh(9);
        var log = Record(peer);
        peer.Poll();
        Assert.Empty(log);
        Assert.Equal(0, peer.GetAvailablePacketCount());
        Finish();
    }

    [Fact]
    public void A_peer_is_connected_when_its_connection_is_connected_and_every_channel_is_open()
    {
        var peer = NewPeer();
        peer.CreateMesh(9, [TransferMode.Reliable]);
        var log = Record(peer);
        var link = AddLink(peer, 2);
        link.SetConnectionState(LinkConnectionState.Connecting);
        link.SetConnectionState(LinkConnectionState.Connected);
        for (var i = 0; i < 3; i++)
        {
            link.SetChannelState(i, LinkChannelState.Open);
        }
        peer.Poll();
        Assert.False(peer.IsPeerConnected(2)); // extra channel 1 (stream 4) still connecting
        link.SetChannelState(3, LinkChannelState.Open);
        PollUntil(peer, () => log.Count > 0);
        Assert.Equal(["+2"], log);
        Assert.True(peer.IsPeerConnected(2));
        Finish();
    }

    [Fact]
    public void The_connected_event_is_raised_inside_poll_on_the_callers_thread()
    {
        var peer = NewPeer();
        peer.CreateMesh(9);
        var threads = new List<int>();
        peer.PeerConnected += (_, _) => threads.Add(Environment.CurrentManagedThreadId);
        var link = AddLink(peer, 2);
        link.OpenAll();
        WaitForPendingEvents(peer, 1);
        Assert.Empty(threads); // nothing happens between polls
        peer.Poll();
        Assert.Equal([Environment.CurrentManagedThreadId], threads);
        Finish();
    }

    [Fact]
    public void A_connected_peer_whose_connection_fails_leaves_at_the_next_poll_with_an_event()
    {
        var peer = NewPeer();
        peer.CreateMesh(9);
        var log = Record(peer);
        var link = AddLink(peer, 2);
        Connect(peer, 2, link);
        link.SetConnectionState(LinkConnectionState.Failed);
        PollUntil(peer, () => !peer.HasPeer(2));
        Assert.Equal(["+2", "-2"], log);
        Finish();
    }

    [Fact]
    public void A_connected_peer_with_a_closing_channel_leaves_with_an_event()
    {
        var peer = NewPeer();
        peer.CreateMesh(9);
        var log = Record(peer);
        var link = AddLink(peer, 2);
        Connect(peer, 2, link);
        link.SetChannelState(2, LinkChannelState.Closing);
        PollUntil(peer, () => !peer.HasPeer(2));
        Assert.Equal(["+2", "-2"], log);
        Finish();
    }

    [Fact]
    public void A_peer_lost_before_it_was_seen_connected_leaves_without_any_event()
    {
        var peer = NewPeer();
        peer.CreateMesh(9);
        var log = Record(peer);
        var link = AddLink(peer, 2);
        link.OpenAll();
        link.SetConnectionState(LinkConnectionState.Closed);
        // The mesh reports it connected then lost (or only lost), all before the poll; it disposes the link after.
        AwaitCondition(() => link.IsDisposed, TimeSpan.FromSeconds(10));
        Assert.InRange(peer.PendingEventCount, 1, 2);
        peer.Poll();
        Assert.False(peer.HasPeer(2));
        Assert.Empty(log);
        Finish();
    }

    [Fact]
    public void Removals_are_applied_before_arrivals_each_in_table_order()
    {
        var peer = NewPeer();
        peer.CreateMesh(9);
        var log = Record(peer);
        var a = AddLink(peer, 2);
        var b = AddLink(peer, 3);
        var c = AddLink(peer, 4);
        var d = AddLink(peer, 5);
        Connect(peer, 3, b);
        Connect(peer, 5, d);
        log.Clear();
        c.OpenAll();
        d.SetConnectionState(LinkConnectionState.Failed);
        a.OpenAll();
        b.SetConnectionState(LinkConnectionState.Failed);
        WaitForPendingEvents(peer, 4);
        peer.Poll();
        Assert.Equal(["-3", "-5", "+2", "+4"], log);
        Finish();
    }

    [Fact]
    public void A_client_becomes_connected_with_its_server()
    {
        var peer = NewPeer();
        peer.CreateClient(5);
        var log = Record(peer);
        var link = AddLink(peer, 1);
        peer.Poll();
        Assert.Equal(ConnectionStatus.Connecting, peer.ConnectionStatus);
        Connect(peer, 1, link);
        Assert.Equal(ConnectionStatus.Connected, peer.ConnectionStatus);
        Assert.Equal(["+1"], log);
        Finish();
    }

    [Fact]
    public void A_client_whose_server_fails_before_connecting_stays_connecting_without_an_event()
    {
        var peer = NewPeer();
        peer.CreateClient(5);
        var log = Record(peer);
        var link = AddLink(peer, 1);
        link.SetConnectionState(LinkConnectionState.Connecting);
        link.SetConnectionState(LinkConnectionState.Failed);
        PollUntil(peer, () => !peer.HasPeer(1));
        Assert.Equal(ConnectionStatus.Connecting, peer.ConnectionStatus); // Godot 4.1+: no failure signal from this class
        Assert.Empty(log);
        Finish();
    }

    [Fact]
    public void A_client_whose_connected_server_is_lost_becomes_disconnected()
    {
        var peer = NewPeer();
        peer.CreateClient(5);
        var log = Record(peer);
        var link = AddLink(peer, 1);
        Connect(peer, 1, link);
        link.SetConnectionState(LinkConnectionState.Disconnected);
        PollUntil(peer, () => !peer.HasPeer(1));
        Assert.Equal(ConnectionStatus.Disconnected, peer.ConnectionStatus);
        Assert.Equal(["+1", "-1"], log);
        Finish();
    }

    [Fact]
    public void Events_about_a_replaced_peer_do_not_touch_its_replacement()
    {
        var peer = NewPeer();
        peer.CreateMesh(9);
        var log = Record(peer);
        var old = AddLink(peer, 2);
        old.OpenAll();
        WaitForPendingEvents(peer, 1);
        AddLink(peer, 2);
        peer.Poll();
        Assert.False(peer.IsPeerConnected(2));
        Assert.Empty(log);
        Finish();
    }
}
