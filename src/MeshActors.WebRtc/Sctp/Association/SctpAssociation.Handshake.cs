namespace MeshActors.WebRtc.Sctp;

// Association set-up: INIT, INIT ACK, COOKIE ECHO, COOKIE ACK (RFC 9260 §5.1, §5.2 for collisions and restarts).
public sealed partial class SctpAssociation
{
    /// <summary>Most parameters reported back as unrecognized in one INIT ACK.</summary>
    private const int MaxReportedParameterBytes = 256;

    private byte[]? _cookieToEcho;

    private void QueueInit()
    {
        Span<byte> parameters = stackalloc byte[16];
        var length = WriteCapabilityParameters(parameters);
        QueueControlChunk(0, new InitChunk(_myTag, (uint)_options.ReceiveWindow, _options.OutboundStreams, _options.InboundStreams, _myInitialTsn, parameters[..length]));
    }

    /// <summary>Supported Extensions and Forward-TSN-Supported, as Chrome sends them (RFC 5061 §4.2.7, RFC 3758 §3.1).</summary>
    private int WriteCapabilityParameters(Span<byte> destination)
    {
        Span<byte> types = stackalloc byte[4];
        var count = 0;
        types[count++] = (byte)SctpChunkType.ReConfig;
        if (_options.EnablePartialReliability)
        {
            types[count++] = (byte)SctpChunkType.ForwardTsn;
        }
        if (_options.EnableMessageInterleaving)
        {
            types[count++] = (byte)SctpChunkType.IData;
            if (_options.EnablePartialReliability)
            {
                types[count++] = (byte)SctpChunkType.IForwardTsn;
            }
        }
        var length = new SupportedExtensionsParameter(types[..count]).Write(destination);
        if (_options.EnablePartialReliability)
        {
            length += new ForwardTsnSupportedParameter().Write(destination[length..]);
        }
        return length;
    }

    /// <summary>
    /// Reads the optional parameters of an INIT or INIT ACK: the peer's capabilities, its State Cookie, and
    /// unknown parameters whose type asks for a report (copied to <paramref name="unrecognized"/>).
    /// </summary>
    private static PeerCapabilities ReadParameters(ReadOnlySpan<byte> parameters, out ReadOnlySpan<byte> cookie, Span<byte> unrecognized, out int unrecognizedLength)
    {
        var caps = PeerCapabilities.None;
        cookie = default;
        unrecognizedLength = 0;
        var walker = new SctpParameterEnumerator(parameters);
        while (walker.MoveNext(out var type, out var item))
        {
            switch ((SctpParameterType)type)
            {
                case SctpParameterType.StateCookie:
                    if (StateCookieParameter.TryRead(item, out var stateCookie) == SctpCodecStatus.Ok)
                    {
                        cookie = stateCookie.Cookie;
                    }
                    break;
                case SctpParameterType.ForwardTsnSupported:
                    caps |= PeerCapabilities.ForwardTsn;
                    break;
                case SctpParameterType.SupportedExtensions:
                    if (SupportedExtensionsParameter.TryRead(item, out var extensions) == SctpCodecStatus.Ok)
                    {
                        if (extensions.Contains(SctpChunkType.ReConfig))
                        {
                            caps |= PeerCapabilities.Reconfig;
                        }
                        if (extensions.Contains(SctpChunkType.IData))
                        {
                            caps |= PeerCapabilities.Interleaving;
                        }
                    }
                    break;
                case SctpParameterType.IPv4Address or SctpParameterType.IPv6Address or SctpParameterType.CookiePreservative
                    or SctpParameterType.HostNameAddress or SctpParameterType.SupportedAddressTypes or SctpParameterType.EcnCapable
                    or SctpParameterType.ZeroChecksumAcceptable or SctpParameterType.Random or SctpParameterType.ChunkList
                    or SctpParameterType.RequestedHmacAlgorithm or SctpParameterType.Padding or SctpParameterType.AdaptationLayerIndication:
                    break; // known, not used over DTLS
                default:
                    var action = SctpTypeBits.ForParameter(type);
                    if (action.Reports())
                    {
                        var unrecognizedParameter = new UnrecognizedParameter(item);
                        var size = unrecognizedParameter.GetLength();
                        if (unrecognizedLength + size <= unrecognized.Length)
                        {
                            unrecognizedLength += unrecognizedParameter.Write(unrecognized[unrecognizedLength..]);
                        }
                    }
                    if (!action.Continues())
                    {
                        return caps; // §3.2.1: stop processing further parameters of this chunk
                    }
                    break;
            }
        }
        return caps;
    }

