using MeshActors.WebRtc.Sctp;

namespace MeshActors.WebRtc.DataChannels;

/// <summary>The Data Channel Establishment Protocol (RFC 8832 §6) on the receiving side.</summary>
public sealed partial class SctpDataChannelTransport
{
    private void HandleDcep(ushort streamId, ReadOnlySpan<byte> message)
    {
        if (message.IsEmpty)
        {
            Counters._dcepMalformed++;
            return;
        }
        switch ((DcepMessageType)message[0])
        {
            case DcepMessageType.DataChannelOpen:
                HandleOpen(streamId, message);
                break;
            case DcepMessageType.DataChannelAck:
                HandleAck(streamId, message);
                break;
            default:
                Counters._dcepMalformed++; // unknown message type: dropped (RFC 8832 defines only these two)
                break;
        }
    }

    /// <summary>
    /// RFC 8832 §6: an OPEN on an unused stream with the peer's parity and valid parameters creates the
    /// channel and is answered with an ACK on the same stream. Otherwise no ACK is sent and the stream is
    /// reset, which tells the opener its channel failed. An OPEN on a stream a channel already uses is
    /// dropped: resetting that stream would close the channel that owns it.
    /// </summary>
    private void HandleOpen(ushort streamId, ReadOnlySpan<byte> message)
    {
        var association = _association!;
        if (_channels.ContainsKey(streamId) || _refusedStreams.Contains(streamId))
        {
            Counters._dcepUnexpected++;
            return;
        }
        var status = DataChannelOpenMessage.TryRead(message, out var open);
        if (status != DcepCodecStatus.Ok)
        {
            Counters._dcepMalformed++;
            RefuseOpen(association, streamId);
            return;
        }
        // The peer's parity: odd when we are the DTLS client (even ids are ours), even otherwise.
        var peerIsOdd = _isDtlsClient == true;
        if ((streamId % 2 == 1) != peerIsOdd || streamId >= association.OutboundStreams)
        {
            RefuseOpen(association, streamId);
            return;
        }
        bool reserved;
        lock (_gate)
        {
            reserved = _ids.TryReserve(streamId);
        }
        if (!reserved)
        {
            // A negotiated channel of ours holds the id but is not in the table yet: its owner wins.
            Counters._dcepUnexpected++;
            return;
        }
        var init = new RtcDataChannelInit
        {
            Ordered = open.Ordered,
            // W3C exposes these as unsigned short: larger values from the wire are clamped.
            MaxRetransmits = open.MaxRetransmits is { } rexmit ? (ushort)Math.Min(rexmit, ushort.MaxValue) : null,
            MaxPacketLifeTime = open.MaxPacketLifeTime is { } lifetime ? (ushort)Math.Min(lifetime, ushort.MaxValue) : null,
            Protocol = open.GetProtocol(),
            Priority = open.Priority,
        };
        var channel = new RtcDataChannel(this, open.GetLabel(), init, streamId, remote: true);
        Span<byte> ack = stackalloc byte[DataChannelAckMessage.Size];
        default(DataChannelAckMessage).Write(ack);
        var sent = association.Send(streamId, (uint)DataChannelPpid.Dcep, ack, SctpSendOptions.Reliable, Now);
        if (sent != SctpSendStatus.Ok)
        {
            ReleaseId(streamId);
            Counters._dcepOpenRejected++;
            return;
        }
        Counters._dcepOpenReceived++;
        _channels[streamId] = channel;
        channel.Registered = true;
        channel.OnWire = true;
        channel.SetState(RtcDataChannelState.Open);
        Counters._channelsOpened++;
        var announce = DataChannel;
        if (announce is not null)
        {
            Invoke(announce, channel);
        }
        if (channel.RawState == (int)RtcDataChannelState.Open)
        {
            channel.RaiseOpened();
        }
    }

    private void RefuseOpen(SctpAssociation association, ushort streamId)
    {
        Counters._dcepOpenRejected++;
        if (streamId >= association.OutboundStreams)
        {
            return; // no such outgoing stream to reset
        }
        bool reserved;
        lock (_gate)
        {
            reserved = _ids.TryReserve(streamId);
        }
        if (!reserved)
        {
            return; // one of our channels is about to use this id: leave its stream alone
        }
        Span<ushort> ids = [streamId];
        if (association.ResetStreams(ids) == SctpResetStatus.Ok)
        {
            _refusedStreams.Add(streamId); // the id stays taken until the reset is done
        }
        else
        {
            ReleaseId(streamId);
        }
    }

    private void HandleAck(ushort streamId, ReadOnlySpan<byte> message)
    {
        if (DataChannelAckMessage.TryRead(message, out _) != DcepCodecStatus.Ok)
        {
            Counters._dcepMalformed++;
            return;
        }
        if (!_channels.TryGetValue(streamId, out var channel) || channel.IsRemote || channel.Negotiated)
        {
            Counters._dcepUnexpected++;
            return;
        }
        Counters._dcepAckReceived++;
        channel.AwaitingAck = false;
    }
}
