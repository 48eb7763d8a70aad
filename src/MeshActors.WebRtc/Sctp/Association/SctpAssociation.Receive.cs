namespace MeshActors.WebRtc.Sctp;

// Receiving packets: checks of RFC 9260 §8.5 (verification tag), §3.2 (unknown chunks), dispatch by chunk type.
public sealed partial class SctpAssociation
{
    private bool _dataInPacket;

    /// <summary>
    /// Processes one received SCTP packet (the payload of one DTLS record). Malformed packets are dropped
    /// and counted; nothing throws.
    /// </summary>
    public void HandlePacket(ReadOnlySpan<byte> packet, TimeSpan now)
    {
        Counters.PacketsReceived++;
        Counters.BytesReceived += packet.Length;
        try
        {
            HandlePacketCore(packet, now);
        }
        catch (Exception ex)
        {
            FailInternal(ex);
        }
    }

    private void HandlePacketCore(ReadOnlySpan<byte> packet, TimeSpan now)
    {
        if (SctpCommonHeader.TryRead(packet, out var header) != SctpCodecStatus.Ok || packet.Length < SctpCommonHeader.Size + ChunkHeader.Size)
        {
            Counters.MalformedPackets++;
            return;
        }
        if (!SctpChecksum.Verify(packet))
        {
            Counters.BadChecksums++;
            return;
        }
        if (header.DestinationPort != _options.LocalPort || header.SourcePort != _options.RemotePort)
        {
            Counters.VerificationTagMismatches++;
            return;
        }
        var chunks = packet[SctpCommonHeader.Size..];

        // The whole chunk list must parse before anything is acted on.
        var walker = new SctpChunkEnumerator(chunks);
        var count = 0;
        byte firstType = 0;
        byte firstFlags = 0;
        while (walker.MoveNext(out var h, out _))
        {
            if (count++ == 0)
            {
                firstType = h.Type;
                firstFlags = h.Flags;
            }
        }
        if (walker.Status != SctpCodecStatus.Ok || count == 0)
        {
            Counters.MalformedPackets++;
            return;
        }
        if (!AcceptVerificationTag(header.VerificationTag, firstType, firstFlags, count))
        {
            Counters.VerificationTagMismatches++;
            return;
        }

        _dataInPacket = false;
        walker = new SctpChunkEnumerator(chunks);
        while (walker.MoveNext(out var chunkHeader, out var chunk))
        {
            if (!HandleChunk(chunkHeader, chunk, header.VerificationTag, now) || _terminated)
            {
                break;
            }
        }
        if (_dataInPacket && !_terminated)
        {
            AfterDataReceived(now);
        }
        if (!_terminated)
        {
            AfterStateChanges(now);
        }
    }

    /// <summary>RFC 9260 §8.5 and §8.5.1: which verification tag a packet must carry, by its first chunk.</summary>
    private bool AcceptVerificationTag(uint tag, byte firstType, byte firstFlags, int chunkCount)
    {
        switch ((SctpChunkType)firstType)
        {
            case SctpChunkType.Init:
                // §8.5.1 A: tag 0, and INIT alone in its packet.
                return tag == 0 && chunkCount == 1;
            case SctpChunkType.Abort:
            case SctpChunkType.ShutdownComplete:
                // §8.5.1 B/C: the T bit says whether the tag is ours or reflected (the peer's own).
                if (!_started || _terminated)
                {
                    return true; // out of the blue: handled (ignored) per §8.4
                }
                return (firstFlags & 1) == 0 ? tag == _myTag : tag == _peerTag && _peerTag != 0;
            case SctpChunkType.CookieEcho:
                return true; // §8.5.1 D: checked against the tag inside the cookie
            case SctpChunkType.ShutdownAck when !_started || _terminated:
                return true; // §8.4 5: answered with SHUTDOWN COMPLETE (T bit)
            default:
                return _started && !_terminated && _myTag != 0 && tag == _myTag;
        }
    }

