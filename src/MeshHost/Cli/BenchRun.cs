using System.Diagnostics;
using MeshActors.WebRtc;
using MeshActors.WebRtc.DataChannels;

namespace MeshHost.Cli;

/// <summary>What <c>bench</c> measures in one run.</summary>
internal sealed record BenchResult(double ConnectMs, double ThroughputMBps, double RttP50Us, double RttP99Us);

/// <summary>What <c>bench</c> was asked to do.</summary>
internal sealed record BenchOptions(int Mib, int MessageSize, int Pings, int PingSize, int Runs, bool Json);

/// <summary>
/// One <c>bench</c> run: two <see cref="RtcPeerConnection"/>s in this process over loopback UDP, one reliable ordered
/// channel (negotiated, id 1). Measures the connect time, the throughput of a bulk transfer and ping-pong round trips.
/// </summary>
internal static class BenchRun
{
    /// <summary>The sender pauses above this many buffered bytes and resumes at or below <see cref="LowWater"/>.</summary>
    private const long HighWater = 4L << 20;

    private const long LowWater = 1L << 20;

    private const int WarmUpPings = 20;

    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(60);

    public static async Task<BenchResult> RunOnceAsync(BenchOptions options)
    {
        var configuration = new RtcConfiguration { HostCandidates = RtcHostCandidatePolicy.LoopbackOnly, EnableIPv6 = false };
        await using var offerer = new RtcPeerConnection(configuration);
        await using var answerer = new RtcPeerConnection(configuration);
        var toAnswerer = new CandidateForwarder(offerer, answerer);
        var toOfferer = new CandidateForwarder(answerer, offerer);
        var init = new RtcDataChannelInit { Negotiated = true, Id = 1, Ordered = true };

        // Connect: from createOffer until both ends are open.
        var start = Stopwatch.GetTimestamp();
        var sending = offerer.CreateDataChannel("bench", init);
        var receiving = answerer.CreateDataChannel("bench", init);
        var bothOpen = Task.WhenAll(OpenedAsync(sending), OpenedAsync(receiving));
        var offer = await offerer.CreateOfferAsync();
        await offerer.SetLocalDescriptionAsync(offer);
        await answerer.SetRemoteDescriptionAsync(offer);
        toAnswerer.Open();
        var answer = await answerer.CreateAnswerAsync();
        await answerer.SetLocalDescriptionAsync(answer);
        await offerer.SetRemoteDescriptionAsync(answer);
        toOfferer.Open();
        await bothOpen.WaitAsync(StepTimeout);
        var connectMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

        var throughput = await ThroughputAsync(sending, receiving, (long)options.Mib << 20, options.MessageSize);
        var (p50, p99) = await PingPongAsync(sending, receiving, options.Pings, options.PingSize);
        return new BenchResult(connectMs, throughput, p50, p99);
    }

    /// <summary>MB/s (10^6 bytes) from the first send to the last byte received.</summary>
    private static async Task<double> ThroughputAsync(RtcDataChannel sending, RtcDataChannel receiving, long total, int messageSize)
    {
        long received = 0;
        long lastByteAt = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnMessage(RtcDataChannel channel, ReadOnlySpan<byte> data, bool isText)
        {
            received += data.Length;
            if (received >= total)
            {
                lastByteAt = Stopwatch.GetTimestamp();
                done.TrySetResult();
            }
        }
        receiving.MessageReceived += OnMessage;
        var payload = new byte[messageSize];
        Random.Shared.NextBytes(payload);
        sending.BufferedAmountLowThreshold = LowWater;
        var firstSendAt = Stopwatch.GetTimestamp();
        await Task.Run(async () =>
        {
            long sent = 0;
            while (sent < total)
            {
                var length = (int)Math.Min(messageSize, total - sent);
                var result = sending.TrySend(payload.AsSpan(0, length));
                if (result == RtcDataChannelSendResult.Queued)
                {
                    sent += length;
                    if (sending.BufferedAmount <= HighWater)
                    {
                        continue;
                    }
                }
                else if (result != RtcDataChannelSendResult.BufferFull)
                {
                    throw new InvalidOperationException($"bench: send refused ({result}).");
                }
                await LowAsync(sending);
            }
        });
        await done.Task.WaitAsync(StepTimeout);
        receiving.MessageReceived -= OnMessage;
        var seconds = Stopwatch.GetElapsedTime(firstSendAt, lastByteAt).TotalSeconds;
        return total / 1e6 / seconds;
    }

