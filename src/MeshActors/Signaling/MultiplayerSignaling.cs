using System.Collections.Concurrent;
using MeshActors.Multiplayer;
using MeshActors.WebRtc;
using MeshActors.WebRtc.Sdp;

namespace MeshActors.Signaling;

/// <summary>
/// Joins a lobby of a webrtc_signaling server and drives a <see cref="WebRtcMultiplayerPeer"/> from it, as Godot's demo
/// client (<c>multiplayer_client.gd</c>) does: on ID it creates a mesh (mesh lobby), a server (id 1) or a client; on
/// PEER_CONNECT it adds a new <see cref="RtcPeerConnection"/> and, when the new peer's id is lower than its own, offers
/// (so the lobby's creator never offers); it answers offers, applies answers and candidates, removes peers on
/// PEER_DISCONNECT, and closes the peer if signaling ends before the lobby was sealed.
/// </summary>
/// <example>
/// <code>
/// await using var peer = new WebRtcMultiplayerPeer();
/// await using var signaling = await MultiplayerSignaling.JoinAsync(new Uri("ws://127.0.0.1:9080/"), lobby: "", mesh: true, peer);
/// while (running)
/// {
///     signaling.Poll();
///     peer.Poll();
///     while (peer.TryGetPacket(out var packet)) { /* ... */ }
/// }
/// </code>
/// </example>
/// <remarks>
/// <para><b>Threading.</b> Signaling messages arrive on a background task; <see cref="Poll"/> applies them to the peer on
/// the caller's thread — call it from the thread that polls the peer. Its events are raised inside <see cref="Poll"/>.
/// Offers, answers and candidates are produced by the connections' own threads and sent from there (the peer is not
/// touched).</para>
/// <para><b>Ordering.</b> Local candidates of a peer are sent only after its offer or answer; remote candidates that
/// arrive before the remote offer or answer are held until it is applied.</para>
/// </remarks>
public sealed class MultiplayerSignaling : IAsyncDisposable
{
    private readonly SignalingClient _client;
    private readonly MultiplayerSignalingOptions _options;
    private readonly Dictionary<int, PeerSignaling> _signaling = [];
    private readonly ConcurrentQueue<Exception> _errors = new();
    private bool _sealed;
    private bool _closed;

    private MultiplayerSignaling(SignalingClient client, WebRtcMultiplayerPeer peer, MultiplayerSignalingOptions options)
    {
        _client = client;
        Peer = peer;
        _options = options;
    }

    /// <summary>The id was assigned and the peer created (inside <see cref="Poll"/>).</summary>
    public event EventHandler<SignalingEvent.IdAssigned>? IdAssigned;

    /// <summary>The join completed; the lobby's name is known (inside <see cref="Poll"/>).</summary>
    public event EventHandler<SignalingEvent.LobbyJoined>? LobbyJoined;

    /// <summary>The host sealed the lobby (inside <see cref="Poll"/>).</summary>
    public event EventHandler? LobbySealed;

    /// <summary>The signaling connection ended (inside <see cref="Poll"/>); the peer was closed unless the lobby was sealed.</summary>
    public event EventHandler<SignalingEvent.Closed>? Closed;

    /// <summary>An offer, answer or candidate could not be applied or sent (inside <see cref="Poll"/>).</summary>
    public event EventHandler<Exception>? Error;

    /// <summary>The peer this signaling drives.</summary>
    public WebRtcMultiplayerPeer Peer { get; }

    /// <summary>The signaling connection (for <see cref="SignalingClient.SealAsync"/> and diagnostics).</summary>
    public SignalingClient Client => _client;

    /// <summary>The lobby's name once joined (null before).</summary>
    public string? Lobby { get; private set; }

    /// <summary>This peer's id once assigned (0 before).</summary>
    public int PeerId { get; private set; }

    /// <summary>True once the lobby was sealed.</summary>
    public bool IsSealed => _sealed;

    /// <summary>True once the signaling connection ended.</summary>
    public bool IsClosed => _closed;

