using MeshActors.WebRtc.Sdp;

namespace MeshActors.WebRtc.Tests.PeerConnection;

/// <summary>
/// Two connections whose signaling is wired directly: local candidates of one go to the other (held until it has
/// its remote description), and <see cref="NegotiateAsync"/> runs offer/answer.
/// </summary>
internal sealed class PeerPair : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly CandidateRelay _toAnswerer;
    private readonly CandidateRelay _toOfferer;

    public PeerPair(RtcConfiguration? offererConfig = null, RtcConfiguration? answererConfig = null,
        MeshActors.WebRtc.Net.SerialExecutor? offererExecutor = null, MeshActors.WebRtc.Net.SerialExecutor? answererExecutor = null)
    {
        var config = new RtcConfiguration { HostCandidates = RtcHostCandidatePolicy.LoopbackOnly, EnableIPv6 = false };
        Offerer = new RtcPeerConnection(offererConfig ?? config, offererExecutor);
        Answerer = new RtcPeerConnection(answererConfig ?? config, answererExecutor);
        _toAnswerer = new CandidateRelay(Offerer, Answerer);
        _toOfferer = new CandidateRelay(Answerer, Offerer);
    }

    public RtcPeerConnection Offerer { get; }

    public RtcPeerConnection Answerer { get; }

    public async Task NegotiateAsync()
    {
        var offer = await Offerer.CreateOfferAsync();
        await Offerer.SetLocalDescriptionAsync(offer);
        await Answerer.SetRemoteDescriptionAsync(offer);
        _toAnswerer.Open();
        var answer = await Answerer.CreateAnswerAsync();
        await Answerer.SetLocalDescriptionAsync(answer);
        await Offerer.SetRemoteDescriptionAsync(answer);
        _toOfferer.Open();
    }

    /// <summary>Lets candidates flow both ways (after a hand-made exchange instead of <see cref="NegotiateAsync"/>).</summary>
    public void OpenRelays()
    {
        _toAnswerer.Open();
        _toOfferer.Open();
    }

    public Task WaitConnectedAsync() => Task.WhenAll(WaitState(Offerer, RtcPeerConnectionState.Connected), WaitState(Answerer, RtcPeerConnectionState.Connected));

    public static async Task WaitState(RtcPeerConnection pc, RtcPeerConnectionState state)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChange(RtcPeerConnectionState s)
        {
            if (s == state)
            {
                reached.TrySetResult();
            }
        }
        pc.ConnectionStateChanged += OnChange;
        try
        {
            if (pc.ConnectionState == state)
            {
                return;
            }
            await reached.Task.WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{pc} did not reach {state} (DTLS error: {pc.DtlsError?.Message}).");
        }
        finally
        {
            pc.ConnectionStateChanged -= OnChange;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Offerer.DisposeAsync();
        await Answerer.DisposeAsync();
    }

    /// <summary>Forwards candidates from one side to the other in order, once the other side can take them.</summary>
    private sealed class CandidateRelay
    {
        private readonly RtcPeerConnection _to;
        private readonly List<RtcIceCandidateInit> _held = [];
        private readonly object _gate = new();
        private Task _chain = Task.CompletedTask;
        private bool _open;

        public CandidateRelay(RtcPeerConnection from, RtcPeerConnection to)
        {
            _to = to;
            from.IceCandidate += c => Forward(c.ToInit());
        }

        public void Open()
        {
            lock (_gate)
            {
                _open = true;
                foreach (var c in _held)
                {
                    Chain(c);
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
                    Chain(candidate);
                }
                else
                {
                    _held.Add(candidate);
                }
            }
        }

        private void Chain(RtcIceCandidateInit candidate) =>
            _chain = _chain.ContinueWith(_ => _to.AddIceCandidateAsync(candidate), TaskScheduler.Default).Unwrap();
    }
}