    private void OnInit(in InitChunk init, TimeSpan now)
    {
        if (init.InitiateTag == 0 || init.OutboundStreams == 0 || init.InboundStreams == 0)
        {
            Counters.IgnoredChunks++; // §5.1: silently discarded
            return;
        }
        if (_terminated || _state == SctpAssociationState.ShutdownAckSent)
        {
            Counters.IgnoredChunks++;
            return;
        }
        Span<byte> unrecognized = stackalloc byte[MaxReportedParameterBytes];
        var caps = ReadParameters(init.Parameters, out _, unrecognized, out var unrecognizedLength);

        uint localTag, localTsn, localTie = 0, peerTie = 0;
        switch (_state)
        {
            case SctpAssociationState.Closed:
                // Passive open: stay stateless; everything goes into the cookie (§5.1.3).
                localTag = NewVerificationTag();
                localTsn = _options.InitialTsn ?? NewVerificationTag();
                break;
            case SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed:
                // §5.2.1: initialization collision: answer with the parameters of our own INIT.
                localTag = _myTag;
                localTsn = _myInitialTsn;
                localTie = _myTag;
                peerTie = _peerTag;
                break;
            default:
                // §5.2.2: unexpected INIT (a peer restart, maybe): new tag, current tags as tie-tags.
                localTag = NewVerificationTag();
                localTsn = NewVerificationTag();
                localTie = _myTag;
                peerTie = _peerTag;
                break;
        }
        var cookie = new StateCookie(now, localTag, init.InitiateTag, localTsn, init.InitialTsn, init.AdvertisedReceiverWindowCredit,
            init.OutboundStreams, init.InboundStreams, caps, localTie, peerTie);

        Span<byte> parameters = stackalloc byte[StateCookie.Size + 4 + 16 + MaxReportedParameterBytes];
        Span<byte> cookieBytes = stackalloc byte[StateCookie.Size];
        cookie.Write(cookieBytes, _cookieKey);
        var length = new StateCookieParameter(cookieBytes).Write(parameters);
        length += WriteCapabilityParameters(parameters[length..]);
        unrecognized[..unrecognizedLength].CopyTo(parameters[length..]);
        length += unrecognizedLength;
        QueueControlChunk(init.InitiateTag, new InitAckChunk(localTag, (uint)_options.ReceiveWindow, _options.OutboundStreams, _options.InboundStreams, localTsn, parameters[..length]));
    }

    private void OnInitAck(in InitAckChunk initAck, TimeSpan now)
    {
        if (_state != SctpAssociationState.CookieWait)
        {
            Counters.IgnoredChunks++; // §5.2.3: INIT ACK in any other state is discarded
            return;
        }
        if (initAck.InitiateTag == 0 || initAck.OutboundStreams == 0 || initAck.InboundStreams == 0)
        {
            AbortWithCause(SctpCloseReason.ProtocolViolation, SctpErrorCauseCode.InvalidMandatoryParameter, "INIT ACK with a zero initiate tag or stream count");
            return;
        }
        Span<byte> unrecognized = stackalloc byte[MaxReportedParameterBytes];
        var caps = ReadParameters(initAck.Parameters, out var cookie, unrecognized, out _);
        if (cookie.IsEmpty)
        {
            AbortWithCause(SctpCloseReason.ProtocolViolation, SctpErrorCauseCode.MissingMandatoryParameter, "INIT ACK without a State Cookie");
            return;
        }
        InitializeTcb(initAck.InitiateTag, initAck.InitialTsn, initAck.AdvertisedReceiverWindowCredit, initAck.OutboundStreams, initAck.InboundStreams, caps);
        _cookieToEcho = cookie.ToArray();
        QueueControlChunk(_peerTag, new CookieEchoChunk(_cookieToEcho));
        _state = SctpAssociationState.CookieEchoed;
        _t1.Start(now, _options.InitTimeout);
    }