    /// <summary>Handles one chunk; false stops processing the rest of the packet.</summary>
    private bool HandleChunk(ChunkHeader header, ReadOnlySpan<byte> chunk, uint packetTag, TimeSpan now)
    {
        switch ((SctpChunkType)header.Type)
        {
            case SctpChunkType.Data:
                if (DataChunk.TryRead(chunk, out var data) != SctpCodecStatus.Ok)
                {
                    return Malformed();
                }
                var unordered = data.Unordered;
                OnDataChunk(false, data.Tsn, data.StreamId, unordered ? 0u : data.StreamSequenceNumber, 0, data.PayloadProtocolId, data.Flags, data.UserData, now);
                return true;
            case SctpChunkType.IData:
                if (InterleavedDataChunk.TryRead(chunk, out var idata) != SctpCodecStatus.Ok)
                {
                    return Malformed();
                }
                OnDataChunk(true, idata.Tsn, idata.StreamId, idata.MessageId, idata.FragmentSequenceNumber, idata.PayloadProtocolId, idata.Flags, idata.UserData, now);
                return true;
            case SctpChunkType.Sack:
                if (SackChunk.TryRead(chunk, out var sack) != SctpCodecStatus.Ok)
                {
                    return Malformed();
                }
                OnSack(sack, now);
                return true;
            case SctpChunkType.Init:
                if (InitChunk.TryRead(chunk, out var init) != SctpCodecStatus.Ok)
                {
                    return Malformed();
                }
                OnInit(init, now);
                return false;
            case SctpChunkType.InitAck:
                if (InitAckChunk.TryRead(chunk, out var initAck) != SctpCodecStatus.Ok)
                {
                    return Malformed();
                }
                OnInitAck(initAck, now);
                return true;
            case SctpChunkType.CookieEcho:
                if (CookieEchoChunk.TryRead(chunk, out var cookieEcho) != SctpCodecStatus.Ok)
                {
                    return Malformed();
                }
                return OnCookieEcho(cookieEcho, packetTag, now);
            case SctpChunkType.CookieAck:
                if (CookieAckChunk.TryRead(chunk, out _) != SctpCodecStatus.Ok)
                {
                    return Malformed();
                }
                OnCookieAck(now);
                return true;
            case SctpChunkType.Heartbeat:
                if (HeartbeatChunk.TryRead(chunk, out var heartbeat) != SctpCodecStatus.Ok)
                {
                    return Malformed();
                }
                OnHeartbeat(heartbeat);
                return true;
            case SctpChunkType.HeartbeatAck:
                if (HeartbeatAckChunk.TryRead(chunk, out var heartbeatAck) != SctpCodecStatus.Ok)
                {
                    return Malformed();
                }
                OnHeartbeatAck(heartbeatAck, now);
                return true;
            case SctpChunkType.Abort:
                if (AbortChunk.TryRead(chunk, out var abort) != SctpCodecStatus.Ok)
                {
                    return Malformed();
                }
                OnAbort(abort);
                return false;
            case SctpChunkType.Shutdown:
                if (ShutdownChunk.TryRead(chunk, out var shutdown) != SctpCodecStatus.Ok)
                {
                    return Malformed();
                }
                OnShutdown(shutdown, now);
                return true;
            case SctpChunkType.ShutdownAck:
                if (ShutdownAckChunk.TryRead(chunk, out _) != SctpCodecStatus.Ok)
                {
                    return Malformed();
                }
                OnShutdownAck(packetTag, now);
                return true;
            case SctpChunkType.ShutdownComplete:
                if (ShutdownCompleteChunk.TryRead(chunk, out _) != SctpCodecStatus.Ok)
                {
                    return Malformed();
                }
                OnShutdownComplete();
                return false;
            case SctpChunkType.Error:
                if (ErrorChunk.TryRead(chunk, out var error) != SctpCodecStatus.Ok)
                {
                    return Malformed();
                }
                OnError(error, now);
                return true;
            case SctpChunkType.ForwardTsn:
                if (ForwardTsnChunk.TryRead(chunk, out var forward) != SctpCodecStatus.Ok)
                {
                    return Malformed();
                }
                OnForwardTsn(forward, now);
                return true;
            case SctpChunkType.IForwardTsn:
                if (InterleavedForwardTsnChunk.TryRead(chunk, out var iforward) != SctpCodecStatus.Ok)
                {
                    return Malformed();
                }
                OnInterleavedForwardTsn(iforward, now);
                return true;
            case SctpChunkType.ReConfig:
                if (ReConfigChunk.TryRead(chunk, out var reconfig) != SctpCodecStatus.Ok)
                {
                    return Malformed();
                }
                OnReConfig(reconfig, now);
                return true;
            default:
                return OnUnrecognizedChunk(header, chunk);
        }
    }

    private bool Malformed()
    {
        Counters.MalformedPackets++;
        return false;
    }

    /// <summary>RFC 9260 §3.2: the two top bits of an unknown type say whether to go on and whether to report.</summary>
    private bool OnUnrecognizedChunk(ChunkHeader header, ReadOnlySpan<byte> chunk)
    {
        Counters.UnrecognizedChunks++;
        var action = SctpTypeBits.ForChunk(header.Type);
        if (action.Reports() && _peerTag != 0 && !_terminated)
        {
            // Unrecognized Chunk Type cause carrying the chunk, cut to what fits in one packet.
            var room = _mtu - SctpCommonHeader.Size - ChunkHeader.Size - 4;
            var info = chunk.Length > room ? chunk[..(room & ~3)] : chunk;
            Span<byte> cause = stackalloc byte[ChunkHeader.Padded(4 + info.Length)];
            new ErrorCause(SctpErrorCauseCode.UnrecognizedChunkType, info).Write(cause);
            QueueControlChunk(_peerTag, new ErrorChunk(cause));
        }
        return action.Continues();
    }
}
