using Akka.Actor;
using Akka.TestKit;
using MeshActors.Mesh;
using MeshActors.Multiplayer;
using MeshActors.Peers;
using MeshActors.Relay;
using MeshActors.Tests.Support;

namespace MeshActors.Tests.Mesh;

public class MeshActorSpecs : MeshSpec
{
    private static readonly PeerSettings Settings = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(250));

    public MeshActorSpecs()
        : base(VirtualTime)
    {
    }

    private sealed class NoSink : IPeerMessageSink
    {
        public void OnMessage(int channel, ReadOnlySpan<byte> message)
        {
        }
    }

    private (IActorRef Mesh, TestProbe Events) StartMesh(NetworkMode mode, int uniqueId, SceneRelay? relay = null)
    {
        var mesh = Sys.ActorOf(MeshActor.Props(Settings, null, relay));
        var events = CreateTestProbe();
        mesh.Tell(new SubscribeMesh(events.Ref));
        mesh.Tell(new ConfigureMesh(mode, uniqueId));
        return (mesh, events);
    }

    private FakePeerLink Add(IActorRef mesh, int peerId, long incarnation = 0, int lifetime = 1)
    {
        var link = new FakePeerLink($"peer {peerId}");
        link.TryCreateChannels(ChannelSpec.Layout([], lifetime));
        mesh.Tell(new AddMeshPeer(link, new NoSink(), peerId, incarnation == 0 ? PeerIncarnation.Next() : incarnation, lifetime), TestActor);
        Assert.Equal(MultiplayerError.Ok, ExpectMsg<AddPeerResult>().Error);
        AwaitCondition(() => link.Started.IsCompleted, TimeSpan.FromSeconds(10));
        return link;
    }

    private MeshPeerList Peers(IActorRef mesh)
    {
        mesh.Tell(GetMeshPeers.Instance, TestActor);
        return ExpectMsg<MeshPeerList>();
    }

    private static void AssertSent((int Channel, byte[] Data) sent, int channel, byte[] data)
    {
        Assert.Equal(channel, sent.Channel);
        Assert.Equal(data, sent.Data);
    }

    private void Finish(IActorRef mesh)
    {
        StopAndWait(mesh);
        AssertClean();
    }

    [Fact]
    public void Keeps_peers_in_insertion_order()
    {
        var (mesh, _) = StartMesh(NetworkMode.Mesh, 5);
        Add(mesh, 9);
        Add(mesh, 2);
        Add(mesh, 7);
        var list = Peers(mesh);
        Assert.Equal([9, 2, 7], list.Peers.Select(p => p.PeerId));
        Assert.Equal((NetworkMode.Mesh, 5), (list.Mode, list.UniqueId));
        Finish(mesh);
    }

    [Fact]
    public void Adding_an_existing_id_replaces_it_in_place_silently_and_releases_the_old_connection()
    {
        var (mesh, events) = StartMesh(NetworkMode.Mesh, 5);
        Add(mesh, 9);
        var old = Add(mesh, 2);
        Add(mesh, 7);
        var replacement = Add(mesh, 2);
        Assert.Equal([9, 2, 7], Peers(mesh).Peers.Select(p => p.PeerId));
        Assert.Same(replacement, Peers(mesh).Peers[1].Link);
        AwaitCondition(() => old.IsDisposed, TimeSpan.FromSeconds(10));
        events.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Finish(mesh);
    }

    [Fact]
    public void Add_peer_applies_godots_checks_in_order()
    {
        var mesh = Sys.ActorOf(MeshActor.Props(Settings));
        MultiplayerError Try(int peerId, int lifetime = 1)
        {
            var link = new FakePeerLink();
            link.TryCreateChannels(ChannelSpec.Layout([], 1));
            mesh.Tell(new AddMeshPeer(link, new NoSink(), peerId, PeerIncarnation.Next(), lifetime), TestActor);
            var result = ExpectMsg<AddPeerResult>().Error;
            if (result != MultiplayerError.Ok)
            {
                Assert.True(link.IsDisposed); // handed over, then released
            }
            return result;
        }
        Assert.Equal(MultiplayerError.Unconfigured, Try(0, -1));
        mesh.Tell(new ConfigureMesh(NetworkMode.Client, 4));
        Assert.Equal(MultiplayerError.InvalidParameter, Try(2));
        mesh.Tell(new ConfigureMesh(NetworkMode.Server, 1));
        Assert.Equal(MultiplayerError.InvalidParameter, Try(1));
        Assert.Equal(MultiplayerError.InvalidParameter, Try(0));
        Assert.Equal(MultiplayerError.InvalidParameter, Try(3, -1));
        mesh.Tell(new SetRefuseNewConnections(true));
        Assert.Equal(MultiplayerError.InvalidParameter, Try(-3)); // the id check comes before the refusal
        Assert.Equal(MultiplayerError.Unauthorized, Try(3));
        mesh.Tell(new SetRefuseNewConnections(false));
        Assert.Equal(MultiplayerError.Ok, Try(3));
        Finish(mesh);
    }

    [Fact]
    public void Publishes_a_peer_connected_when_its_actor_reports_it()
    {
        var (mesh, events) = StartMesh(NetworkMode.Server, 1);
        var link = Add(mesh, 2, incarnation: 500);
        link.OpenAll();
        Assert.Equal(new MeshPeerConnected(2, 500), events.ExpectMsg<MeshPeerConnected>());
        Assert.True(Peers(mesh).Peers[0].Connected);
        Finish(mesh);
    }

    [Fact]
    public void A_lost_peer_leaves_the_table_its_actor_stops_and_it_is_reported_once()
    {
        var (mesh, events) = StartMesh(NetworkMode.Mesh, 5);
        var link = Add(mesh, 2, incarnation: 600);
        link.OpenAll();
        events.ExpectMsg<MeshPeerConnected>();
        var actor = Peers(mesh).Peers[0].Actor;
        Watch(actor);
        link.SetConnectionState(LinkConnectionState.Failed);
        Assert.Equal(new MeshPeerDisconnected(2, 600, PeerLostReason.ConnectionFailed, true), events.ExpectMsg<MeshPeerDisconnected>());
        ExpectTerminated(actor);
        Assert.Empty(Peers(mesh).Peers);
        Assert.True(link.IsDisposed);
        events.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Finish(mesh);
    }

    [Fact]
    public void A_peer_that_never_connects_is_reported_lost_at_the_connect_timeout_without_having_been_connected()
    {
        var (mesh, events) = StartMesh(NetworkMode.Mesh, 5);
        var link = Add(mesh, 2, incarnation: 700);
        link.SetConnectionState(LinkConnectionState.Connecting);
        Scheduler.Advance(Settings.ConnectTimeout);
        Assert.Equal(new MeshPeerDisconnected(2, 700, PeerLostReason.ConnectTimeout, false), events.ExpectMsg<MeshPeerDisconnected>());
        Assert.Empty(Peers(mesh).Peers);
        Finish(mesh);
    }

    [Fact]
    public void A_peer_actor_that_throws_is_stopped_and_reported_while_its_siblings_and_the_mesh_carry_on()
    {
        var (mesh, events) = StartMesh(NetworkMode.Mesh, 5);
        var healthy = Add(mesh, 2);
        var broken = Add(mesh, 3, incarnation: 800);
        healthy.OpenAll();
        broken.OpenAll();
        events.ExpectMsg<MeshPeerConnected>();
        events.ExpectMsg<MeshPeerConnected>();
        var brokenActor = Peers(mesh).Peers[1].Actor;
        Watch(brokenActor);
        broken.ThrowOnStateRead = new InvalidOperationException("transport exploded");
        EventFilter.Exception<InvalidOperationException>().ExpectOne(() => broken.SetChannelState(0, LinkChannelState.Open));
        ExpectTerminated(brokenActor);
        Assert.Equal(new MeshPeerDisconnected(3, 800, PeerLostReason.Crashed, true), events.ExpectMsg<MeshPeerDisconnected>());
        Assert.True(broken.IsDisposed); // stopped, never restarted with a lost connection
        Assert.Equal([2], Peers(mesh).Peers.Select(p => p.PeerId));
        var another = Add(mesh, 4);
        another.OpenAll();
        Assert.Equal(4, events.ExpectMsg<MeshPeerConnected>().PeerId);
        Assert.False(healthy.IsDisposed);
        Finish(mesh);
    }

    [Fact]
    public void Remove_stops_the_peer_and_reports_it_removed()
    {
        var (mesh, events) = StartMesh(NetworkMode.Mesh, 5);
        var link = Add(mesh, 2, incarnation: 900);
        mesh.Tell(new RemoveMeshPeer(2));
        Assert.Equal(new MeshPeerDisconnected(2, 900, PeerLostReason.Removed, false), events.ExpectMsg<MeshPeerDisconnected>());
        AwaitCondition(() => link.IsDisposed, TimeSpan.FromSeconds(10));
        Finish(mesh);
    }

    [Fact]
    public void Remove_with_a_stale_incarnation_leaves_the_newer_peer_alone()
    {
        var (mesh, events) = StartMesh(NetworkMode.Mesh, 5);
        Add(mesh, 2, incarnation: 1000);
        var newer = Add(mesh, 2, incarnation: 1001);
        mesh.Tell(new RemoveMeshPeer(2, 1000));
        events.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Assert.Same(newer, Assert.Single(Peers(mesh).Peers).Link);
        Finish(mesh);
    }

    [Fact]
    public void Forced_disconnect_removes_at_once_and_graceful_disconnect_closes_the_connection_first()
    {
        var (mesh, events) = StartMesh(NetworkMode.Mesh, 5);
        var forced = Add(mesh, 2);
        var graceful = Add(mesh, 3);
        forced.OpenAll();
        graceful.OpenAll();
        events.ExpectMsg<MeshPeerConnected>();
        events.ExpectMsg<MeshPeerConnected>();
        mesh.Tell(new DisconnectMeshPeer(2, Force: true));
        var removed = events.ExpectMsg<MeshPeerDisconnected>();
        Assert.Equal((2, PeerLostReason.Removed), (removed.PeerId, removed.Reason));
        Assert.Equal(0, forced.CloseCalls);
        mesh.Tell(new DisconnectMeshPeer(3, Force: false));
        var closed = events.ExpectMsg<MeshPeerDisconnected>();
        Assert.Equal((3, PeerLostReason.Disconnected), (closed.PeerId, closed.Reason));
        Assert.Equal(1, graceful.CloseCalls);
        Finish(mesh);
    }

    [Fact]
    public void Close_removes_every_peer_without_events_and_unconfigures_the_mesh()
    {
        var (mesh, events) = StartMesh(NetworkMode.Mesh, 5);
        var a = Add(mesh, 2);
        var b = Add(mesh, 3);
        a.OpenAll();
        events.ExpectMsg<MeshPeerConnected>();
        mesh.Tell(CloseMesh.Instance);
        var list = Peers(mesh);
        Assert.Empty(list.Peers);
        Assert.Equal((NetworkMode.None, 0), (list.Mode, list.UniqueId));
        AwaitCondition(() => a.IsDisposed && b.IsDisposed, TimeSpan.FromSeconds(10));
        events.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Finish(mesh);
    }

    [Fact]
    public void Routes_to_one_target_to_everyone_and_to_everyone_but_one()
    {
        var (mesh, events) = StartMesh(NetworkMode.Mesh, 5);
        var links = new[] { Add(mesh, 2), Add(mesh, 3), Add(mesh, 4) };
        foreach (var link in links)
        {
            link.OpenAll();
            events.ExpectMsg<MeshPeerConnected>();
        }
        int[] Counts() => [.. links.Select(l => l.Sent.Count)];
        mesh.Tell(new SendToPeers(3, 0, new byte[] { 1 }), TestActor);
        Assert.Equal(MultiplayerError.Ok, ExpectMsg<SendResult>().Error);
        Assert.Equal([0, 1, 0], Counts());
        mesh.Tell(new SendToPeers(0, 1, new byte[] { 2 }), TestActor);
        ExpectMsg<SendResult>();
        Assert.Equal([1, 2, 1], Counts());
        mesh.Tell(new SendToPeers(-4, 2, new byte[] { 3 }), TestActor);
        ExpectMsg<SendResult>();
        Assert.Equal([2, 3, 1], Counts());
        mesh.Tell(new SendToPeers(9, 0, new byte[] { 4 }), TestActor);
        Assert.Equal(MultiplayerError.InvalidParameter, ExpectMsg<SendResult>().Error);
        mesh.Tell(new SendToPeers(2, 3, new byte[] { 5 }), TestActor);
        Assert.Equal(MultiplayerError.InvalidParameter, ExpectMsg<SendResult>().Error);
        Finish(mesh);
    }

    [Fact]
    public void A_terminated_subscriber_is_forgotten()
    {
        var (mesh, events) = StartMesh(NetworkMode.Mesh, 5);
        var subscriber = CreateTestProbe();
        mesh.Tell(new SubscribeMesh(subscriber.Ref));
        var link = Add(mesh, 2);
        link.OpenAll();
        subscriber.ExpectMsg<MeshPeerConnected>();
        events.ExpectMsg<MeshPeerConnected>();
        StopAndWait(subscriber.Ref);
        link.SetConnectionState(LinkConnectionState.Closed);
        events.ExpectMsg<MeshPeerDisconnected>(); // no dead letter for the stopped subscriber
        Finish(mesh);
    }

    [Fact]
    public void Server_exchanges_peers_on_admission_and_removal_in_the_scene_multiplayer_profile()
    {
        var relay = new SceneRelay();
        var (mesh, events) = StartMesh(NetworkMode.Server, 1, relay);
        var a = Add(mesh, 2);
        a.OpenAll();
        events.ExpectMsg<MeshPeerConnected>();
        Assert.Empty(a.Sent); // alone: nobody to introduce
        var b = Add(mesh, 3);
        b.OpenAll();
        events.ExpectMsg<MeshPeerConnected>();
        AssertSent(Assert.Single(a.Sent), 0, [7, 1, 3, 0, 0, 0]);
        AssertSent(Assert.Single(b.Sent), 0, [7, 1, 2, 0, 0, 0]);
        Assert.Equal([2, 3], relay.AdmittedIds);
        b.SetConnectionState(LinkConnectionState.Closed);
        events.ExpectMsg<MeshPeerDisconnected>();
        Assert.Equal(2, a.Sent.Count);
        AssertSent(a.Sent.Last(), 0, [7, 2, 3, 0, 0, 0]);
        Assert.Equal([2], relay.AdmittedIds);
        Finish(mesh);
    }

    [Fact]
    public void Mesh_mode_exchanges_no_peers_even_in_the_scene_multiplayer_profile()
    {
        var relay = new SceneRelay();
        var (mesh, events) = StartMesh(NetworkMode.Mesh, 1, relay);
        var a = Add(mesh, 2);
        var b = Add(mesh, 3);
        a.OpenAll();
        b.OpenAll();
        events.ExpectMsg<MeshPeerConnected>();
        events.ExpectMsg<MeshPeerConnected>();
        Assert.Empty(a.Sent);
        Assert.Empty(b.Sent);
        Assert.Empty(relay.AdmittedIds);
        Finish(mesh);
    }
}
