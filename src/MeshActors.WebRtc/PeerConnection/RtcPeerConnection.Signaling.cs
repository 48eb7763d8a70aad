using MeshActors.WebRtc.Ice;
using MeshActors.WebRtc.Sdp;

namespace MeshActors.WebRtc;

public sealed partial class RtcPeerConnection
{
    private RtcSessionDescription? _lastOffer;
    private RtcSessionDescription? _lastAnswer;
    private RemoteSessionParameters? _remote;
    private SessionDescription? _remoteOffer;
    private string _mid = OfferMid;
    private int _mLineIndex;

    /// <summary>
    /// Creates an offer with one data-channel section (<c>a=setup:actpass</c>, this side's ICE credentials,
    /// fingerprint, SCTP port, <c>a=max-message-size</c> and the candidates gathered so far). Allowed in stable and
    /// have-local-offer.
    /// </summary>
    public Task<RtcSessionDescription> CreateOfferAsync() => Run(static pc => pc.CreateOfferCore());

    /// <summary>Creates the answer to the remote offer; allowed in have-remote-offer and have-local-pranswer.</summary>
    public Task<RtcSessionDescription> CreateAnswerAsync() => Run(static pc => pc.CreateAnswerCore());

    /// <summary>
    /// Sets the local description: an offer or answer this connection created (its SDP may have been edited, but
    /// not its ICE credentials or fingerprint), or a rollback of the local offer. Starts ICE gathering: the
    /// candidates are raised with <see cref="IceCandidate"/>.
    /// </summary>
    public Task SetLocalDescriptionAsync(RtcSessionDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        return Run(pc => pc.SetLocalCore(description));
    }

    /// <summary>
    /// Sets an implicitly created local description (W3C <c>setLocalDescription()</c> without argument): an answer
    /// in have-remote-offer or have-local-pranswer, otherwise an offer.
    /// </summary>
    public Task SetLocalDescriptionAsync() => Run(static pc =>
    {
        var description = pc.SignalingState is RtcSignalingState.HaveRemoteOffer or RtcSignalingState.HaveLocalPranswer
            ? pc.CreateAnswerCore()
            : pc.CreateOfferCore();
        return pc.SetLocalCore(description);
    });

    /// <summary>
    /// Sets the remote description: the peer's offer, answer or provisional answer, or a rollback. The SDP must
    /// have a data-channel section with ICE credentials and a sha-256/384/512 fingerprint.
    /// </summary>
    public Task SetRemoteDescriptionAsync(RtcSessionDescription description)
    {
        ArgumentNullException.ThrowIfNull(description);
        return Run(pc => pc.SetRemoteCore(description));
    }

    /// <summary>
    /// Adds a remote candidate received over signaling (W3C <c>addIceCandidate</c>). An empty candidate means the
    /// peer has no more. Candidates with a <c>.local</c> (mDNS) or other name are resolved with
    /// <see cref="RtcConfiguration.HostNameResolver"/>, or dropped without one (the peer's checks still reveal its
    /// address). Fails when there is no remote description yet, when the candidate names another media section or
    /// ICE generation, or when it is not a candidate line.
    /// </summary>
    public Task AddIceCandidateAsync(RtcIceCandidateInit candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return Run(pc => pc.AddIceCandidateCore(candidate));
    }

    private RtcSessionDescription CreateOfferCore()
    {
        SignalingStateMachine.CheckCreateOffer(SignalingState);
        // The data section keeps its mid across renegotiations: "0" from our first offer, or the one the peer chose.
        var offer = RtcSessionDescription.From(SdpType.Offer, DataChannelSdp.CreateOffer(LocalSdpParameters(), _mid));
        _lastOffer = offer;
        return offer;
    }

    private RtcSessionDescription CreateAnswerCore()
    {
        SignalingStateMachine.CheckCreateAnswer(SignalingState);
        if (!DataChannelSdp.TryCreateAnswer(_remoteOffer!, LocalSdpParameters(), out var answer, out var error))
        {
            throw new InvalidOperationException($"Cannot answer the remote offer: {error}.");
        }
        var description = RtcSessionDescription.From(SdpType.Answer, answer);
        _lastAnswer = description;
        return description;
    }

