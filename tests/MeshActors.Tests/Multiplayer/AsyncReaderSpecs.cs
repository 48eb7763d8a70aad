using MeshActors.Multiplayer;
using MeshActors.Tests.Support;

namespace MeshActors.Tests.Multiplayer;

public class AsyncReaderSpecs : FacadeSpec
{
    [Fact]
    public async Task Read_all_yields_peer_events_then_packets_and_wakes_when_new_ones_arrive()
    {
        var peer = NewPeer();
        peer.CreateMesh(9);
        var link = AddLink(peer, 2);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var reader = peer.ReadAllAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);
        var next = reader.MoveNextAsync().AsTask();
        Assert.False(next.IsCompleted); // nothing yet: it waits
        link.OpenAll();
        Assert.True(await next);
        Assert.Equal("PeerConnected(2)", reader.Current.ToString());
        link.Deliver(1, [5, 6]);
        Assert.True(await reader.MoveNextAsync());
        var packet = reader.Current;
        Assert.Equal((MultiplayerEventKind.Packet, 2, 0, TransferMode.UnreliableOrdered), (packet.Kind, packet.PeerId, packet.Channel, packet.Mode));
        Assert.Equal([5, 6], packet.Packet.ToArray());
        link.SetConnectionState(MeshActors.Peers.LinkConnectionState.Closed);
        Assert.True(await reader.MoveNextAsync());
        Assert.Equal("PeerDisconnected(2)", reader.Current.ToString());
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await reader.MoveNextAsync());
        await reader.DisposeAsync();
        Finish();
    }

    [Fact]
    public async Task Only_one_reader_at_a_time()
    {
        var peer = NewPeer();
        peer.CreateMesh(9);
        AddLink(peer, 2);
        using var cancel = new CancellationTokenSource();
        await using (var first = peer.ReadAllAsync(cancel.Token).GetAsyncEnumerator(cancel.Token))
        {
            var pending = first.MoveNextAsync();
            await using var second = peer.ReadAllAsync().GetAsyncEnumerator();
            await Assert.ThrowsAsync<InvalidOperationException>(async () => await second.MoveNextAsync());
            cancel.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await pending);
        }
        await using var third = peer.ReadAllAsync(new CancellationTokenSource(TimeSpan.FromMilliseconds(20)).Token).GetAsyncEnumerator();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await third.MoveNextAsync()); // free again
        Finish();
    }

    [Fact]
    public async Task Read_all_ends_when_the_peer_is_disposed()
    {
        var peer = NewPeer();
        peer.CreateMesh(9);
        await using var reader = peer.ReadAllAsync().GetAsyncEnumerator();
        var next = reader.MoveNextAsync().AsTask();
        Assert.False(next.IsCompleted);
        await peer.DisposeAsync();
        Assert.False(await next.WaitAsync(TimeSpan.FromSeconds(10)));
        Finish();
    }
}