    /// <summary>RFC 9260 §5.1.5 and §5.2.4 (Table 7): a COOKIE ECHO creates the association, or resolves a collision or a restart.</summary>
    private bool OnCookieEcho(in CookieEchoChunk echo, uint packetTag, TimeSpan now)
    {
        if (_terminated)
        {
            Counters.IgnoredChunks++;
            return false;
        }
        if (!StateCookie.TryRead(echo.Cookie, _cookieKey, out var cookie))
        {
            Counters.IgnoredChunks++; // forged, damaged or not ours (§5.1.5 step 2)
            return false;
        }
        if (packetTag != cookie.LocalTag)
        {
            Counters.VerificationTagMismatches++;
            return false;
        }
        var age = now - cookie.Created;
        if (age < TimeSpan.Zero || age > _options.CookieLifetime)
        {
            // §5.1.5 step 3: stale; report how late it is, in microseconds.
            Span<byte> cause = stackalloc byte[8];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(cause[4..], (uint)Math.Min(uint.MaxValue, Math.Max(0, (age - _options.CookieLifetime).Ticks / 10)));
            new ErrorCause(SctpErrorCauseCode.StaleCookie, cause[4..]).Write(cause);
            QueueControlChunk(cookie.PeerTag, new ErrorChunk(cause));
            return false;
        }

        if (_state == SctpAssociationState.Closed)
        {
            EstablishFromCookie(cookie, now);
            return true;
        }
        var localMatch = cookie.LocalTag == _myTag;
        var peerMatch = cookie.PeerTag == _peerTag;
        var tieMatch = cookie.LocalTieTag == _myTag && cookie.PeerTieTag == _peerTag && cookie.LocalTieTag != 0;
        if (!localMatch && !peerMatch && tieMatch)
        {
            // Case A: the peer restarted.
            if (_state == SctpAssociationState.ShutdownAckSent)
            {
                Span<byte> cause = stackalloc byte[4];
                new ErrorCause(SctpErrorCauseCode.CookieReceivedWhileShuttingDown, default).Write(cause);
                QueueControlChunk(cookie.PeerTag, new ErrorChunk(cause));
                QueueControlChunk(cookie.PeerTag, new ShutdownAckChunk());
                return false;
            }
            RestartFromCookie(cookie, now);
            return true;
        }
        if (localMatch && !peerMatch)
        {
            // Case B: collision; the cookie carries the peer's current tag.
            if (_state is SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed)
            {
                EstablishFromCookie(cookie, now);
            }
            else
            {
                QueueControlChunk(_peerTag, new CookieAckChunk());
            }
            return true;
        }
        if (localMatch && peerMatch)
        {
            // Case D: both tags match.
            if (_state is SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed)
            {
                EstablishFromCookie(cookie, now);
            }
            else
            {
                QueueControlChunk(_peerTag, new CookieAckChunk());
            }
            return true;
        }
        Counters.IgnoredChunks++; // case C and anything else: silently discarded
        return false;
    }

    private void OnCookieAck(TimeSpan now)
    {
        if (_state != SctpAssociationState.CookieEchoed)
        {
            Counters.IgnoredChunks++;
            return;
        }
        _t1.Stop();
        _cookieToEcho = null;
        EnterEstablished(now);
    }

