using MeshActors.Peers;
using MeshActors.WebRtc;

namespace MeshActors.Multiplayer;

public sealed partial class WebRtcMultiplayerPeer
{
    /// <summary>
    /// Adds a peer (§1.3). Checks, in Godot's order: created (<see cref="MultiplayerError.Unconfigured"/>); a
    /// client adds only peer 1 and a server never adds peer 1; id in 1..2147483647; lifetime ≥ 0 (these give
    /// <see cref="MultiplayerError.InvalidParameter"/>); <see cref="RefuseNewConnections"/>
    /// (<see cref="MultiplayerError.Unauthorized"/>); <paramref name="peer"/> not null (throws); its state new
    /// (<see cref="MultiplayerError.InvalidParameter"/>). Then Godot's negotiated channels are created on it, in
    /// order: "reliable" (stream 1), "ordered" (2) and "unreliable" (3, unordered), then extra channels 4, 5, …;
    /// <see cref="MultiplayerError.Failed"/> if one cannot be. An existing peer with the same id is replaced in
    /// place, silently. Create the offer or apply the remote offer after this call.
    /// </summary>
    /// <param name="peer">A new connection; from now on its channels and its life belong to this mesh.</param>
    /// <param name="peerId">The remote peer's id.</param>
    /// <param name="unreliableLifetime">
    /// Milliseconds that channels "ordered" and "unreliable" retransmit a message before giving up (RFC 3758
    /// timed reliability). Godot asks for this and, through a misspelt option, never gets it; here it applies.
    /// </param>
    public MultiplayerError AddPeer(RtcPeerConnection peer, int peerId, int unreliableLifetime = 1) =>
        AddPeerLink(peer is null ? null : new RtcPeerLink(peer), peerId, unreliableLifetime, nameof(peer));

    /// <summary>The peer's connection, channels and connected flag, or null when absent (Godot prints an error, §1.4).</summary>
    public PeerInfo? GetPeer(int peerId)
    {
        ThrowIfDisposed();
        return _peers.TryGetValue(peerId, out var slot) ? ToInfo(slot) : null;
    }

    /// <summary>Every peer in the table, in insertion order (§1.4).</summary>
    public IReadOnlyList<PeerInfo> GetPeers()
    {
        ThrowIfDisposed();
        var peers = new List<PeerInfo>(_peers.Count);
        for (var node = _peers.First; node is not null; node = node.Next)
        {
            peers.Add(ToInfo(node.Value));
        }
        return peers;
    }

    private static PeerInfo ToInfo(Slot slot)
    {
        if (slot.Link is not RtcPeerLink link)
        {
            throw new InvalidOperationException($"Peer {slot.PeerId} was not added with an RtcPeerConnection.");
        }
        return new PeerInfo(slot.PeerId, (RtcPeerConnection)link.Connection, link.DataChannels, slot.Connected);
    }

}
