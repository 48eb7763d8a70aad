using MeshActors.WebRtc;
using MeshActors.WebRtc.DataChannels;
using MeshActors.WebRtc.Sdp;

using MeshHost.Cli;

namespace MeshActors.Interop.Tests.Harness;

/// <summary>The .NET stack as one end of an interop scenario: an <see cref="RtcPeerConnection"/> with the page's checks.</summary>
internal sealed class DotNetPeer(RtcConfiguration? configuration = null) : IInteropPeer
{
    private readonly Dictionary<string, Record> _channels = [];
    private readonly List<string> _localCandidates = [];
    private readonly object _gate = new();
    private RtcPeerConnection? _pc;

    public string Name => "dotnet";

    public Action<CandidateMessage>? OnCandidate { get; set; }

    public RtcPeerConnection Connection => _pc ?? throw new InvalidOperationException("No connection yet.");

    public Task CreateConnectionAsync()
    {
        _pc = new RtcPeerConnection(configuration);
        _pc.IceCandidate += c =>
        {
            lock (_gate)
            {
                if (!c.IsEndOfCandidates)
                {
                    _localCandidates.Add(c.Candidate);
                }
            }
            OnCandidate?.Invoke(new CandidateMessage(c.Candidate, c.SdpMid, c.SdpMLineIndex));
        };
        _pc.DataChannel += Register;
        return Task.CompletedTask;
    }

    public Task CreateChannelAsync(ChannelSpec spec)
    {
        Register(Connection.CreateDataChannel(spec.Label, new RtcDataChannelInit
        {
            Ordered = spec.Ordered,
            Negotiated = spec.Negotiated,
            Id = (ushort?)spec.Id,
            MaxPacketLifeTime = (ushort?)spec.MaxPacketLifeTime,
            MaxRetransmits = (ushort?)spec.MaxRetransmits,
            Protocol = spec.Protocol,
        }));
        return Task.CompletedTask;
    }

    public async Task<string> CreateOfferAsync()
    {
        await Connection.SetLocalDescriptionAsync();
        return Connection.LocalDescription!.Sdp;
    }

    public async Task<string> AcceptOfferAsync(string sdp)
    {
        await Connection.SetRemoteDescriptionAsync(new RtcSessionDescription(SdpType.Offer, sdp));
        await Connection.SetLocalDescriptionAsync();
        return Connection.LocalDescription!.Sdp;
    }

    public Task AcceptAnswerAsync(string sdp) => Connection.SetRemoteDescriptionAsync(new RtcSessionDescription(SdpType.Answer, sdp));

    public Task AddCandidateAsync(CandidateMessage candidate) =>
        Connection.AddIceCandidateAsync(new RtcIceCandidateInit(candidate.Candidate, candidate.SdpMid, candidate.SdpMLineIndex));

    public Task<ChannelSummary> WaitOpenAsync(string label, TimeSpan timeout) =>
        Until(label, r => r.Channel.ReadyState == RtcDataChannelState.Open, timeout, "open");

    public Task SetEchoAsync(string label, bool echo)
    {
        lock (_gate)
        {
            _channels[label].Echo = echo;
        }
        return Task.CompletedTask;
    }

    public Task ExpectSizeAsync(string label, int size)
    {
        lock (_gate)
        {
            _channels[label].ExpectSize = size;
        }
        return Task.CompletedTask;
    }

    public async Task SendAsync(string label, int first, int count, int size, MessageKind kind)
    {
        RtcDataChannel channel;
        lock (_gate)
        {
            channel = _channels[label].Channel;
        }
        channel.BufferedAmountLowThreshold = 1 << 20;
        for (var i = first; i < first + count; i++)
        {
            while (true)
            {
                var result = kind switch
                {
                    MessageKind.Text => channel.TrySend(NumberedMessage.Text(i, size)),
                    MessageKind.Binary => channel.TrySend(NumberedMessage.Binary(i, size)),
                    MessageKind.EmptyText => channel.TrySend(""),
                    _ => channel.TrySend(ReadOnlySpan<byte>.Empty),
                };
                if (result == RtcDataChannelSendResult.Queued)
                {
                    break;
                }
                if (result != RtcDataChannelSendResult.BufferFull)
                {
                    throw new InvalidOperationException($"Send on '{label}' failed: {result}.");
                }
                await WaitLowAsync(channel);
            }
            if (channel.BufferedAmount > (4 << 20))
            {
                await WaitLowAsync(channel);
            }
        }
    }

    public Task<ChannelSummary> WaitReceivedAsync(string label, int count, TimeSpan timeout) =>
        Until(label, r => r.Received >= count, timeout, $"{count} messages");

