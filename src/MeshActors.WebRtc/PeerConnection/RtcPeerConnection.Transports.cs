using System.Net;
using MeshActors.WebRtc.Dtls;
using MeshActors.WebRtc.Ice;
using MeshActors.WebRtc.Net;

namespace MeshActors.WebRtc;

public sealed partial class RtcPeerConnection
{
    private IceTransport? _ice;
    private EarlyDatagramBridge? _bridge;
    private DtlsConnection? _dtls;

    /// <summary>The ICE transport, once a description created it (statistics and tests; use it on <see cref="Executor"/>).</summary>
    internal IceTransport? IceTransport => _ice;

    /// <summary>The DTLS connection, once the roles are known (statistics and tests).</summary>
    internal DtlsConnection? DtlsConnection => _dtls;

    private void EnsureIce(IceRole role)
    {
        if (_ice is not null)
        {
            return;
        }
        var policy = _configuration.HostCandidates;
        IReadOnlyList<IPAddress>? addresses = _configuration.IceTransportPolicy == RtcIceTransportPolicy.Relay
            ? []
            : policy == RtcHostCandidatePolicy.LoopbackOnly ? [IPAddress.Loopback] : null;
        var options = new IceTransportOptions
        {
            Role = role,
            LocalParameters = _localIce,
            StunServers = _stunServers,
            IncludeLoopback = policy == RtcHostCandidatePolicy.All,
            EnableIPv6 = _configuration.EnableIPv6,
            LocalAddresses = addresses,
            PublicAddresses = _configuration.PublicAddresses,
            MinPort = _configuration.MinPort,
            MaxPort = _configuration.MaxPort,
            Mux = _configuration.SharedPort,
            HostNameResolver = _configuration.HostNameResolver,
            Agent = _configuration.IceOptions,
        };
        var ice = new IceTransport(_network, options, Executor);
        ice.StateChanged += OnIceStateChanged;
        ice.GatheringStateChanged += OnIceGatheringStateChanged;
        ice.LocalCandidateGathered += OnLocalCandidate;
        _ice = ice;
        _bridge = new EarlyDatagramBridge(ice);
    }

    /// <summary>Creates the DTLS connection in <paramref name="role"/>; it starts once ICE is connected.</summary>
    private void StartDtls(DtlsRole role)
    {
        if (_dtls is not null || _bridge is null || _remote is null)
        {
            return;
        }
        var options = new DtlsOptions
        {
            Certificate = Certificate,
            RemoteFingerprints = _remote.Fingerprints,
            HandshakeTimeout = _configuration.DtlsHandshakeTimeout,
            HandshakeScheduler = _configuration.DtlsHandshakeScheduler,
            TimeProvider = _network.Time,
        };
        _dtls = new DtlsConnection(_bridge, Executor, role, options);
        _dtls.StateChanged += OnDtlsStateChanged;
        if (_ice!.State is Ice.IceConnectionState.Connected or Ice.IceConnectionState.Completed)
        {
            _dtls.Start();
        }
    }

    private void OnIceStateChanged(Ice.IceConnectionState state)
    {
        if (SignalingState == RtcSignalingState.Closed)
        {
            return;
        }
        var mapped = ToRtc(state);
        if (state is Ice.IceConnectionState.Connected or Ice.IceConnectionState.Completed)
        {
            _dtls?.Start();
        }
        if (mapped != IceConnectionState)
        {
            IceConnectionState = mapped;
            Raise(IceConnectionStateChanged, mapped);
        }
        UpdateConnectionState();
    }

    /// <summary>Maps the agent's state by name, so reordering either enum cannot silently remap it.</summary>
    private static RtcIceConnectionState ToRtc(Ice.IceConnectionState state) => state switch
    {
        Ice.IceConnectionState.New => RtcIceConnectionState.New,
        Ice.IceConnectionState.Checking => RtcIceConnectionState.Checking,
        Ice.IceConnectionState.Connected => RtcIceConnectionState.Connected,
        Ice.IceConnectionState.Completed => RtcIceConnectionState.Completed,
        Ice.IceConnectionState.Disconnected => RtcIceConnectionState.Disconnected,
        Ice.IceConnectionState.Failed => RtcIceConnectionState.Failed,
        _ => RtcIceConnectionState.Closed,
    };

