using MeshActors.Peers;
using MeshActors.WebRtc;

namespace MeshActors.Tests.Peers;

public sealed class RtcPeerLinkTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Close_returns_while_the_connections_executor_is_busy_and_the_connection_closes_after_it()
    {
        await using var connection = new RtcPeerConnection();
        var link = new RtcPeerLink(connection);
        using var busy = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        connection.Executor.Post(() =>
        {
            busy.Set();
            release.Wait(Hang);
        });
        Assert.True(busy.Wait(Hang));

        // An actor thread calling Close must not wait for the executor (that is what starves the pool when many close).
        await Task.Run(link.Close).WaitAsync(Hang);
        Assert.NotEqual(LinkConnectionState.Closed, link.ConnectionState);

        var observer = new ClosedObserver();
        link.Start(observer);
        release.Set();
        await observer.Closed.WaitAsync(Hang);
        Assert.Equal(LinkConnectionState.Closed, link.ConnectionState);
    }

    [Fact]
    public async Task Close_on_an_idle_connection_has_closed_it_on_return()
    {
        await using var connection = new RtcPeerConnection();
        var link = new RtcPeerLink(connection);

        link.Close();

        Assert.Equal(LinkConnectionState.Closed, link.ConnectionState);
    }

    /// <summary>Completes when the link reports its connection closed.</summary>
    private sealed class ClosedObserver : IPeerLinkObserver
    {
        private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Closed => _closed.Task;

        public void OnConnectionStateChanged(LinkConnectionState state)
        {
            if (state == LinkConnectionState.Closed)
            {
                _closed.TrySetResult();
            }
        }

        public void OnChannelStateChanged(int channel, LinkChannelState state)
        {
        }

        public void OnMessage(int channel, ReadOnlySpan<byte> message)
        {
        }
    }
}