    /// <summary>Round trips of one message at a time, answered on the receiving side's executor; p50 and p99 in µs after warm-up.</summary>
    private static async Task<(double P50, double P99)> PingPongAsync(RtcDataChannel pinger, RtcDataChannel ponger, int pings, int size)
    {
        var samples = new double[pings];
        var ping = new byte[Math.Max(size, 1)];
        var count = 0;
        long sentAt = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnPing(RtcDataChannel channel, ReadOnlySpan<byte> data, bool isText) => channel.TrySend(data);
        void OnPong(RtcDataChannel channel, ReadOnlySpan<byte> data, bool isText)
        {
            var now = Stopwatch.GetTimestamp();
            if (count >= WarmUpPings)
            {
                samples[count - WarmUpPings] = Stopwatch.GetElapsedTime(sentAt, now).TotalMicroseconds;
            }
            count++;
            if (count == WarmUpPings + pings)
            {
                done.TrySetResult();
                return;
            }
            sentAt = Stopwatch.GetTimestamp();
            channel.TrySend(ping);
        }
        ponger.MessageReceived += OnPing;
        pinger.MessageReceived += OnPong;
        sentAt = Stopwatch.GetTimestamp();
        if (pinger.TrySend(ping) != RtcDataChannelSendResult.Queued)
        {
            throw new InvalidOperationException("bench: the first ping was refused.");
        }
        await done.Task.WaitAsync(StepTimeout);
        ponger.MessageReceived -= OnPing;
        pinger.MessageReceived -= OnPong;
        Array.Sort(samples);
        return (Percentile(samples, 0.50), Percentile(samples, 0.99));
    }

    /// <summary>Nearest-rank percentile of sorted samples.</summary>
    public static double Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    private static Task OpenedAsync(RtcDataChannel channel)
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.Opened += () => open.TrySetResult();
        if (channel.ReadyState == RtcDataChannelState.Open)
        {
            open.TrySetResult();
        }
        return open.Task;
    }

    private static async Task LowAsync(RtcDataChannel channel)
    {
        var low = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLow() => low.TrySetResult();
        channel.BufferedAmountLow += OnLow;
        try
        {
            if (channel.BufferedAmount > channel.BufferedAmountLowThreshold)
            {
                await low.Task.WaitAsync(StepTimeout);
            }
        }
        finally
        {
            channel.BufferedAmountLow -= OnLow;
        }
    }

    /// <summary>Hands one connection's candidates to the other, in order, once it has its remote description.</summary>
    private sealed class CandidateForwarder
    {
        private readonly RtcPeerConnection _to;
        private readonly List<RtcIceCandidateInit> _held = [];
        private readonly object _gate = new();
        private bool _open;

        public CandidateForwarder(RtcPeerConnection from, RtcPeerConnection to)
        {
            _to = to;
            from.IceCandidate += candidate =>
            {
                lock (_gate)
                {
                    if (!_open)
                    {
                        _held.Add(candidate.ToInit());
                        return;
                    }
                }
                _ = _to.AddIceCandidateAsync(candidate.ToInit());
            };
        }

        public void Open()
        {
            lock (_gate)
            {
                _open = true;
                foreach (var candidate in _held)
                {
                    _ = _to.AddIceCandidateAsync(candidate);
                }
                _held.Clear();
            }
        }
    }
}
