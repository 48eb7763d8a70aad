namespace MeshActors.Multiplayer;

public sealed partial class WebRtcMultiplayerPeer
{
    /// <summary>Relay announcements that arrived before peer 1 was connected; applied once it is.</summary>
    private readonly List<PendingEvent> _deferredRelayEvents = [];
    private readonly List<int> _removeScratch = [];
    private readonly List<int> _addScratch = [];
    private bool _polling;

    /// <summary>
    /// Applies what happened since the last call and raises the events, on the caller's thread
    /// (§1.5): with no peer it returns at once; otherwise peers found lost (connection disconnected,
    /// failed or closed, a channel closing or closed, the connect timeout, a graceful disconnect) are
    /// removed in table order, raising <see cref="PeerDisconnected"/> for those that were connected;
    /// then peers found connected are marked and <see cref="PeerConnected"/> is raised in table order
    /// (a client becomes connected with peer 1); then, if no packet is pending, the next one is looked
    /// up. A peer that was lost before it was ever seen connected leaves with no event.
    /// </summary>
    public void Poll()
    {
        ThrowIfDisposed();
        if (_peers.Count == 0)
        {
            while (_signals.Events.TryDequeue(out _))
            {
                // about peers that are gone
            }
            _deferredRelayEvents.Clear();
            return;
        }
        var nested = _polling;
        _polling = true;
        var remove = nested ? [] : _removeScratch;
        var add = nested ? [] : _addScratch;
        remove.Clear();
        add.Clear();
        try
        {
            List<PendingEvent>? relayEvents = null;
            while (_signals.Events.TryDequeue(out var pending))
            {
                switch (pending.Kind)
                {
                    case PendingKind.Connected when TryGetSlot(pending.PeerId, pending.Incarnation, out var slot):
                        slot.PendingConnected = true;
                        break;
                    case PendingKind.Lost when TryGetSlot(pending.PeerId, pending.Incarnation, out var slot):
                        slot.PendingLost = true;
                        break;
                    case PendingKind.RelayedAdded or PendingKind.RelayedRemoved:
                        (relayEvents ??= []).Add(pending);
                        break;
                }
            }
            // Step 2: one walk in table order decides who leaves and who joins, as Godot's poll does.
            for (var node = _peers.First; node is not null; node = node.Next)
            {
                var slot = node.Value;
                if (slot.PendingLost || slot.CloseRequested)
                {
                    remove.Add(node.Key);
                }
                else if (slot.PendingConnected && !slot.Connected)
                {
                    slot.Connected = true;
                    add.Add(node.Key);
                }
            }
            // Step 3: removals first.
            foreach (var peerId in remove)
            {
                RemovePeerCore(peerId);
                if (_nextPacketPeer == peerId)
                {
                    _nextPacketPeer = 0;
                }
            }
            // Step 4: then arrivals.
            foreach (var peerId in add)
            {
                if (Mode == NetworkMode.Client)
                {
                    if (peerId != MultiplayerRules.ServerId)
                    {
                        continue; // cannot happen: a client only adds peer 1
                    }
                    ConnectionStatus = ConnectionStatus.Connected;
                }
                RaisePeerConnected(peerId);
            }
            ApplyRelayEvents(relayEvents);
            // Step 5.
            if (_nextPacketPeer == 0)
            {
                FindNextPeer();
            }
        }
        finally
        {
            _polling = nested;
        }
    }

    /// <summary>
    /// SceneMultiplayer client: ADD_PEER / DEL_PEER from peer 1 become <see cref="PeerConnected"/> /
    /// <see cref="PeerDisconnected"/> for the relayed peer, once peer 1 itself is connected.
    /// </summary>
    private void ApplyRelayEvents(List<PendingEvent>? arrived)
    {
        if (_deferredRelayEvents.Count == 0 && arrived is null)
        {
            return;
        }
        if (arrived is not null)
        {
            _deferredRelayEvents.AddRange(arrived);
        }
        if (!_peers.TryGetValue(MultiplayerRules.ServerId, out var server) || Mode != NetworkMode.Client)
        {
            _deferredRelayEvents.Clear();
            return;
        }
        if (!server.Connected)
        {
            for (var i = _deferredRelayEvents.Count - 1; i >= 0; i--)
            {
                if (_deferredRelayEvents[i].Incarnation != server.Incarnation)
                {
                    _deferredRelayEvents.RemoveAt(i); // about a previous connection to the server
                }
            }
            return; // wait for peer 1
        }
        var events = _deferredRelayEvents.ToArray();
        _deferredRelayEvents.Clear();
        foreach (var relayEvent in events)
        {
            if (relayEvent.Incarnation != server.Incarnation || relayEvent.PeerId <= MultiplayerRules.ServerId || relayEvent.PeerId == _uniqueId)
            {
                continue;
            }
            if (relayEvent.Kind == PendingKind.RelayedAdded)
            {
                if (!_relayedPeers.Contains(relayEvent.PeerId))
                {
                    _relayedPeers.Add(relayEvent.PeerId);
                    RaisePeerConnected(relayEvent.PeerId);
                }
            }
            else if (_relayedPeers.Remove(relayEvent.PeerId))
            {
                RaisePeerDisconnected(relayEvent.PeerId);
            }
        }
    }

    private bool TryGetSlot(int peerId, long incarnation, out Slot slot) =>
        _peers.TryGetValue(peerId, out slot!) && slot.Incarnation == incarnation;

    private void RaisePeerConnected(int peerId)
    {
        _asyncEvents?.Enqueue(MultiplayerEvent.ForPeer(MultiplayerEventKind.PeerConnected, peerId));
        PeerConnected?.Invoke(this, new PeerEventArgs(peerId));
    }

    private void RaisePeerDisconnected(int peerId)
    {
        _asyncEvents?.Enqueue(MultiplayerEvent.ForPeer(MultiplayerEventKind.PeerDisconnected, peerId));
        PeerDisconnected?.Invoke(this, new PeerEventArgs(peerId));
    }

    /// <summary>
    /// §1.6: pass 1 walks from the entry after the current next peer to the end; pass 2 from the start
    /// up to and including that entry. The first connected peer with a packet wins, and within it the
    /// first non-empty channel in list order: one packet per peer in turn, strict priority by channel.
    /// </summary>
    private void FindNextPeer()
    {
        var previous = _nextPacketPeer;
        if (previous != 0 && _peers.TryGetNode(previous, out var start))
        {
            for (var node = start.Next; node is not null; node = node.Next)
            {
                if (TrySelect(node.Key, node.Value))
                {
                    return;
                }
            }
        }
        for (var node = _peers.First; node is not null; node = node.Next)
        {
            if (TrySelect(node.Key, node.Value))
            {
                return;
            }
            if (node.Key == previous)
            {
                break;
            }
        }
        _nextPacketPeer = 0;
        _nextPacketChannel = 0;
        _nextPacketSource = 0;
        _nextPacketCommand = default;
    }

    private bool TrySelect(int peerId, Slot slot)
    {
        if (!slot.Connected)
        {
            return false;
        }
        var channels = slot.Inbox.Channels;
        for (var i = 0; i < channels.Length; i++)
        {
            if (channels[i].TryPeek(out var head))
            {
                _nextPacketPeer = peerId;
                _nextPacketChannel = i;
                _nextPacketSource = head.Source;
                _nextPacketCommand = head.Command;
                return true;
            }
        }
        return false;
    }
}
