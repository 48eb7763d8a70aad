using MeshActors.Multiplayer;
using MeshActors.Peers;
using MeshActors.Tests.Support;

namespace MeshActors.Tests.Multiplayer;

/// <summary>The facade reads meshactors.* from the caller's actor system, over the library's defaults.</summary>
public class ConfigurationSpecs() : FacadeSpec(VirtualTime + "\nmeshactors.peer.connect-timeout = 2s")
{
    [Fact]
    public void The_connect_timeout_comes_from_the_callers_hocon()
    {
        var peer = NewPeer();
        peer.CreateMesh(3);
        var log = Record(peer);
        var link = AddLink(peer, 2);
        link.SetConnectionState(LinkConnectionState.Connecting);
        Scheduler.Advance(TimeSpan.FromMilliseconds(1900));
        peer.Poll();
        Assert.True(peer.HasPeer(2));
        Scheduler.Advance(TimeSpan.FromMilliseconds(100));
        PollUntil(peer, () => !peer.HasPeer(2));
        Assert.Empty(log); // it never connected: it leaves without an event
        Assert.Equal(1, link.CloseCalls);
        Finish();
    }

    [Fact]
    public void Library_defaults_fill_in_what_the_caller_did_not_set()
    {
        var settings = PeerSettings.From(MeshActorsConfig.WithDefaults(Sys.Settings.Config));
        Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(250)),
            (settings.ConnectTimeout, settings.CloseTimeout, settings.StateCheckInterval));
        Finish();
    }
}