    private bool SetLocalCore(RtcSessionDescription description)
    {
        var type = description.Type;
        var next = SignalingStateMachine.AfterSetLocal(SignalingState, type);
        if (type == SdpType.Rollback)
        {
            PendingLocalDescription = null;
            SetSignalingState(next);
            return true;
        }
        CheckOwnDescription(description);
        var answerSetup = type == SdpType.Offer ? SdpSetup.Actpass : LocalAnswerSetup(description);
        _sessionVersion++;
        if (type == SdpType.Offer)
        {
            PendingLocalDescription = description;
            // RFC 8445 §6.1.1: the offerer of a full-ICE session is the controlling agent.
            EnsureIce(IceRole.Controlling);
        }
        else
        {
            if (type == SdpType.Answer)
            {
                CurrentLocalDescription = description;
                CurrentRemoteDescription = PendingRemoteDescription;
                PendingLocalDescription = null;
                PendingRemoteDescription = null;
            }
            else
            {
                PendingLocalDescription = description;
            }
            // Our answer's a=setup fixes the roles: active is the DTLS client (RFC 8842 §5.1).
            StartDtls(answerSetup == SdpSetup.Active ? Dtls.DtlsRole.Client : Dtls.DtlsRole.Server);
        }
        _ice!.StartGathering();
        SetSignalingState(next);
        return true;
    }

    private bool SetRemoteCore(RtcSessionDescription description)
    {
        var type = description.Type;
        if (type == SdpType.Rollback)
        {
            var rolledBack = SignalingStateMachine.AfterSetRemote(SignalingState, type);
            if (_ice is not null && CurrentRemoteDescription is null)
            {
                // The rolled-back offer was the first: forget its transport, a new offer starts afresh.
                _ice.Dispose();
                _ice = null;
                _bridge = null;
                _remote = null;
                IceConnectionState = RtcIceConnectionState.New;
            }
            PendingRemoteDescription = null;
            _remoteOffer = null;
            SetSignalingState(rolledBack);
            return true;
        }
        if (!description.TryParse(out var sdp, out var parseError))
        {
            throw new ArgumentException($"The remote {type.ToText()} is not valid SDP: {parseError.Message}.", nameof(description));
        }
        if (!RemoteSessionParameters.TryRead(sdp, type, out var remote, out var error))
        {
            throw new ArgumentException($"The remote {type.ToText()} cannot be used: {error}.", nameof(description));
        }
        var next = SignalingStateMachine.AfterSetRemote(SignalingState, type);
        if (type != SdpType.Offer && remote.Mid != _mid)
        {
            throw new ArgumentException(
                $"The remote {type.ToText()} answers media section '{remote.Mid}', but the offer's data-channel section is '{_mid}'.", nameof(description));
        }
        if (_remote is not null)
        {
            if (remote.Ice != _remote.Ice)
            {
                throw new NotSupportedException(
                    "The remote description changes the ICE credentials (an ICE restart); this stack does not restart ICE: create a new connection.");
            }
            if (!SameFingerprints(remote, _remote) && _dtls is not null)
            {
                throw new NotSupportedException(
                    "The remote description changes the certificate fingerprint; DTLS cannot be renegotiated: create a new connection.");
            }
        }
        CheckRemoteSctpPort(remote);
        if (SignalingState == RtcSignalingState.HaveLocalOffer && type == SdpType.Offer)
        {
            // Glare: the local offer is rolled back (W3C implicit rollback); ICE settles its role by tie-breaker.
            PendingLocalDescription = null;
        }

        var renegotiation = _remote is not null && _ice is not null;
        _remote = remote;
        _mid = remote.Mid ?? OfferMid;
        _mLineIndex = remote.MLineIndex;
        if (type == SdpType.Offer)
        {
            PendingRemoteDescription = description;
            _remoteOffer = sdp;
            // RFC 8445 §6.1.1: the answerer is controlled, unless the offerer is lite.
            EnsureIce(remote.IceLite ? IceRole.Controlling : IceRole.Controlled);
        }
        else if (type == SdpType.Answer)
        {
            CurrentRemoteDescription = description;
            CurrentLocalDescription = PendingLocalDescription;
            PendingRemoteDescription = null;
            PendingLocalDescription = null;
        }
        else
        {
            PendingRemoteDescription = description;
        }
        ApplyRemoteToIce(remote, renegotiation);
        if (type != SdpType.Offer)
        {
            // The answer's a=setup fixes the roles: active is the DTLS client (RFC 8842 §5.1).
            StartDtls(remote.Setup == SdpSetup.Active ? Dtls.DtlsRole.Server : Dtls.DtlsRole.Client);
        }
        SetSignalingState(next);
        return true;
    }