    private void OnDtlsStateChanged(DtlsConnectionState state)
    {
        if (SignalingState == RtcSignalingState.Closed)
        {
            return;
        }
        if (state == DtlsConnectionState.Connected)
        {
            OnDtlsConnected();
        }
        else if (state is DtlsConnectionState.Closed or DtlsConnectionState.Failed)
        {
            OnDtlsEnded();
        }
        UpdateConnectionState();
    }

    private void OnIceGatheringStateChanged(Ice.IceGatheringState state)
    {
        if (SignalingState == RtcSignalingState.Closed)
        {
            return;
        }
        var mapped = (RtcIceGatheringState)(int)state;
        if (mapped == IceGatheringState)
        {
            return;
        }
        IceGatheringState = mapped;
        if (mapped == RtcIceGatheringState.Complete)
        {
            _localGatheringComplete = true;
            Raise(IceCandidate, new RtcIceCandidate(null, _mid, _mLineIndex, _localIce.UsernameFragment));
        }
        Raise(IceGatheringStateChanged, mapped);
    }

    private void OnLocalCandidate(Ice.IceCandidate candidate)
    {
        if (SignalingState == RtcSignalingState.Closed)
        {
            return;
        }
        var text = candidate.ToString();
        _localCandidates.Add(text.StartsWith("candidate:", StringComparison.Ordinal) ? text["candidate:".Length..] : text);
        Raise(IceCandidate, new RtcIceCandidate(candidate, _mid, _mLineIndex, _localIce.UsernameFragment));
    }

    /// <summary>Recomputes <see cref="ConnectionState"/> from ICE and DTLS (W3C WebRTC §4.3.3, RTCPeerConnectionState).</summary>
    private void UpdateConnectionState()
    {
        var next = Aggregate(IceConnectionState, DtlsState);
        if (next == ConnectionState || SignalingState == RtcSignalingState.Closed)
        {
            return;
        }
        ConnectionState = next;
        Raise(ConnectionStateChanged, next);
    }

    /// <summary>The W3C aggregation of one ICE transport and one DTLS transport.</summary>
    internal static RtcPeerConnectionState Aggregate(RtcIceConnectionState ice, DtlsConnectionState dtls)
    {
        if (ice == RtcIceConnectionState.Failed || dtls == DtlsConnectionState.Failed)
        {
            return RtcPeerConnectionState.Failed;
        }
        if (ice == RtcIceConnectionState.Disconnected)
        {
            return RtcPeerConnectionState.Disconnected;
        }
        var iceIdle = ice is RtcIceConnectionState.New or RtcIceConnectionState.Closed;
        var dtlsIdle = dtls is DtlsConnectionState.New or DtlsConnectionState.Closed;
        if (iceIdle && dtlsIdle)
        {
            return RtcPeerConnectionState.New;
        }
        if (ice is RtcIceConnectionState.Connected or RtcIceConnectionState.Completed or RtcIceConnectionState.Closed
            && dtls is DtlsConnectionState.Connected or DtlsConnectionState.Closed)
        {
            return RtcPeerConnectionState.Connected;
        }
        return RtcPeerConnectionState.Connecting;
    }

    /// <summary>
    /// Sits between ICE and DTLS: keeps DTLS datagrams that arrive before the DTLS connection exists (an answerer's
    /// ClientHello can overtake the answer on its way to the offerer) and hands them over when DTLS takes the path.
    /// </summary>
    private sealed class EarlyDatagramBridge : IDatagramTransport, IDatagramReceiver
    {
        /// <summary>At most this many early datagrams are kept (a DTLS client's first flight is one or two).</summary>
        private const int MaxEarly = 8;

        private readonly IceTransport _ice;
        private IDatagramReceiver? _upper;
        private List<byte[]>? _early;

        public EarlyDatagramBridge(IceTransport ice)
        {
            _ice = ice;
            ice.SetReceiver(this);
        }

        public int MaxDatagramSize => _ice.MaxDatagramSize;

        public bool Send(ReadOnlySpan<byte> datagram) => _ice.Send(datagram);

        public void SetReceiver(IDatagramReceiver receiver)
        {
            _upper = receiver;
            if (_early is { } early)
            {
                _early = null;
                foreach (var datagram in early)
                {
                    receiver.OnDatagram(datagram);
                }
            }
        }

        public void OnDatagram(ReadOnlySpan<byte> datagram)
        {
            if (_upper is { } upper)
            {
                upper.OnDatagram(datagram);
                return;
            }
            _early ??= [];
            if (_early.Count < MaxEarly)
            {
                _early.Add(datagram.ToArray());
            }
        }
    }
}
