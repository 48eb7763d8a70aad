using System.Net;

namespace MeshActors.WebRtc.Ice;

// Events, raised at the end of the call that caused them.
public sealed partial class IceAgent
{
    private readonly List<PendingEvent> _events = [];
    private bool _flushing;

    /// <summary>The connection state changed.</summary>
    public event Action<IceConnectionState>? StateChanged;

    /// <summary>The gathering state changed; <see cref="IceGatheringState.Complete"/> means end-of-candidates can be signalled.</summary>
    public event Action<IceGatheringState>? GatheringStateChanged;

    /// <summary>A local candidate was added or gathered (host, server-reflexive): signal it to the peer (trickle).</summary>
    public event Action<IceCandidate>? LocalCandidateGathered;

    /// <summary>The selected pair changed (null when the last valid pair failed).</summary>
    public event Action<IceCandidatePair?>? SelectedPairChanged;

    /// <summary>The role changed after a conflict (RFC 8445 §7.3.1.1).</summary>
    public event Action<IceRole>? RoleChanged;

    /// <summary>A check came from an address no remote candidate names: a peer-reflexive candidate was learned.</summary>
    public event Action<IceCandidate>? RemotePeerReflexiveCandidate;

    /// <summary>
    /// A remote address became validated on a socket (an authenticated check from it, or an
    /// authenticated answer): a single-port mux routes that address's datagrams to this agent from now on.
    /// </summary>
    public event Action<int, IPEndPoint>? RemoteEndPointValidated;

    private void Raise(EventKind kind, object? payload, int value = 0) => _events.Add(new PendingEvent(kind, payload, value));

    private void FlushEvents()
    {
        if (_flushing || _events.Count == 0)
        {
            return;
        }
        _flushing = true;
        try
        {
            // Handlers may call back into the agent and cause more events; they are appended and raised here.
            for (var i = 0; i < _events.Count; i++)
            {
                var e = _events[i];
                switch (e.Kind)
                {
                    case EventKind.State:
                        StateChanged?.Invoke((IceConnectionState)e.Value);
                        break;
                    case EventKind.Gathering:
                        GatheringStateChanged?.Invoke((IceGatheringState)e.Value);
                        break;
                    case EventKind.LocalCandidate:
                        LocalCandidateGathered?.Invoke((IceCandidate)e.Payload!);
                        break;
                    case EventKind.SelectedPair:
                        SelectedPairChanged?.Invoke((IceCandidatePair?)e.Payload);
                        break;
                    case EventKind.Role:
                        RoleChanged?.Invoke((IceRole)e.Value);
                        break;
                    case EventKind.RemotePeerReflexive:
                        RemotePeerReflexiveCandidate?.Invoke((IceCandidate)e.Payload!);
                        break;
                    case EventKind.RemoteValidated:
                        var pair = (IceCandidatePair)e.Payload!;
                        RemoteEndPointValidated?.Invoke(pair.LocalSocket, pair.RemoteEndPoint);
                        break;
                }
            }
        }
        finally
        {
            _events.Clear();
            _flushing = false;
        }
    }

    private enum EventKind
    {
        State,
        Gathering,
        LocalCandidate,
        SelectedPair,
        Role,
        RemotePeerReflexive,
        RemoteValidated,
    }

    private readonly record struct PendingEvent(EventKind Kind, object? Payload, int Value);
}
