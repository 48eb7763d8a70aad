using MeshActors.WebRtc.Net;
using MeshActors.WebRtc.Sctp;

namespace MeshActors.WebRtc.DataChannels;

/// <summary>
/// The driver half: feeds datagrams and timeouts into the sans-I/O association, sends what it
/// produces over the DTLS transport, keeps one timer armed for its next deadline and refreshes the
/// channels' buffered amounts after every pass.
/// </summary>
public sealed partial class SctpDataChannelTransport : IDatagramReceiver
{
    private readonly TimeoutWorkItem _timeoutItem;
    private readonly TransmitWorkItem _transmitItem;
    private readonly byte[] _packetBuffer;
    private readonly List<RtcDataChannel> _tracked = []; // channels with bytes in the association's queue
    private ITimer? _timer;
    private TimeSpan? _armedDeadline;
    private int _timeoutPosted;
    private bool _transmitPosted;
    private bool _inPass; // inside a call into the association: transmission happens at the end of it

    private void StartCore(IDatagramTransport transport, long remoteMaxMessageSize, ushort? remotePort)
    {
        if (State == SctpDataChannelTransportState.Closed)
        {
            return;
        }
        _transport = transport;
        // SCTP packets must fit one DTLS record on this path (RFC 8261 §5: no IP fragmentation).
        var options = _sctpOptions;
        if (options.MaxPacketSize > transport.MaxDatagramSize || (remotePort is { } port && port != options.RemotePort))
        {
            options = CopyOptions(options, Math.Min(options.MaxPacketSize, transport.MaxDatagramSize), remotePort ?? options.RemotePort);
        }
        _association = new SctpAssociation(options, this) { RemoteMaxMessageSize = remoteMaxMessageSize };
        var waiting = _unregisteredWithoutId.ToArray(); // RegisterWithId may close (and unlist) a channel
        _unregisteredWithoutId.Clear();
        foreach (var channel in waiting)
        {
            if (channel.RawState != (int)RtcDataChannelState.Closed)
            {
                RegisterWithId(channel);
            }
        }
        transport.SetReceiver(this);
        _inPass = true;
        try
        {
            _association.Connect(Now);
        }
        finally
        {
            _inPass = false;
        }
        AfterPass();
    }

    /// <summary>A copy of <paramref name="options"/> with another packet size and remote port (every other setting kept).</summary>
    internal static SctpAssociationOptions CopyOptions(SctpAssociationOptions options, int maxPacketSize, ushort remotePort) => new()
    {
        LocalPort = options.LocalPort,
        RemotePort = remotePort,
        MaxPacketSize = maxPacketSize,
        OutboundStreams = options.OutboundStreams,
        InboundStreams = options.InboundStreams,
        ReceiveWindow = options.ReceiveWindow,
        MaxMessageSize = options.MaxMessageSize,
        MaxBufferedAmountPerStream = options.MaxBufferedAmountPerStream,
        RtoInitial = options.RtoInitial,
        RtoMin = options.RtoMin,
        RtoMax = options.RtoMax,
        MaxTimerBackoff = options.MaxTimerBackoff,
        InitTimeout = options.InitTimeout,
        DelayedAckTimeout = options.DelayedAckTimeout,
        HeartbeatInterval = options.HeartbeatInterval,
        CookieLifetime = options.CookieLifetime,
        MaxRetransmissions = options.MaxRetransmissions,
        MaxInitRetransmissions = options.MaxInitRetransmissions,
        InitialCongestionWindowPackets = options.InitialCongestionWindowPackets,
        EnablePartialReliability = options.EnablePartialReliability,
        EnableMessageInterleaving = options.EnableMessageInterleaving,
        InitialTsn = options.InitialTsn,
    };

    /// <summary>One SCTP packet from DTLS (on the executor).</summary>
    void IDatagramReceiver.OnDatagram(ReadOnlySpan<byte> datagram)
    {
        if (_association is null)
        {
            return;
        }
        _inPass = true;
        try
        {
            _association.HandlePacket(datagram, Now);
        }
        finally
        {
            _inPass = false;
        }
        AfterPass();
    }

