using System.Diagnostics;
using System.Text.Json;
using MeshActors.WebRtc;
using MeshActors.WebRtc.DataChannels;
using MeshActors.WebRtc.Sdp;

namespace MeshHost.Cli;

/// <summary>What <c>peer</c> was asked to do.</summary>
internal sealed record PeerOptions(
    bool Offerer,
    IReadOnlyList<PeerChannelPlan> Channels,
    bool Echo,
    int Send,
    int Size,
    bool Binary,
    bool LoopbackOnly,
    TimeSpan Timeout);

/// <summary>
/// One side of a connection for <c>peer</c>: signaling as JSON lines on <paramref name="output"/>/<paramref name="input"/>,
/// logs and the final <c>RESULT {json}</c> line on <paramref name="log"/>.
/// </summary>
internal sealed class PeerSession(PeerOptions options, TextReader input, TextWriter output, TextWriter log)
{
    /// <summary>The sender pauses above this many buffered bytes…</summary>
    private const long HighWater = 4L << 20;

    /// <summary>…and resumes at or below this many.</summary>
    private const long LowWater = 1L << 20;

    /// <summary>How long a partially reliable channel may stay quiet before its missing echoes count as lost.</summary>
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(1);

    private readonly long _start = Stopwatch.GetTimestamp();
    private readonly object _outputGate = new();
    private readonly List<string> _heldCandidates = [];
    private readonly Dictionary<string, ChannelTally> _tallies = [];
    private readonly object _talliesGate = new();
    private TaskCompletionSource _tallyAdded = NewSignal(); // replaced (under the gate) after every addition
    private readonly TaskCompletionSource<string> _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _descriptionWritten;
    private bool _resultWritten;
    private bool _allOpen;
    private long _connectStart;
    private RtcPeerConnection? _pc;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);
        string? reason = null;
        double? connectMs = null;
        var pc = _pc = new RtcPeerConnection(new RtcConfiguration
        {
            HostCandidates = options.LoopbackOnly ? RtcHostCandidatePolicy.LoopbackOnly : RtcHostCandidatePolicy.All,
            EnableIPv6 = !options.LoopbackOnly,
        });
        pc.IceCandidate += c => WriteCandidate(SignalingLines.Candidate(c));
        pc.DataChannel += OnRemoteChannel;
        pc.ConnectionStateChanged += s =>
        {
            Log($"connection {s.ToString().ToLowerInvariant()}");
            if (s == RtcPeerConnectionState.Failed)
            {
                _failed.TrySetResult($"connection failed{(pc.DtlsError is { } e ? ": " + e.Message : "")}");
            }
        };
        pc.Sctp.Closed += info => _failed.TrySetResult($"SCTP association closed: {info.Reason} {info.Message}");
        try
        {
            foreach (var plan in options.Channels)
            {
                if (plan.Init.Negotiated || plan.ByOfferer == options.Offerer)
                {
                    Attach(plan, pc.CreateDataChannel(plan.Label, plan.Init));
                }
            }
            // Reads until stdin closes; the run does not wait for it.
            _ = Task.Run(() => ReadSignalingAsync(pc, deadline.Token), CancellationToken.None);
            if (options.Offerer)
            {
                _connectStart = Stopwatch.GetTimestamp();
                await pc.SetLocalDescriptionAsync();
                WriteDescription(pc.LocalDescription!);
            }

            await WaitAllOpenAsync(deadline.Token);
            Volatile.Write(ref _allOpen, true);
            connectMs = Stopwatch.GetElapsedTime(Interlocked.Read(ref _connectStart)).TotalMilliseconds;
            Log($"all {options.Channels.Count} channel(s) open after {connectMs:F1} ms");

            if (options.Echo)
            {
                reason = await EchoUntilClosedAsync(deadline.Token);
            }
            else
            {
                reason = await SendAndVerifyAsync(deadline.Token);
                await CloseChannelsAsync();
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            reason = cancellationToken.IsCancellationRequested ? "cancelled" : $"timeout after {options.Timeout.TotalSeconds:F0} s";
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or NotSupportedException or TimeoutException)
        {
            reason = ex.Message;
        }
        finally
        {
            await pc.DisposeAsync();
        }
        WriteResult(reason, connectMs);
        return reason is null ? 0 : 1;
    }

    private void Attach(PeerChannelPlan plan, RtcDataChannel channel)
    {
        var tally = new ChannelTally(plan, channel);
        lock (_talliesGate)
        {
            _tallies[plan.Label] = tally;
            _tallyAdded.TrySetResult();
            _tallyAdded = NewSignal();
        }
        channel.Opened += () =>
        {
            Log($"channel '{channel.Label}' id {channel.Id} open");
            tally.Opened.TrySetResult();
        };
        channel.Closed += () =>
        {
            Log($"channel '{channel.Label}' closed");
            tally.Opened.TrySetException(new InvalidOperationException($"channel '{channel.Label}' closed before it opened"));
            tally.Closed.TrySetResult();
        };
        if (channel.ReadyState == RtcDataChannelState.Open)
        {
            tally.Opened.TrySetResult();
        }
        channel.Message += message =>
        {
            if (options.Echo)
            {
                var result = message.IsText ? channel.TrySend(message.Text!) : channel.TrySend(message.Binary!);
                tally.CountEchoed(dropped: result != RtcDataChannelSendResult.Queued);
            }
            else
            {
                tally.CheckEcho(message, options.Size, options.Binary);
            }
        };
    }

    private void OnRemoteChannel(RtcDataChannel channel)
    {
        foreach (var plan in options.Channels)
        {
            if (plan.Label == channel.Label && !plan.Init.Negotiated)
            {
                Attach(plan, channel);
                return;
            }
        }
        Log($"ignoring unexpected channel '{channel.Label}'");
    }

    private async Task ReadSignalingAsync(RtcPeerConnection pc, CancellationToken cancellationToken)
    {
        var remoteSet = false;
        var held = new List<RtcIceCandidateInit>();
        try
        {
            while (await input.ReadLineAsync(cancellationToken) is { } line)
            {
                var (description, candidate) = SignalingLines.Parse(line);
                if (description is not null)
                {
                    if (description.Type == SdpType.Offer)
                    {
                        Interlocked.Exchange(ref _connectStart, Stopwatch.GetTimestamp());
                    }
                    await pc.SetRemoteDescriptionAsync(description);
                    Log($"remote {description.Type.ToText()} set");
                    if (description.Type == SdpType.Offer)
                    {
                        await pc.SetLocalDescriptionAsync();
                        WriteDescription(pc.LocalDescription!);
                    }
                    remoteSet = true;
                    foreach (var c in held)
                    {
                        await AddCandidateAsync(pc, c);
                    }
                    held.Clear();
                }
                else if (candidate is not null)
                {
                    if (remoteSet)
                    {
                        await AddCandidateAsync(pc, candidate);
                    }
                    else
                    {
                        held.Add(candidate);
                    }
                }
            }
            Log("signaling input closed");
            if (!Volatile.Read(ref _allOpen))
            {
                // The peer is gone before the connection was up: nothing more can arrive, so do not wait for the timeout.
                _failed.TrySetResult("signaling input closed before every channel was open");
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or NotSupportedException)
        {
            _failed.TrySetResult($"signaling: {ex.Message}");
        }
    }

    private async Task AddCandidateAsync(RtcPeerConnection pc, RtcIceCandidateInit candidate)
    {
        try
        {
            await pc.AddIceCandidateAsync(candidate);
        }
        catch (ArgumentException ex)
        {
            // One bad candidate is not fatal: others may work.
            Log($"candidate refused: {ex.Message}");
        }
    }

    private async Task WaitAllOpenAsync(CancellationToken cancellationToken)
    {
        var waits = new List<Task>();
        foreach (var plan in options.Channels)
        {
            waits.Add(WaitOpenAsync(plan.Label, cancellationToken));
        }
        var all = Task.WhenAll(waits);
        var first = await Task.WhenAny(all, _failed.Task).WaitAsync(cancellationToken);
        if (first == _failed.Task)
        {
            throw new InvalidOperationException(await _failed.Task);
        }
        await all;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task WaitOpenAsync(string label, CancellationToken cancellationToken)
    {
        while (true)
        {
            ChannelTally? tally;
            Task added;
            lock (_talliesGate)
            {
                _tallies.TryGetValue(label, out tally);
                added = _tallyAdded.Task;
            }
            if (tally is not null)
            {
                await tally.Opened.Task.WaitAsync(cancellationToken);
                return;
            }
            // An in-band channel of the peer: it appears with the DataChannel event.
            await added.WaitAsync(cancellationToken);
        }
    }

    private async Task<string?> EchoUntilClosedAsync(CancellationToken cancellationToken)
    {
        var closes = new List<Task>();
        foreach (var tally in Tallies())
        {
            closes.Add(tally.Closed.Task);
        }
        // The run ends when every channel is closed, or when the connection ends (an abort closes them too).
        var first = await Task.WhenAny(Task.WhenAll(closes), _failed.Task).WaitAsync(cancellationToken);
        if (first == _failed.Task && !AllClosed())
        {
            return await _failed.Task;
        }
        return null;
    }

    private async Task<string?> SendAndVerifyAsync(CancellationToken cancellationToken)
    {
        var tallies = Tallies();
        // Partially reliable channels send first: a message with a 1 ms lifetime queued behind a burst of reliable
        // ones would expire before it is ever sent. The reliable channels then send concurrently.
        foreach (var tally in tallies)
        {
            if (!tally.Plan.Reliable)
            {
                await SendNumberedAsync(tally, cancellationToken);
            }
        }
        var sends = new List<Task>();
        foreach (var tally in tallies)
        {
            if (tally.Plan.Reliable)
            {
                sends.Add(SendNumberedAsync(tally, cancellationToken));
            }
        }
        await Task.WhenAll(sends);
        Log($"sent {options.Send} message(s) of {options.Size} B on each channel");
        var sentAt = Stopwatch.GetTimestamp();
        foreach (var tally in tallies)
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (_failed.Task.IsCompleted)
                {
                    return await _failed.Task;
                }
                if (tally.Echoes >= options.Send)
                {
                    break;
                }
                if (!tally.Plan.Reliable)
                {
                    var last = Math.Max(tally.LastEchoTimestamp, sentAt);
                    if (Stopwatch.GetElapsedTime(last) > QuietPeriod)
                    {
                        break;
                    }
                }
                await Task.Delay(2, cancellationToken);
            }
            cancellationToken.ThrowIfCancellationRequested();
        }
        foreach (var tally in tallies)
        {
            if (!tally.Passed(options.Send, out var why))
            {
                return $"channel '{tally.Plan.Label}': {why}";
            }
        }
        return null;
    }

    private async Task SendNumberedAsync(ChannelTally tally, CancellationToken cancellationToken)
    {
        var channel = tally.Channel;
        // A partially reliable message expires if it waits in the send queue longer than its lifetime (1 ms for
        // godot-pr): such channels send one message at a time, each once the previous one left the queue.
        var paced = !tally.Plan.Reliable;
        channel.BufferedAmountLowThreshold = paced ? 0 : LowWater;
        for (var i = 0; i < options.Send; i++)
        {
            while (true)
            {
                var result = options.Binary
                    ? channel.TrySend(NumberedMessage.Binary(i, options.Size))
                    : channel.TrySend(NumberedMessage.Text(i, options.Size));
                if (result == RtcDataChannelSendResult.Queued)
                {
                    break;
                }
                if (result != RtcDataChannelSendResult.BufferFull)
                {
                    throw new InvalidOperationException($"channel '{channel.Label}': send refused ({result})");
                }
                await WaitLowAsync(channel, cancellationToken);
            }
            tally.CountSent();
            if (channel.BufferedAmount > (paced ? 0 : HighWater))
            {
                await WaitLowAsync(channel, cancellationToken);
            }
        }
    }

    private static async Task WaitLowAsync(RtcDataChannel channel, CancellationToken cancellationToken)
    {
        var low = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLow() => low.TrySetResult();
        void OnClosed() => low.TrySetException(new InvalidOperationException($"channel '{channel.Label}' closed while sending"));
        channel.BufferedAmountLow += OnLow;
        channel.Closed += OnClosed;
        try
        {
            if (channel.BufferedAmount > channel.BufferedAmountLowThreshold && channel.ReadyState == RtcDataChannelState.Open)
            {
                await low.Task.WaitAsync(cancellationToken);
            }
        }
        finally
        {
            channel.BufferedAmountLow -= OnLow;
            channel.Closed -= OnClosed;
        }
    }

    private async Task CloseChannelsAsync()
    {
        var closes = new List<Task>();
        foreach (var tally in Tallies())
        {
            tally.Channel.Close();
            closes.Add(tally.Closed.Task);
        }
        // The peer answers each reset with its own; give that a moment, then the connection closes anyway.
        await Task.WhenAny(Task.WhenAll(closes), Task.Delay(TimeSpan.FromSeconds(2)));
    }

    private bool AllClosed()
    {
        foreach (var tally in Tallies())
        {
            if (!tally.Closed.Task.IsCompleted)
            {
                return false;
            }
        }
        return true;
    }

    private List<ChannelTally> Tallies()
    {
        lock (_talliesGate)
        {
            var list = new List<ChannelTally>(_tallies.Count);
            foreach (var plan in options.Channels)
            {
                if (_tallies.TryGetValue(plan.Label, out var tally))
                {
                    list.Add(tally);
                }
            }
            return list;
        }
    }

    private void WriteDescription(RtcSessionDescription description)
    {
        lock (_outputGate)
        {
            output.WriteLine(SignalingLines.Description(description));
            _descriptionWritten = true;
            foreach (var line in _heldCandidates)
            {
                output.WriteLine(line);
            }
            _heldCandidates.Clear();
            output.Flush();
        }
        Log($"local {description.Type.ToText()} sent");
    }

    /// <summary>Candidates gathered before our description went out wait for it: the peer needs the description first.</summary>
    private void WriteCandidate(string line)
    {
        lock (_outputGate)
        {
            if (!_descriptionWritten)
            {
                _heldCandidates.Add(line);
                return;
            }
            output.WriteLine(line);
            output.Flush();
        }
    }

    private void WriteResult(string? reason, double? connectMs)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteBoolean("ok", reason is null);
            json.WriteString("reason", reason ?? "");
            json.WriteString("role", options.Offerer ? "offerer" : "answerer");
            json.WriteString("mode", options.Echo ? "echo" : "send");
            if (connectMs is { } ms)
            {
                json.WriteNumber("connect_ms", Math.Round(ms, 2));
            }
            else
            {
                json.WriteNull("connect_ms");
            }
            json.WriteStartArray("channels");
            foreach (var tally in Tallies())
            {
                tally.WriteJson(json);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        Log(reason is null ? "ok" : "FAILED: " + reason);
        lock (log)
        {
            log.WriteLine("RESULT " + System.Text.Encoding.UTF8.GetString(stream.ToArray()));
            log.Flush();
            // RESULT is the last line: late events (stdin closing, channel closes) are not logged after it.
            _resultWritten = true;
        }
    }

    private void Log(string message)
    {
        lock (log)
        {
            if (_resultWritten)
            {
                return;
            }
            log.WriteLine($"[{Stopwatch.GetElapsedTime(_start).TotalMilliseconds,9:F1} ms] peer {(options.Offerer ? "offerer" : "answerer")}: {message}");
        }
    }
}
