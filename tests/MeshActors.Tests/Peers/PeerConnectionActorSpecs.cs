using Akka.Actor;
using Akka.TestKit;
using MeshActors.Multiplayer;
using MeshActors.Peers;
using MeshActors.Tests.Support;

namespace MeshActors.Tests.Peers;

public class PeerConnectionActorSpecs : MeshSpec
{
    private static readonly PeerSettings Settings = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(250));

    public PeerConnectionActorSpecs()
        : base(VirtualTime)
    {
    }

    private sealed class NullSink : IPeerMessageSink
    {
        public List<(int Channel, byte[] Data)> Messages { get; } = [];

        public void OnMessage(int channel, ReadOnlySpan<byte> message)
        {
            lock (Messages)
            {
                Messages.Add((channel, message.ToArray()));
            }
        }
    }

    /// <summary>A peer actor under a probe acting as its parent.</summary>
    private (TestProbe Parent, IActorRef Peer, FakePeerLink Link) Spawn(int channels = 3, NullSink? sink = null)
    {
        var link = new FakePeerLink();
        Assert.True(link.TryCreateChannels(ChannelSpec.Layout(new TransferMode[channels - 3], 1)));
        var parent = CreateTestProbe();
        var peer = parent.ChildActorOf(PeerConnectionActor.Props(link, sink ?? new NullSink(), 7, 42, Settings));
        AwaitCondition(() => link.Started.IsCompleted, TimeSpan.FromSeconds(10));
        return (parent, peer, link);
    }

    private void Finish(TestProbe parent, IActorRef peer, FakePeerLink link)
    {
        StopAndWait(peer);
        Assert.True(link.IsDisposed);
        parent.ExpectNoMsg(TimeSpan.FromMilliseconds(20));
        AssertClean();
    }

    [Fact]
    public void Becomes_connected_only_when_the_connection_is_connected_and_every_channel_is_open()
    {
        var (parent, peer, link) = Spawn(channels: 4);
        link.SetConnectionState(LinkConnectionState.Connecting);
        link.SetConnectionState(LinkConnectionState.Connected);
        link.SetChannelState(0, LinkChannelState.Open);
        link.SetChannelState(1, LinkChannelState.Open);
        link.SetChannelState(2, LinkChannelState.Open);
        parent.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        link.SetChannelState(3, LinkChannelState.Open);
        Assert.Equal(new PeerBecameConnected(7, 42), parent.ExpectMsg<PeerBecameConnected>());
        Finish(parent, peer, link);
    }

    [Fact]
    public void Walks_new_connecting_connected_closed_as_behaviours()
    {
        var link = new FakePeerLink();
        link.TryCreateChannels(ChannelSpec.Layout([], 1));
        var parent = CreateTestProbe();
        var actor = ActorOfAsTestActorRef<PeerConnectionActor>(PeerConnectionActor.Props(link, new NullSink(), 7, 1, Settings), parent);
        Assert.Equal(PeerActorState.New, actor.UnderlyingActor.State);
        link.SetConnectionState(LinkConnectionState.Connecting);
        Assert.Equal(PeerActorState.Connecting, actor.UnderlyingActor.State);
        link.OpenAll();
        Assert.Equal(PeerActorState.Connected, actor.UnderlyingActor.State);
        parent.ExpectMsg<PeerBecameConnected>();
        link.SetConnectionState(LinkConnectionState.Failed);
        Assert.Equal(PeerActorState.Closed, actor.UnderlyingActor.State);
        Assert.Equal(PeerLostReason.ConnectionFailed, parent.ExpectMsg<PeerLost>().Reason);
        Finish(parent, actor, link);
    }

    [Fact]
    public void Graceful_close_goes_through_closing_and_reports_the_peer_lost_once_closed()
    {
        var link = new FakePeerLink();
        link.TryCreateChannels(ChannelSpec.Layout([], 1));
        var parent = CreateTestProbe();
        var actor = ActorOfAsTestActorRef<PeerConnectionActor>(PeerConnectionActor.Props(link, new NullSink(), 7, 1, Settings), parent);
        link.OpenAll();
        parent.ExpectMsg<PeerBecameConnected>();
        actor.Tell(ClosePeer.Instance);
        Assert.Equal(1, link.CloseCalls);
        Assert.Equal(PeerLostReason.Disconnected, parent.ExpectMsg<PeerLost>().Reason);
        Assert.Equal(PeerActorState.Closed, actor.UnderlyingActor.State);
        Finish(parent, actor, link);
    }

    [Theory]
    [InlineData((int)LinkConnectionState.Disconnected, PeerLostReason.ConnectionDisconnected)]
    [InlineData((int)LinkConnectionState.Failed, PeerLostReason.ConnectionFailed)]
    [InlineData((int)LinkConnectionState.Closed, PeerLostReason.ConnectionClosed)]
    public void Is_lost_when_the_connection_leaves_new_connecting_and_connected(int connectionState, PeerLostReason reason)
    {
        var state = (LinkConnectionState)connectionState;
        var (parent, peer, link) = Spawn();
        link.OpenAll();
        parent.ExpectMsg<PeerBecameConnected>();
        link.SetConnectionState(state);
        Assert.Equal(new PeerLost(7, 42, reason), parent.ExpectMsg<PeerLost>());
        Finish(parent, peer, link);
    }

    [Theory]
    [InlineData((int)LinkChannelState.Closing)]
    [InlineData((int)LinkChannelState.Closed)]
    public void Is_lost_when_any_channel_is_closing_or_closed(int channelState)
    {
        var state = (LinkChannelState)channelState;
        var (parent, peer, link) = Spawn(channels: 5);
        link.OpenAll();
        parent.ExpectMsg<PeerBecameConnected>();
        link.SetChannelState(4, state);
        Assert.Equal(PeerLostReason.ChannelClosed, parent.ExpectMsg<PeerLost>().Reason);
        Finish(parent, peer, link);
    }

    [Fact]
    public void Transient_ice_disconnected_loses_the_peer_at_once_as_godot_does()
    {
        var (parent, peer, link) = Spawn();
        link.OpenAll();
        parent.ExpectMsg<PeerBecameConnected>();
        link.SetConnectionState(LinkConnectionState.Disconnected);
        parent.ExpectMsg<PeerLost>();
        link.SetConnectionState(LinkConnectionState.Connected); // ICE recovered: too late
        parent.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Finish(parent, peer, link);
    }

    [Fact]
    public void A_closed_channel_is_not_looked_at_while_the_connection_is_still_connecting()
    {
        var (parent, peer, link) = Spawn();
        link.SetConnectionState(LinkConnectionState.Connecting);
        link.SetChannelState(2, LinkChannelState.Closed);
        parent.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        link.SetConnectionState(LinkConnectionState.Connected);
        Assert.Equal(PeerLostReason.ChannelClosed, parent.ExpectMsg<PeerLost>().Reason);
        Finish(parent, peer, link);
    }

    [Fact]
    public void A_peer_that_never_connects_fails_at_the_connect_timeout()
    {
        var (parent, peer, link) = Spawn();
        link.SetConnectionState(LinkConnectionState.Connecting);
        Scheduler.Advance(Settings.ConnectTimeout - TimeSpan.FromMilliseconds(1));
        parent.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Scheduler.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(PeerLostReason.ConnectTimeout, parent.ExpectMsg<PeerLost>().Reason);
        Assert.Equal(1, link.CloseCalls);
        Finish(parent, peer, link);
    }

    [Fact]
    public void A_connection_closed_without_an_event_is_noticed_at_the_next_state_check()
    {
        var (parent, peer, link) = Spawn();
        link.OpenAll();
        parent.ExpectMsg<PeerBecameConnected>();
        link.SetConnectionStateSilently(LinkConnectionState.Closed);
        parent.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Scheduler.Advance(Settings.StateCheckInterval);
        Assert.Equal(PeerLostReason.ConnectionClosed, parent.ExpectMsg<PeerLost>().Reason);
        Finish(parent, peer, link);
    }

    [Fact]
    public void The_connect_timeout_is_cancelled_once_connected()
    {
        var (parent, peer, link) = Spawn();
        link.OpenAll();
        parent.ExpectMsg<PeerBecameConnected>();
        Scheduler.Advance(Settings.ConnectTimeout * 2);
        parent.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Assert.Equal(0, link.CloseCalls);
        Finish(parent, peer, link);
    }

    [Fact]
    public void A_graceful_close_that_never_completes_is_cut_short_at_the_close_timeout()
    {
        var stuck = new StuckOnClose();
        var parent = CreateTestProbe();
        var peer = parent.ChildActorOf(PeerConnectionActor.Props(stuck, new NullSink(), 8, 43, Settings));
        AwaitCondition(() => stuck.Inner.Started.IsCompleted, TimeSpan.FromSeconds(10));
        stuck.Inner.OpenAll();
        parent.ExpectMsg<PeerBecameConnected>();
        peer.Tell(ClosePeer.Instance);
        parent.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Scheduler.Advance(Settings.CloseTimeout);
        Assert.Equal(PeerLostReason.Disconnected, parent.ExpectMsg<PeerLost>().Reason);
        Finish(parent, peer, stuck.Inner);
    }

    [Fact]
    public void Received_messages_go_to_the_sink_without_the_mailbox()
    {
        var sink = new NullSink();
        var (parent, peer, link) = Spawn(sink: sink);
        link.OpenAll();
        parent.ExpectMsg<PeerBecameConnected>();
        link.Deliver(1, [1, 2, 3]);
        lock (sink.Messages)
        {
            Assert.Equal(1, Assert.Single(sink.Messages).Channel); // delivered synchronously
        }
        Finish(parent, peer, link);
    }

    [Fact]
    public void Stopping_the_actor_disposes_the_link_and_late_transport_events_are_not_dead_letters()
    {
        var (parent, peer, link) = Spawn();
        link.OpenAll();
        parent.ExpectMsg<PeerBecameConnected>();
        StopAndWait(peer);
        Assert.True(link.IsDisposed);
        link.SetChannelState(0, LinkChannelState.Closed); // after the stop
        AssertClean();
    }

    /// <summary>A link whose Close has no effect (the connection never reports closed).</summary>
    private sealed class StuckOnClose : IPeerLink
    {
        public StuckOnClose()
        {
            Inner = new FakePeerLink("stuck");
            Inner.TryCreateChannels(ChannelSpec.Layout([], 1));
        }

        public FakePeerLink Inner { get; }

        public LinkConnectionState ConnectionState => Inner.ConnectionState;

        public int ChannelCount => Inner.ChannelCount;

        public object Connection => Inner;

        public IReadOnlyList<object> Channels => Inner.Channels;

        public LinkChannelState GetChannelState(int channel) => Inner.GetChannelState(channel);

        public bool TryCreateChannels(IReadOnlyList<ChannelSpec> channels) => true;

        public void Start(IPeerLinkObserver observer) => Inner.Start(observer);

        public MultiplayerError Send(int channel, ReadOnlySpan<byte> message) => Inner.Send(channel, message);

        public void Close()
        {
            // the close request is lost
        }

        public Task<LinkStatistics> GetStatisticsAsync() => Task.FromResult(default(LinkStatistics));

        public void Dispose() => Inner.Dispose();
    }
}