    /// <summary>
    /// Asks for the association's packets to be sent: at the end of the current pass, or by one work
    /// item posted for all requests made outside a pass (so a burst of sends is bundled into packets).
    /// </summary>
    internal void RequestTransmit()
    {
        if (_inPass || _transmitPosted)
        {
            return;
        }
        _transmitPosted = true;
        _executor.Post(_transmitItem);
    }

    /// <summary>Sends every packet the association has ready, then refreshes buffered amounts and the timer.</summary>
    private void AfterPass()
    {
        var association = _association;
        if (association is null)
        {
            return;
        }
        _inPass = true;
        try
        {
            var now = Now;
            int length;
            var transport = _transport!;
            while ((length = association.PollTransmit(_packetBuffer, now)) > 0)
            {
                transport.Send(_packetBuffer.AsSpan(0, length)); // false is a loss: SCTP retransmits
            }
        }
        finally
        {
            _inPass = false;
        }
        if (State == SctpDataChannelTransportState.Closed)
        {
            return; // the last packets (an ABORT, a SHUTDOWN COMPLETE) are out; no timer outlives the transport
        }
        RefreshBufferedAmounts(association);
        ArmTimer(association);
    }

    /// <summary>
    /// Reads, for every channel with bytes in the association's queue, how many are left; raises
    /// BufferedAmountLow where the total crossed the threshold. Handlers may send (the channel is
    /// tracked again) or close channels while this runs.
    /// </summary>
    private void RefreshBufferedAmounts(SctpAssociation association)
    {
        for (var i = _tracked.Count - 1; i >= 0; i--)
        {
            if (i >= _tracked.Count)
            {
                continue; // a handler shortened the list
            }
            var channel = _tracked[i];
            if (channel.RawState == (int)RtcDataChannelState.Closed || channel.Id is not { } id)
            {
                Untrack(i);
                continue;
            }
            var crossed = channel.UpdateSctpBuffered(association.GetBufferedAmount(id));
            if (channel.SctpBuffered == 0)
            {
                Untrack(i);
            }
            if (crossed)
            {
                channel.RaiseBufferedAmountLow();
            }
        }
    }

    private void Track(RtcDataChannel channel)
    {
        if (!channel.Tracked)
        {
            channel.Tracked = true;
            _tracked.Add(channel);
        }
    }

    private void Untrack(int index)
    {
        _tracked[index].Tracked = false;
        var last = _tracked.Count - 1;
        _tracked[index] = _tracked[last];
        _tracked.RemoveAt(last);
    }

    /// <summary>
    /// Keeps the timer at or before the association's next deadline. A later deadline leaves the timer
    /// as it is: it fires early, finds nothing due and re-arms. Deadlines move on almost every packet
    /// (T3-rtx restarts, delayed SACK), so this saves most timer changes.
    /// </summary>
    private void ArmTimer(SctpAssociation association)
    {
        if (association.NextDeadline is not { } due || (_armedDeadline is { } armed && armed <= due))
        {
            return;
        }
        _armedDeadline = due;
        var delay = due - Now;
        if (delay < TimeSpan.Zero)
        {
            delay = TimeSpan.Zero;
        }
        if (_timer is null)
        {
            _timer = _time.CreateTimer(static state => ((SctpDataChannelTransport)state!).OnTimer(), this, delay, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Timer thread: hands the timeout to the executor (one work item at a time).</summary>
    private void OnTimer()
    {
        if (Interlocked.Exchange(ref _timeoutPosted, 1) == 0)
        {
            _executor.Post(_timeoutItem);
        }
    }

    private void HandleTimeout()
    {
        Volatile.Write(ref _timeoutPosted, 0);
        _armedDeadline = null; // the timer has fired: arm it again for whatever is next
        var association = _association;
        if (association is null)
        {
            return;
        }
        _inPass = true;
        try
        {
            association.HandleTimeout(Now);
        }
        finally
        {
            _inPass = false;
        }
        AfterPass();
    }

    private void StopTimer()
    {
        _timer?.Dispose();
        _timer = null;
        _armedDeadline = null;
    }

    private sealed class TimeoutWorkItem(SctpDataChannelTransport transport) : IWorkItem
    {
        public void Execute() => transport.HandleTimeout();
    }

    private sealed class TransmitWorkItem(SctpDataChannelTransport transport) : IWorkItem
    {
        public void Execute()
        {
            transport._transmitPosted = false;
            transport.AfterPass();
        }
    }
}
