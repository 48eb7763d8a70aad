using System.Buffers;
using System.Text;
using MeshActors.WebRtc.Sctp;

namespace MeshActors.WebRtc.DataChannels;

/// <summary>Channel life on the executor: registration, opening, sending, closing.</summary>
public sealed partial class SctpDataChannelTransport
{
    /// <summary>Puts a channel created by the application into the stream table (executor).</summary>
    private void Register(RtcDataChannel channel)
    {
        if (channel.RawState == (int)RtcDataChannelState.Closed)
        {
            return;
        }
        if (State == SctpDataChannelTransportState.Closed)
        {
            FinishClose(channel, new RtcDataChannelError(RtcErrorDetailType.SctpFailure, "The SCTP association is closed."));
            return;
        }
        if (channel.Id is null)
        {
            _unregisteredWithoutId.Add(channel); // gets an id (and a table entry) when the transport starts
            return;
        }
        RegisterWithId(channel);
    }

    private void RegisterWithId(RtcDataChannel channel)
    {
        if (channel.Id is not { } id)
        {
            // No stream id was left when the DTLS role became known (W3C: the channel fails).
            FinishClose(channel, new RtcDataChannelError(RtcErrorDetailType.DataChannelFailure, "No free SCTP stream id was left for this channel."));
            return;
        }
        _channels[id] = channel;
        channel.Registered = true;
        if (State == SctpDataChannelTransportState.Connected && channel.RawState == (int)RtcDataChannelState.Connecting)
        {
            OpenChannel(channel);
            RequestTransmit();
        }
        else if (channel.RawState == (int)RtcDataChannelState.Closing)
        {
            BeginClose(channel); // closed before it was registered
        }
    }

    /// <summary>Opens a local channel once the association is up: DATA_CHANNEL_OPEN for an in-band one, then "open".</summary>
    private void OpenChannel(RtcDataChannel channel)
    {
        var association = _association!;
        var id = channel.Id!.Value;
        if (id >= association.OutboundStreams || id >= association.InboundStreams)
        {
            FinishClose(channel, new RtcDataChannelError(RtcErrorDetailType.DataChannelFailure,
                $"Stream id {id} is beyond the {Math.Min(association.OutboundStreams, association.InboundStreams)} streams negotiated with the peer."));
            return;
        }
        if (!channel.Negotiated && !channel.IsRemote)
        {
            var status = SendOpen(association, channel, id);
            if (status != SctpSendStatus.Ok)
            {
                FinishClose(channel, new RtcDataChannelError(RtcErrorDetailType.DataChannelFailure, $"DATA_CHANNEL_OPEN could not be sent: {status}."));
                return;
            }
        }
        channel.OnWire = true;
        if (channel.TryTransition(RtcDataChannelState.Connecting, RtcDataChannelState.Open))
        {
            Counters._channelsOpened++;
            channel.RaiseOpened();
        }
    }