    /// <summary>
    /// Connects to <paramref name="server"/> and asks to join <paramref name="lobby"/> ("" creates a lobby whose host
    /// this peer becomes; <paramref name="mesh"/> chooses its kind). <paramref name="peer"/> must not be created yet:
    /// the lobby decides its mode and id. Progress is applied by <see cref="Poll"/>.
    /// </summary>
    public static async Task<MultiplayerSignaling> JoinAsync(
        Uri server, string lobby, bool mesh, WebRtcMultiplayerPeer peer, MultiplayerSignalingOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(lobby);
        ArgumentNullException.ThrowIfNull(peer);
        options ??= new MultiplayerSignalingOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.UnreliableLifetime, nameof(options));
        if (peer.ConnectionStatus != ConnectionStatus.Disconnected)
        {
            throw new InvalidOperationException("The peer is already created: the lobby decides its mode and id, so give a peer that was never created (or was closed).");
        }
        var client = await SignalingClient.ConnectAsync(server, options.MaxMessageBytes, cancellationToken).ConfigureAwait(false);
        try
        {
            await client.JoinAsync(lobby, mesh, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return new MultiplayerSignaling(client, peer, options);
    }

    /// <summary>Seals the lobby (host only): no more joins; peers stay connected after the server closes signaling.</summary>
    public Task SealAsync(CancellationToken cancellationToken = default) => _client.SealAsync(cancellationToken);

    /// <summary>Applies every signaling message received so far to <see cref="Peer"/>; call it each tick, before <c>Peer.Poll()</c>.</summary>
    public void Poll()
    {
        while (_client.Events.TryRead(out var signalingEvent))
        {
            Apply(signalingEvent);
        }
        while (_errors.TryDequeue(out var error))
        {
            Error?.Invoke(this, error);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await _client.DisposeAsync().ConfigureAwait(false);

    private void Apply(SignalingEvent signalingEvent)
    {
        switch (signalingEvent)
        {
            case SignalingEvent.IdAssigned id:
                PeerId = id.PeerId;
                var created = id.Mesh ? Peer.CreateMesh(id.PeerId, _options.ChannelsConfig)
                    : id.PeerId == 1 ? Peer.CreateServer(_options.ChannelsConfig)
                    : Peer.CreateClient(id.PeerId, _options.ChannelsConfig);
                if (created != MultiplayerError.Ok)
                {
                    _errors.Enqueue(new InvalidOperationException($"Creating the peer as {id} failed: {created}."));
                }
                IdAssigned?.Invoke(this, id);
                break;
            case SignalingEvent.LobbyJoined joined:
                Lobby = joined.Lobby;
                LobbyJoined?.Invoke(this, joined);
                break;
            case SignalingEvent.PeerConnected connected:
                AddPeer(connected.PeerId);
                break;
            case SignalingEvent.PeerDisconnected disconnected:
                _signaling.Remove(disconnected.PeerId);
                if (Peer.HasPeer(disconnected.PeerId))
                {
                    Peer.RemovePeer(disconnected.PeerId);
                }
                break;
            case SignalingEvent.OfferReceived offer:
                if (Lookup(offer.PeerId) is { } offered)
                {
                    offered.ApplyRemote(new RtcSessionDescription(SdpType.Offer, offer.Sdp));
                }
                break;
            case SignalingEvent.AnswerReceived answer:
                if (Lookup(answer.PeerId) is { } answered)
                {
                    answered.ApplyRemote(new RtcSessionDescription(SdpType.Answer, answer.Sdp));
                }
                break;
            case SignalingEvent.CandidateReceived candidate:
                Lookup(candidate.PeerId)?.ApplyCandidate(candidate.Candidate);
                break;
            case SignalingEvent.LobbySealed:
                _sealed = true;
                LobbySealed?.Invoke(this, EventArgs.Empty);
                break;
            case SignalingEvent.Closed closed:
                _closed = true;
                _signaling.Clear();
                if (!_sealed && Peer.ConnectionStatus != ConnectionStatus.Disconnected)
                {
                    // Godot's demo: signaling lost before the seal ends the session.
                    Peer.Close();
                }
                Closed?.Invoke(this, closed);
                break;
        }
    }

    /// <summary>The signaling state of a peer still in the table (the demo ignores messages for unknown peers).</summary>
    private PeerSignaling? Lookup(int peerId) =>
        _signaling.TryGetValue(peerId, out var signaling) && Peer.HasPeer(peerId) ? signaling : null;

    private void AddPeer(int peerId)
    {
        var connection = new RtcPeerConnection(_options.Configuration);
        var signaling = new PeerSignaling(this, peerId, connection);
        var added = Peer.AddPeer(connection, peerId, _options.UnreliableLifetime);
        if (added != MultiplayerError.Ok)
        {
            // As in Godot, a refused peer is simply not connected (e.g. a client told of a non-host peer).
            _ = connection.DisposeAsync().AsTask();
            _errors.Enqueue(new InvalidOperationException($"AddPeer({peerId}) failed: {added}."));
            return;
        }
        _signaling[peerId] = signaling;
        if (peerId < PeerId)
        {
            signaling.Offer();
        }
    }

    /// <summary>
    /// One remote peer's signaling: local candidates wait until the local description was sent; remote candidates wait
    /// until a remote description was requested; remote operations run one after another.
    /// </summary>
    private sealed class PeerSignaling
    {
        private readonly MultiplayerSignaling _owner;
        private readonly int _peerId;
        private readonly RtcPeerConnection _connection;
        private readonly object _gate = new();
        private List<RtcIceCandidate>? _localPending = [];
        private List<SignalingCandidate>? _remotePending = [];
        private Task _remoteChain = Task.CompletedTask;
        private Task _sendChain = Task.CompletedTask;

        public PeerSignaling(MultiplayerSignaling owner, int peerId, RtcPeerConnection connection)
        {
            _owner = owner;
            _peerId = peerId;
            _connection = connection;
            connection.IceCandidate += OnLocalCandidate;
        }

        /// <summary>Creates and sends the offer (this side has the higher id).</summary>
        public void Offer() => _remoteChain = Chain(_remoteChain, async () =>
        {
            var offer = await _connection.CreateOfferAsync().ConfigureAwait(false);
            await _connection.SetLocalDescriptionAsync(offer).ConfigureAwait(false);
            await SendDescriptionAsync(offer).ConfigureAwait(false);
        });

        /// <summary>Applies an offer (then answers) or an answer; held remote candidates follow it.</summary>
        public void ApplyRemote(RtcSessionDescription description)
        {
            _remoteChain = Chain(_remoteChain, async () =>
            {
                await _connection.SetRemoteDescriptionAsync(description).ConfigureAwait(false);
                if (description.Type == SdpType.Offer)
                {
                    var answer = await _connection.CreateAnswerAsync().ConfigureAwait(false);
                    await _connection.SetLocalDescriptionAsync(answer).ConfigureAwait(false);
                    await SendDescriptionAsync(answer).ConfigureAwait(false);
                }
            });
            if (_remotePending is { } pending)
            {
                _remotePending = null;
                foreach (var candidate in pending)
                {
                    ApplyCandidate(candidate);
                }
            }
        }

        public void ApplyCandidate(SignalingCandidate candidate)
        {
            if (_remotePending is { } pending)
            {
                pending.Add(candidate);
                return;
            }
            _remoteChain = Chain(_remoteChain, () =>
                _connection.AddIceCandidateAsync(new RtcIceCandidateInit(candidate.Candidate, candidate.Mid, candidate.MLineIndex)));
        }

        private async Task SendDescriptionAsync(RtcSessionDescription description)
        {
            if (description.Type == SdpType.Offer)
            {
                await _owner._client.SendOfferAsync(_peerId, description.Sdp).ConfigureAwait(false);
            }
            else
            {
                await _owner._client.SendAnswerAsync(_peerId, description.Sdp).ConfigureAwait(false);
            }
            List<RtcIceCandidate> pending;
            lock (_gate)
            {
                pending = _localPending ?? [];
                _localPending = null;
            }
            foreach (var candidate in pending)
            {
                SendCandidate(candidate);
            }
        }

        private void OnLocalCandidate(RtcIceCandidate candidate)
        {
            if (candidate.IsEndOfCandidates)
            {
                return; // the demo protocol has no end-of-candidates message
            }
            lock (_gate)
            {
                if (_localPending is { } pending)
                {
                    pending.Add(candidate);
                    return;
                }
            }
            SendCandidate(candidate);
        }

        private void SendCandidate(RtcIceCandidate candidate)
        {
            lock (_gate)
            {
                _sendChain = Chain(_sendChain, () =>
                    _owner._client.SendCandidateAsync(_peerId, new SignalingCandidate(candidate.SdpMid, candidate.SdpMLineIndex, candidate.Candidate)));
            }
        }

        private Task Chain(Task previous, Func<Task> next) =>
            previous.ContinueWith(async _ =>
            {
                try
                {
                    await next().ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    _owner._errors.Enqueue(new InvalidOperationException($"Signaling with peer {_peerId} failed: {e.Message}", e));
                }
            }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
    }
}
