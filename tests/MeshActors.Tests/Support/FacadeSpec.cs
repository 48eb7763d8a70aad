using MeshActors.Multiplayer;
using Xunit.Abstractions;

namespace MeshActors.Tests.Support;

/// <summary>Facade specs over the peer seam's test double, on the TestKit's actor system.</summary>
public abstract class FacadeSpec : MeshSpec
{
    private readonly List<WebRtcMultiplayerPeer> _peers = [];

    protected FacadeSpec(string? config = null, ITestOutputHelper? output = null)
        : base(config, output)
    {
    }

    /// <summary>A facade on the TestKit's system, disposed by <see cref="Finish"/>.</summary>
    internal WebRtcMultiplayerPeer NewPeer(WireProfile profile = WireProfile.Raw)
    {
        var peer = new WebRtcMultiplayerPeer(Sys, new WebRtcMultiplayerPeerOptions { WireProfile = profile });
        _peers.Add(peer);
        return peer;
    }

    /// <summary>Adds a fresh test link as <paramref name="peerId"/> and waits until its actor runs.</summary>
    internal FakePeerLink AddLink(WebRtcMultiplayerPeer peer, int peerId, int unreliableLifetime = 1, FakePeerLink? link = null)
    {
        link ??= new FakePeerLink($"peer {peerId}");
        Assert.Equal(MultiplayerError.Ok, peer.AddPeerLink(link, peerId, unreliableLifetime));
        AwaitCondition(() => link.Started.IsCompleted, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(1));
        return link;
    }

    /// <summary>Opens the link and polls until the facade reports the peer connected.</summary>
    internal void Connect(WebRtcMultiplayerPeer peer, int peerId, FakePeerLink link)
    {
        link.OpenAll();
        PollUntil(peer, () => peer.IsPeerConnected(peerId));
    }

    /// <summary>Polls until <paramref name="condition"/> holds.</summary>
    internal void PollUntil(WebRtcMultiplayerPeer peer, Func<bool> condition) =>
        AwaitCondition(() =>
        {
            peer.Poll();
            return condition();
        }, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(1));

    /// <summary>Waits (without polling) until the mesh has left <paramref name="count"/> events for Poll.</summary>
    internal void WaitForPendingEvents(WebRtcMultiplayerPeer peer, int count) =>
        AwaitCondition(() => peer.PendingEventCount >= count, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(1));

    /// <summary>Records PeerConnected as "+id" and PeerDisconnected as "-id".</summary>
    internal static List<string> Record(WebRtcMultiplayerPeer peer)
    {
        var log = new List<string>();
        peer.PeerConnected += (_, e) => log.Add($"+{e.PeerId}");
        peer.PeerDisconnected += (_, e) => log.Add($"-{e.PeerId}");
        return log;
    }

    /// <summary>Takes every available packet as (peer, channel, mode, bytes), reading the metadata first.</summary>
    internal static List<(int Peer, int Channel, TransferMode Mode, byte[] Data)> Drain(WebRtcMultiplayerPeer peer)
    {
        var packets = new List<(int, int, TransferMode, byte[])>();
        while (peer.GetAvailablePacketCount() > 0)
        {
            var from = peer.GetPacketPeer();
            var channel = peer.GetPacketChannel();
            var mode = peer.GetPacketMode();
            Assert.Equal(MultiplayerError.Ok, peer.GetPacket(out var data));
            packets.Add((from, channel, mode, data.ToArray()));
        }
        return packets;
    }

    /// <summary>Disposes every facade, then checks that no actor is left and nothing went to dead letters.</summary>
    internal void Finish()
    {
        foreach (var peer in _peers)
        {
            peer.Dispose();
        }
        _peers.Clear();
        AssertClean();
    }
}