    private void EstablishFromCookie(in StateCookie cookie, TimeSpan now)
    {
        _started = true;
        _myTag = cookie.LocalTag;
        _myInitialTsn = cookie.LocalInitialTsn;
        InitializeTcb(cookie.PeerTag, cookie.PeerInitialTsn, cookie.PeerReceiveWindow, cookie.PeerOutboundStreams, cookie.PeerInboundStreams, cookie.Capabilities);
        _t1.Stop();
        _cookieToEcho = null;
        QueueControlChunk(_peerTag, new CookieAckChunk());
        EnterEstablished(now);
    }

    private void RestartFromCookie(in StateCookie cookie, TimeSpan now)
    {
        StopAllTimers();
        ReleaseAllStreams();
        _state = SctpAssociationState.CookieEchoed;
        _handler.OnRestarted();
        if (_terminated)
        {
            return;
        }
        EstablishFromCookie(cookie, now);
    }

    private void EnterEstablished(TimeSpan now)
    {
        _state = SctpAssociationState.Established;
        RestartHeartbeat(now);
        _handler.OnConnected();
    }

    /// <summary>Sets up the transmission control block once the peer's parameters are known (RFC 9260 §5.1).</summary>
    private void InitializeTcb(uint peerTag, uint peerInitialTsn, uint peerWindow, ushort peerOutbound, ushort peerInbound, PeerCapabilities caps)
    {
        _peerTag = peerTag;
        _peerInitialTsn = peerInitialTsn;
        _outboundStreams = Math.Min(_options.OutboundStreams, peerInbound);
        _inboundStreams = Math.Min(_options.InboundStreams, peerOutbound);
        _forwardTsnEnabled = _options.EnablePartialReliability && (caps & PeerCapabilities.ForwardTsn) != 0;
        _reconfigEnabled = (caps & PeerCapabilities.Reconfig) != 0;
        _interleaving = _options.EnableMessageInterleaving && (caps & PeerCapabilities.Interleaving) != 0;
        _sendQueue.Interleaving = _interleaving;

        _rtxQueue.Reset(_myInitialTsn);
        _advancedPeerAckPoint = _myInitialTsn - 1;
        _lastForwardTsnSent = _advancedPeerAckPoint;
        _flightSize = 0;
        _toRetransmitCount = 0;
        _cwnd = (long)_options.InitialCongestionWindowPackets * _mtu;
        _ssthresh = peerWindow;
        _partialBytesAcked = 0;
        _peerRwnd = peerWindow;
        _peerInitialWindow = peerWindow;
        _partialMessageBytes = 0;
        _fastRecovery = false;
        _rttProbeActive = false;

        _received.Reset(peerInitialTsn - 1);
        _receiveBuffered = 0;
        _sackDue = false;
        _dataPacketsSinceSack = 0;

        // RFC 6525 §4.1: the first request sequence number is the sender's initial TSN.
        _nextReconfigRequestSeq = _myInitialTsn;
        _expectedPeerReconfigSeq = peerInitialTsn;
        _lastPeerReconfigResult = SctpReconfigurationResult.ErrorBadSequenceNumber;
    }

    private void OnT1Expired(TimeSpan now)
    {
        if (_options.MaxInitRetransmissions is { } max && _t1.Expiries >= max)
        {
            Terminate(new SctpCloseInfo(SctpCloseReason.RetransmissionLimit, SctpErrorCauseCode.None, "No answer to INIT or COOKIE ECHO."));
            return;
        }
        _t1.Backoff(now, _options.MaxTimerBackoff);
        if (_state == SctpAssociationState.CookieWait)
        {
            QueueInit();
        }
        else if (_state == SctpAssociationState.CookieEchoed && _cookieToEcho is not null)
        {
            QueueControlChunk(_peerTag, new CookieEchoChunk(_cookieToEcho));
        }
        else
        {
            _t1.Stop();
        }
    }
}