    private SctpSendStatus SendOpen(SctpAssociation association, RtcDataChannel channel, ushort id)
    {
        var label = Encoding.UTF8.GetBytes(channel.Label);
        var protocol = Encoding.UTF8.GetBytes(channel.Protocol);
        var parameter = channel.MaxRetransmits ?? channel.MaxPacketLifeTime ?? 0u;
        var open = new DataChannelOpenMessage(
            DataChannelTypeExtensions.From(channel.Ordered, channel.MaxRetransmits is not null, channel.MaxPacketLifeTime is not null),
            channel.Priority, parameter, label, protocol);
        var buffer = ArrayPool<byte>.Shared.Rent(open.GetLength());
        try
        {
            var length = open.Write(buffer);
            // RFC 8832 §6: DCEP messages are sent reliably and in order on the channel's own stream.
            return association.Send(id, (uint)DataChannelPpid.Dcep, buffer.AsSpan(0, length), SctpSendOptions.Reliable, Now);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Hands one user message, the first <paramref name="length"/> bytes of a buffer rented with
    /// <see cref="BufferPools.RentMessage"/>, to the association (executor). True: the association took the buffer
    /// over. False: it was refused and the buffer is still the caller's.
    /// </summary>
    internal bool SendUserMessage(RtcDataChannel channel, DataChannelPpid ppid, byte[] buffer, int length)
    {
        var association = _association;
        if (association is null || channel.Id is not { } id)
        {
            Counters._sendRefused++;
            return false;
        }
        var options = channel.AwaitingAck ? channel.SendOptions with { Unordered = false } : channel.SendOptions;
        var status = association.SendPooled(id, (uint)ppid, buffer, length, options, Now);
        if (status != SctpSendStatus.Ok)
        {
            Counters._sendRefused++;
            return false;
        }
        Counters._messagesSent++;
        Counters._bytesSent += length;
        Volatile.Write(ref channel._messagesSent, channel._messagesSent + 1);
        Volatile.Write(ref channel._bytesSent, channel._bytesSent + length);
        Track(channel);
        return true;
    }

    internal void PostClose(RtcDataChannel channel) => _executor.Post(() => BeginClose(channel));

    /// <summary>
    /// Runs the closing procedure (RFC 8831 §6.7) for a channel already in "closing": sends what was
    /// accepted before, resets the outgoing stream, and closes once the peer has reset its side too.
    /// A channel with nothing on the wire (association not up) closes at once.
    /// </summary>
    internal void BeginClose(RtcDataChannel channel)
    {
        if (channel.RawState == (int)RtcDataChannelState.Closed)
        {
            return;
        }
        if (!channel.Registered)
        {
            if (_unregisteredWithoutId.Contains(channel))
            {
                FinishClose(channel, null); // created before the transport started: never on the wire
            }
            return; // otherwise Register has not run yet: it sees "closing" and comes back here
        }
        var association = _association;
        if (association is null || State != SctpDataChannelTransportState.Connected || !channel.OnWire)
        {
            // Nothing of this channel reached the peer: there is no stream to reset.
            FinishClose(channel, null);
            return;
        }
        channel.FlushPending();
        if (!channel.OutgoingResetRequested)
        {
            channel.OutgoingResetRequested = true;
            Span<ushort> ids = [channel.Id!.Value];
            var status = association.ResetStreams(ids);
            if (status != SctpResetStatus.Ok)
            {
                // The peer cannot reset streams (no RE-CONFIG): nothing more can be done on the wire.
                FinishClose(channel, null);
                return;
            }
            RequestTransmit();
        }
        if (channel.OutgoingResetDone && channel.IncomingResetDone)
        {
            FinishClose(channel, null);
        }
    }

    /// <summary>Marks a channel closed, frees its stream id and buffers, raises error (if any) and close.</summary>
    private void FinishClose(RtcDataChannel channel, RtcDataChannelError? error)
    {
        if (channel.RawState == (int)RtcDataChannelState.Closed)
        {
            return;
        }
        channel.SetState(RtcDataChannelState.Closed);
        channel.DropPending();
        channel.ClearSctpBuffered();
        if (channel.Id is { } id)
        {
            if (channel.Registered && _channels.TryGetValue(id, out var current) && ReferenceEquals(current, channel))
            {
                _channels.Remove(id);
            }
            ReleaseId(id);
        }
        else
        {
            lock (_gate)
            {
                _awaitingId.Remove(channel);
            }
        }
        if (!channel.Registered)
        {
            _unregisteredWithoutId.Remove(channel);
        }
        channel.Registered = false;
        Counters._channelsClosed++;
        if (error is not null)
        {
            channel.RaiseError(error);
        }
        channel.RaiseClosedAndDetach();
    }

    /// <summary>Closes every channel (association gone); a snapshot, because handlers may create channels meanwhile.</summary>
    private void CloseAllChannels(RtcDataChannelError? error)
    {
        var snapshot = new List<RtcDataChannel>(_channels.Values);
        snapshot.AddRange(_unregisteredWithoutId);
        foreach (var channel in snapshot)
        {
            FinishClose(channel, error);
        }
    }

    private void ShutdownCore()
    {
        if (_association is { } association && State != SctpDataChannelTransportState.Closed)
        {
            _inPass = true;
            try
            {
                association.Shutdown(Now);
            }
            finally
            {
                _inPass = false;
            }
            AfterPass();
        }
        else
        {
            Terminate(new SctpCloseInfo(SctpCloseReason.ShutdownComplete, SctpErrorCauseCode.None, "Shut down before the association started."));
        }
    }

    private void AbortCore(string reason)
    {
        if (_association is { } association && State != SctpDataChannelTransportState.Closed)
        {
            _inPass = true;
            try
            {
                association.Abort(reason);
            }
            finally
            {
                _inPass = false;
            }
            AfterPass();
        }
        // Whatever the association reported, the transport is finished now.
        Terminate(new SctpCloseInfo(SctpCloseReason.AbortedLocally, SctpErrorCauseCode.None, reason));
    }

    /// <summary>Final state: every channel closed, no more creation, timer released, Closed raised once.</summary>
    private void Terminate(SctpCloseInfo info)
    {
        lock (_gate)
        {
            _closedForCreation = true;
        }
        if (Interlocked.Exchange(ref _state, (int)SctpDataChannelTransportState.Closed) == (int)SctpDataChannelTransportState.Closed)
        {
            return;
        }
        StopTimer();
        var error = info.Reason == SctpCloseReason.ShutdownComplete
            ? null
            : new RtcDataChannelError(RtcErrorDetailType.SctpFailure, $"The SCTP association ended: {info}.");
        CloseAllChannels(error);
        for (var i = _tracked.Count - 1; i >= 0; i--)
        {
            Untrack(i);
        }
        var closed = Closed;
        if (closed is not null)
        {
            Invoke(closed, info);
        }
        Connected = null;
        Closed = null;
        DataChannel = null;
    }
}