    private bool AddIceCandidateCore(RtcIceCandidateInit init)
    {
        if (SignalingState == RtcSignalingState.Closed)
        {
            throw new InvalidOperationException("The connection is closed.");
        }
        if (_remote is null || _ice is null)
        {
            throw new InvalidOperationException("A remote candidate arrived before the remote description: set the remote description first (W3C addIceCandidate).");
        }
        if (init.SdpMid is null && init.SdpMLineIndex is null && !init.IsEndOfCandidates)
        {
            throw new ArgumentException("A candidate needs sdpMid or sdpMLineIndex.", nameof(init));
        }
        if (init.SdpMid is not null ? init.SdpMid != _mid : init.SdpMLineIndex is { } index && index != _mLineIndex)
        {
            throw new ArgumentException(
                $"The candidate is for media section {(init.SdpMid is not null ? "'" + init.SdpMid + "'" : "#" + init.SdpMLineIndex)}, " +
                $"but the data-channel section is '{_mid}' (#{_mLineIndex}).", nameof(init));
        }
        if (!string.IsNullOrEmpty(init.UsernameFragment) && init.UsernameFragment != _remote.Ice.UsernameFragment)
        {
            throw new ArgumentException(
                $"The candidate belongs to ICE ufrag '{init.UsernameFragment}', not the remote description's '{_remote.Ice.UsernameFragment}'.", nameof(init));
        }
        if (init.IsEndOfCandidates)
        {
            _ice.AddRemoteEndOfCandidates();
            return true;
        }
        if (!Ice.IceCandidate.TryParse(init.Candidate, out var candidate))
        {
            throw new ArgumentException($"'{init.Candidate}' is not an ICE candidate line (RFC 8839 §5.1).", nameof(init));
        }
        if (candidate.UsernameFragment is { } ufrag && ufrag != _remote.Ice.UsernameFragment)
        {
            throw new ArgumentException(
                $"The candidate carries ufrag '{ufrag}', not the remote description's '{_remote.Ice.UsernameFragment}'.", nameof(init));
        }
        _ice.AddRemoteCandidate(candidate);
        return true;
    }

    /// <summary>
    /// The <c>a=setup</c> of a local answer: as written (it may have been edited to passive), else what
    /// <see cref="DataChannelSdp.AnswerSetup"/> gives for the offer. Only active or passive may answer.
    /// </summary>
    private SdpSetup LocalAnswerSetup(RtcSessionDescription answer)
    {
        SdpSetup? written = null;
        if (answer.TryParse(out var sdp, out _) && sdp.DataChannelMedia is { } data)
        {
            written = sdp.GetSetup(data);
        }
        var setup = written ?? DataChannelSdp.AnswerSetup(_remote!.Setup);
        if (setup is not (SdpSetup.Active or SdpSetup.Passive) || (setup == SdpSetup.Passive && _remote!.Setup == SdpSetup.Passive)
            || (setup == SdpSetup.Active && _remote!.Setup == SdpSetup.Active))
        {
            throw new ArgumentException(
                $"The local {answer.Type.ToText()} says a=setup:{setup.ToText()} to an offer that says {_remote!.Setup.ToText()}: " +
                "one side must be active and the other passive (RFC 5763 §5).", nameof(answer));
        }
        return setup;
    }

