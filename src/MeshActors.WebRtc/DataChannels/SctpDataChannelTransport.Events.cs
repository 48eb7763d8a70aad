using MeshActors.WebRtc.Sctp;

namespace MeshActors.WebRtc.DataChannels;

/// <summary>What the SCTP association reports, turned into channel life (all on the executor).</summary>
public sealed partial class SctpDataChannelTransport : ISctpAssociationHandler
{
    void ISctpAssociationHandler.OnConnected()
    {
        var association = _association!;
        Volatile.Write(ref _maxMessageSize, association.MaxSendMessageSize);
        Volatile.Write(ref _maxChannels, Math.Min(association.OutboundStreams, association.InboundStreams));
        Volatile.Write(ref _state, (int)SctpDataChannelTransportState.Connected);
        Invoke(Connected);
        foreach (var channel in new List<RtcDataChannel>(_channels.Values))
        {
            if (channel.RawState == (int)RtcDataChannelState.Connecting)
            {
                OpenChannel(channel);
            }
            else if (channel.RawState == (int)RtcDataChannelState.Closing)
            {
                BeginClose(channel);
            }
        }
    }

    void ISctpAssociationHandler.OnMessage(ushort streamId, uint payloadProtocolId, ReadOnlySpan<byte> message)
    {
        if (payloadProtocolId == (uint)DataChannelPpid.Dcep)
        {
            HandleDcep(streamId, message);
            return;
        }
        if (!_channels.TryGetValue(streamId, out var channel))
        {
            Counters._unknownStream++;
            return;
        }
        // RFC 8832 §6: any message from the peer on the stream means our OPEN got through.
        channel.AwaitingAck = false;
        channel.Deliver(payloadProtocolId, message);
    }

    void ISctpAssociationHandler.OnBufferedAmountLow(ushort streamId)
    {
        // Buffered amounts are refreshed after every pass (RefreshBufferedAmounts), which also counts
        // the bytes still waiting in the channel's own queue; nothing to do here.
    }

    void ISctpAssociationHandler.OnIncomingStreamsReset(ReadOnlySpan<ushort> streamIds)
    {
        foreach (var id in streamIds)
        {
            if (!_channels.TryGetValue(id, out var channel))
            {
                continue; // the peer answering our reset of a refused stream, or a stream no channel used
            }
            channel.IncomingResetDone = true;
            var awaitedAck = channel.AwaitingAck;
            if (channel.TryTransition(RtcDataChannelState.Open, RtcDataChannelState.Closing)
                || channel.TryTransition(RtcDataChannelState.Connecting, RtcDataChannelState.Closing))
            {
                if (awaitedAck)
                {
                    // RFC 8832 §6: a reset before any ACK means the peer refused the channel.
                    channel.RaiseError(new RtcDataChannelError(RtcErrorDetailType.DataChannelFailure, "The peer refused the data channel (stream reset before DATA_CHANNEL_ACK)."));
                }
                channel.RaiseClosing();
            }
            BeginClose(channel);
        }
    }

    void ISctpAssociationHandler.OnOutgoingStreamsReset(ReadOnlySpan<ushort> streamIds)
    {
        foreach (var id in streamIds)
        {
            if (_channels.TryGetValue(id, out var channel) && channel.OutgoingResetRequested)
            {
                channel.OutgoingResetDone = true;
                channel.ClearSctpBuffered();
                if (channel.IncomingResetDone)
                {
                    FinishClose(channel, null);
                }
            }
            else if (_refusedStreams.Remove(id))
            {
                ReleaseId(id);
            }
        }
    }

    void ISctpAssociationHandler.OnStreamsResetFailed(ReadOnlySpan<ushort> streamIds, SctpReconfigurationResult result)
    {
        foreach (var id in streamIds)
        {
            if (_channels.TryGetValue(id, out var channel) && channel.OutgoingResetRequested)
            {
                // The peer will not reset this stream: the channel cannot close cleanly, so close it here.
                FinishClose(channel, new RtcDataChannelError(RtcErrorDetailType.DataChannelFailure, $"The peer refused to reset the stream: {result}."));
            }
            else if (_refusedStreams.Remove(id))
            {
                ReleaseId(id);
            }
        }
    }

    void ISctpAssociationHandler.OnRestarted()
    {
        // RFC 9260 §5.2.4: the peer lost its state; every stream restarts, so every channel is gone.
        CloseAllChannels(new RtcDataChannelError(RtcErrorDetailType.SctpFailure, "The peer restarted the SCTP association."));
        foreach (var id in _refusedStreams)
        {
            ReleaseId(id);
        }
        _refusedStreams.Clear();
    }

    void ISctpAssociationHandler.OnClosed(SctpCloseInfo info) => Terminate(info);
}
