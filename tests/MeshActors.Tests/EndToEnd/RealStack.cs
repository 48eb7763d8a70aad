using MeshActors.Multiplayer;
using MeshActors.WebRtc;

namespace MeshActors.Tests.EndToEnd;

/// <summary>
/// Wires facades together over real <see cref="RtcPeerConnection"/>s on 127.0.0.1: each side adds its connection
/// with the other's id, then offer/answer and trickle candidates go directly from one connection to the other
/// (the signaling server's job in a game). As in Godot's demo, the side with the higher id offers.
/// </summary>
internal static class RealStack
{
    public static RtcConfiguration Loopback { get; } = new() { HostCandidates = RtcHostCandidatePolicy.LoopbackOnly, EnableIPv6 = false };

    /// <summary>Adds a connection on each side and starts the negotiation; returns (a's connection, b's connection).</summary>
    public static async Task<(RtcPeerConnection A, RtcPeerConnection B)> LinkAsync(
        WebRtcMultiplayerPeer a, int aId, WebRtcMultiplayerPeer b, int bId, int unreliableLifetime = 1)
    {
        var pcA = new RtcPeerConnection(Loopback);
        var pcB = new RtcPeerConnection(Loopback);
        Assert.Equal(MultiplayerError.Ok, a.AddPeer(pcA, bId, unreliableLifetime));
        Assert.Equal(MultiplayerError.Ok, b.AddPeer(pcB, aId, unreliableLifetime));
        var (offerer, answerer) = aId > bId ? (pcA, pcB) : (pcB, pcA);
        await NegotiateAsync(offerer, answerer);
        return (pcA, pcB);
    }

    public static async Task NegotiateAsync(RtcPeerConnection offerer, RtcPeerConnection answerer)
    {
        var toAnswerer = new CandidateForwarder(offerer, answerer);
        var toOfferer = new CandidateForwarder(answerer, offerer);
        var offer = await offerer.CreateOfferAsync();
        await offerer.SetLocalDescriptionAsync(offer);
        await answerer.SetRemoteDescriptionAsync(offer);
        toAnswerer.Open();
        var answer = await answerer.CreateAnswerAsync();
        await answerer.SetLocalDescriptionAsync(answer);
        await offerer.SetRemoteDescriptionAsync(answer);
        toOfferer.Open();
    }

    /// <summary>Polls every facade until <paramref name="condition"/> holds (or fails after <paramref name="timeout"/>).</summary>
    public static async Task PollUntilAsync(IReadOnlyList<WebRtcMultiplayerPeer> peers, Func<bool> condition, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            foreach (var peer in peers)
            {
                peer.Poll();
            }
            if (condition())
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not reached in time: {what ?? "condition"}.");
            }
            await Task.Delay(1);
        }
    }

    /// <summary>Forwards local candidates of one connection to the other, once the other has a remote description.</summary>
    private sealed class CandidateForwarder
    {
        private readonly RtcPeerConnection _to;
        private readonly List<RtcIceCandidateInit> _held = [];
        private readonly object _gate = new();
        private Task _last = Task.CompletedTask;
        private bool _open;

        public CandidateForwarder(RtcPeerConnection from, RtcPeerConnection to)
        {
            _to = to;
            from.IceCandidate += candidate => Forward(candidate.ToInit());
        }

        public void Open()
        {
            lock (_gate)
            {
                _open = true;
                foreach (var candidate in _held)
                {
                    Add(candidate);
                }
                _held.Clear();
            }
        }

        private void Forward(RtcIceCandidateInit candidate)
        {
            lock (_gate)
            {
                if (_open)
                {
                    Add(candidate);
                }
                else
                {
                    _held.Add(candidate);
                }
            }
        }

        private void Add(RtcIceCandidateInit candidate) =>
            _last = _last.ContinueWith(_ => _to.AddIceCandidateAsync(candidate), TaskScheduler.Default).Unwrap();
    }
}