    private void ApplyRemoteToIce(RemoteSessionParameters remote, bool renegotiation)
    {
        if (!renegotiation)
        {
            // Same credentials on a renegotiation (a change is refused as an ICE restart): the agent keeps its checks.
            _ice!.SetRemoteParameters(remote.Ice);
        }
        foreach (var line in remote.Candidates)
        {
            // Malformed candidate lines in an SDP are skipped: the others (and peer-reflexive discovery) still work.
            if (Ice.IceCandidate.TryParse(line, out var candidate))
            {
                _ice!.AddRemoteCandidate(candidate);
            }
        }
        if (remote.EndOfCandidates)
        {
            _ice!.AddRemoteEndOfCandidates();
        }
    }

    /// <summary>Throws unless <paramref name="description"/> is (an edit of) the last offer or answer this side created.</summary>
    private void CheckOwnDescription(RtcSessionDescription description)
    {
        var created = description.Type == SdpType.Offer ? _lastOffer : _lastAnswer;
        if (created is null)
        {
            throw new InvalidOperationException(
                $"Set a local {description.Type.ToText()} created by this connection: call Create{(description.Type == SdpType.Offer ? "Offer" : "Answer")}Async first.");
        }
        if (description.Sdp == created.Sdp)
        {
            return;
        }
        if (!description.TryParse(out var sdp, out var parseError))
        {
            throw new ArgumentException($"The local {description.Type.ToText()} is not valid SDP: {parseError.Message}.", nameof(description));
        }
        var data = sdp.DataChannelMedia;
        if (data is null || sdp.GetIceUfrag(data) != _localIce.UsernameFragment || sdp.GetIcePwd(data) != _localIce.Password
            || !sdp.GetFingerprints(data).Contains(_localFingerprint))
        {
            throw new ArgumentException(
                $"The local {description.Type.ToText()} was modified: its data-channel section, ICE credentials or fingerprint differ from what this connection created.",
                nameof(description));
        }
    }

    private static bool SameFingerprints(RemoteSessionParameters a, RemoteSessionParameters b)
    {
        if (a.Fingerprints.Count != b.Fingerprints.Count)
        {
            return false;
        }
        for (var i = 0; i < a.Fingerprints.Count; i++)
        {
            if (!a.Fingerprints[i].Equals(b.Fingerprints[i]))
            {
                return false;
            }
        }
        return true;
    }

    private SdpLocalParameters LocalSdpParameters() => new()
    {
        IceUfrag = _localIce.UsernameFragment,
        IcePwd = _localIce.Password,
        Fingerprint = _localFingerprint,
        SessionId = _sessionId,
        SessionVersion = _sessionVersion,
        SctpPort = SctpPort,
        MaxMessageSize = _configuration.MaxMessageSize,
        Candidates = _localCandidates.ToArray(),
        EndOfCandidates = _localGatheringComplete,
    };

    /// <summary>The description with the candidates gathered since it was created, as W3C <c>localDescription</c> shows it.</summary>
    private RtcSessionDescription? WithLocalCandidates(RtcSessionDescription? description)
    {
        if (description is null || (_localCandidates.Count == 0 && !_localGatheringComplete) || !description.TryParse(out var sdp, out _))
        {
            return description;
        }
        var media = new MediaDescription[sdp.Media.Count];
        for (var i = 0; i < media.Length; i++)
        {
            media[i] = sdp.Media[i].IsDataChannel && !sdp.Media[i].IsRejected
                ? sdp.Media[i] with { Candidates = _localCandidates.ToArray(), EndOfCandidates = _localGatheringComplete }
                : sdp.Media[i];
        }
        return RtcSessionDescription.From(description.Type, sdp with { Media = media });
    }

    private void SetSignalingState(RtcSignalingState state)
    {
        if (SignalingState == state)
        {
            return;
        }
        SignalingState = state;
        Raise(SignalingStateChanged, state);
    }
}