    public Task<ChannelSummary> ReceivedAsync(string label)
    {
        lock (_gate)
        {
            return Task.FromResult(Summary(label));
        }
    }

    public Task CloseChannelAsync(string label)
    {
        lock (_gate)
        {
            _channels[label].Channel.Close();
        }
        return Task.CompletedTask;
    }

    public Task<ChannelSummary> WaitClosedAsync(string label, TimeSpan timeout) =>
        Until(label, r => r.Channel.ReadyState == RtcDataChannelState.Closed, timeout, "close");

    public Task CloseConnectionAsync()
    {
        _pc?.Close();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> LocalCandidatesAsync()
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<string>>(_localCandidates.ToArray());
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_pc is not null)
        {
            await _pc.DisposeAsync();
        }
    }

    private static async Task WaitLowAsync(RtcDataChannel channel)
    {
        var low = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLow() => low.TrySetResult();
        channel.BufferedAmountLow += OnLow;
        try
        {
            if (channel.BufferedAmount <= channel.BufferedAmountLowThreshold)
            {
                return;
            }
            await low.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            channel.BufferedAmountLow -= OnLow;
        }
    }

    private void Register(RtcDataChannel channel)
    {
        var record = new Record(channel);
        lock (_gate)
        {
            _channels[channel.Label] = record;
        }
        channel.Message += m =>
        {
            bool echo;
            lock (_gate)
            {
                echo = record.Echo;
                if (echo)
                {
                    record.Received++;
                }
                else
                {
                    record.Check(m);
                }
            }
            if (echo)
            {
                if (m.IsText)
                {
                    channel.TrySend(m.Text!);
                }
                else
                {
                    channel.TrySend(m.Binary!);
                }
            }
        };
    }

    private async Task<ChannelSummary> Until(string label, Func<Record, bool> test, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            lock (_gate)
            {
                if (_channels.TryGetValue(label, out var r) && test(r))
                {
                    return Summary(label);
                }
            }
            if (DateTime.UtcNow > deadline)
            {
                lock (_gate)
                {
                    throw new TimeoutException($"timeout waiting for {what} on {label}: {Summary(label)} ({_pc})");
                }
            }
            await Task.Delay(5);
        }
    }

    private ChannelSummary Summary(string label)
    {
        if (!_channels.TryGetValue(label, out var r))
        {
            return new ChannelSummary { Label = label, Exists = false };
        }
        var ch = r.Channel;
        return new ChannelSummary
        {
            Label = label,
            Exists = true,
            Id = ch.Id,
            State = ch.ReadyState.ToString().ToLowerInvariant(),
            Ordered = ch.Ordered,
            MaxPacketLifeTime = ch.MaxPacketLifeTime,
            MaxRetransmits = ch.MaxRetransmits,
            Protocol = ch.Protocol,
            Negotiated = ch.Negotiated,
            Received = r.Received,
            Valid = r.Valid,
            Text = r.Text,
            Binary = r.Binary,
            Empty = r.Empty,
            Bytes = r.Bytes,
            Corrupt = r.Corrupt,
            Duplicates = r.Duplicates,
            InOrder = r.InOrder,
        };
    }

    /// <summary>What arrived on one channel, checked like the page does.</summary>
    private sealed class Record(RtcDataChannel channel)
    {
        private readonly HashSet<int> _seen = [];
        private int _last = -1;

        public RtcDataChannel Channel { get; } = channel;

        public bool Echo { get; set; }

        public int? ExpectSize { get; set; }

        public int Received { get; set; }

        public int Valid { get; private set; }

        public int Text { get; private set; }

        public int Binary { get; private set; }

        public int Empty { get; private set; }

        public long Bytes { get; private set; }

        public int Corrupt { get; private set; }

        public int Duplicates { get; private set; }

        public bool InOrder { get; private set; } = true;

        public void Check(RtcDataChannelMessage message)
        {
            Received++;
            int index;
            if (message.IsText)
            {
                var text = message.Text!;
                Text++;
                Bytes += text.Length;
                if (text.Length == 0)
                {
                    Empty++;
                    return;
                }
                index = NumberedMessage.CheckText(text, ExpectSize ?? text.Length);
            }
            else
            {
                var data = message.Binary!;
                Binary++;
                Bytes += data.Length;
                if (data.Length == 0)
                {
                    Empty++;
                    return;
                }
                index = NumberedMessage.CheckBinary(data, ExpectSize ?? data.Length);
            }
            if (index < 0)
            {
                Corrupt++;
                return;
            }
            if (!_seen.Add(index))
            {
                Duplicates++;
                return;
            }
            if (index < _last)
            {
                InOrder = false;
            }
            _last = index;
            Valid++;
        }
    }
}
