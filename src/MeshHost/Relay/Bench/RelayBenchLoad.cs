using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using MeshActors.Multiplayer;
using MeshActors.Signaling;
using MeshActors.WebRtc;
using MeshActors.WebRtc.Dtls;
using MeshActors.WebRtc.Net;

namespace MeshHost.Relay.Bench;

/// <summary>
/// The load of <c>bench-relay</c>: N real WebRTC clients (SceneMultiplayer profile, client mode, loopback UDP) join relay
/// lobbies of a MeshHost through its signaling server, then send packets to another client of their lobby, which
/// MeshHost relays. Phases: connect (all clients, bounded concurrency); "rate" (every client sends unreliable packets
/// at a fixed rate: latency and loss at a game-like load); "window" (every client keeps a window of reliable packets in
/// flight: the relay's packet rate at saturation). Runs in a child process of the bench, or in its process.
/// </summary>
internal static class RelayBenchLoad
{
    /// <summary>After sending stops, packets still arriving are counted for at most this long.</summary>
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(2);

    /// <summary>Length of each phase's unreported warm-up run.</summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);

    public static async Task<int> RunAsync(Uri signaling, RelayBenchOptions options, IRelayBenchSink sink, CancellationToken cancellationToken)
    {
        var system = ActorSystem.Create("relay-bench", ConfigurationFactory.ParseString("akka.loglevel = WARNING\nakka.log-dead-letters = 0"));
        var drivers = new RelayBenchDriver[options.Drivers];
        for (var i = 0; i < drivers.Length; i++)
        {
            drivers[i] = new RelayBenchDriver(i, options.Payload, TimeSpan.FromMilliseconds(options.FrameMs));
        }
        var clients = new RelayBenchClient[options.Clients];
        try
        {
            // The clients' own handshake threads: with the server in this process too, sharing the process-wide
            // scheduler could let one side's handshakes take every thread while waiting for the other side's.
            var configuration = new RtcConfiguration
            {
                HostCandidates = RtcHostCandidatePolicy.LoopbackOnly,
                EnableIPv6 = false,
                Certificates = [RtcCertificate.Generate()],
                DtlsHandshakeScheduler = new DtlsHandshakeScheduler(DtlsHandshakeScheduler.DefaultMaxConcurrency),
                // Async sockets: a thousand sockets without a thousand receive threads (but receiving then depends on the
                // thread pool); thread: a receive thread per socket.
                Network = options.AsyncClientSockets ? AsyncUdpNetwork.Instance : UdpNetwork.Instance,
            };
            var signalingOptions = new MultiplayerSignalingOptions { Configuration = configuration };
            using var monitor = new RelayBenchMonitor(sink, TimeSpan.FromSeconds(2));
            using var allocations = options.Allocations ? new AllocationSampler() : null;
            var lobbies = CreateClients(system, options, clients);
            var connected = await ConnectAsync(signaling, options, signalingOptions, clients, drivers, lobbies.Count, sink, cancellationToken);
            if (connected < 2)
            {
                sink.Progress("fewer than two clients connected: no traffic phases");
                return 1;
            }
            AssignTargets(lobbies);
            // Warm-up of both phases, unreported: the hot paths of host and clients reach tier-1 code first.
            var phaseId = 0;
            await RunPhaseAsync("rate", 0, window: false, options.Rate, WarmUp, ++phaseId, drivers, sink, allocations, cancellationToken);
            await RunPhaseAsync("window", 0, window: true, options.Window, WarmUp, ++phaseId, drivers, sink, allocations, cancellationToken);
            for (var run = 1; run <= options.Runs; run++)
            {
                await RunPhaseAsync("rate", run, window: false, options.Rate, TimeSpan.FromSeconds(options.Seconds), ++phaseId, drivers, sink, allocations, cancellationToken);
            }
            for (var run = 1; run <= options.Runs; run++)
            {
                await RunPhaseAsync("window", run, window: true, options.Window, TimeSpan.FromSeconds(options.Seconds), ++phaseId, drivers, sink, allocations, cancellationToken);
            }
            var errors = drivers.Sum(d => Interlocked.Read(ref d.Errors));
            if (errors > 0)
            {
                sink.Progress($"{errors} client turns failed with an exception");
            }
            return 0;
        }
        finally
        {
            foreach (var driver in drivers)
            {
                driver.Dispose();
            }
            sink.Progress("closing the clients");
            await Task.WhenAll(clients.Where(c => c is not null).Select(CloseAsync));
            await system.Terminate();
        }
    }

    private static List<RelayBenchLobby> CreateClients(ActorSystem system, RelayBenchOptions options, RelayBenchClient[] clients)
    {
        // A fresh tag per run, so a run against a long-lived server never lands in an earlier run's lobbies.
        var tag = Signaling.LobbyNames.Generate()[..6];
        var lobbies = new List<RelayBenchLobby>();
        for (var i = 0; i < clients.Length; i++)
        {
            if (i % options.LobbySize == 0)
            {
                lobbies.Add(new RelayBenchLobby($"{options.Prefix}bench{tag}n{lobbies.Count}"));
            }
            var lobby = lobbies[^1];
            var peer = new WebRtcMultiplayerPeer(system, new WebRtcMultiplayerPeerOptions { WireProfile = WireProfile.SceneMultiplayer });
            clients[i] = new RelayBenchClient(i, lobby, peer);
            lobby.Members.Add(clients[i]);
        }
        return lobbies;
    }

    private static async Task<int> ConnectAsync(Uri signaling, RelayBenchOptions options, MultiplayerSignalingOptions signalingOptions,
        RelayBenchClient[] clients, RelayBenchDriver[] drivers, int lobbies, IRelayBenchSink sink, CancellationToken cancellationToken)
    {
        sink.Progress($"connecting {clients.Length} clients to {lobbies} relay lobbies, {options.ConnectConcurrency} at a time");
        var before = ProcessSample.Take();
        var start = Stopwatch.GetTimestamp();
        using var gate = new SemaphoreSlim(options.ConnectConcurrency);
        var failures = 0;
        string? firstFailure = null;
        async Task ConnectOneAsync(RelayBenchClient client)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                client.JoinStartedAt = Stopwatch.GetTimestamp();
                var joined = await MultiplayerSignaling.JoinAsync(signaling, client.Lobby.Name, mesh: false, client.Peer, signalingOptions, cancellationToken)
                    .ConfigureAwait(false);
                client.Joined(joined);
                drivers[client.Index % drivers.Length].Add(client);
                await client.Connected.Task.WaitAsync(options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or System.Net.WebSockets.WebSocketException or InvalidOperationException or IOException)
            {
                if (Interlocked.Increment(ref failures) == 1)
                {
                    firstFailure = $"client {client.Index} ({client.Lobby.Name}): {e.GetType().Name}: {e.Message}";
                }
            }
            finally
            {
                gate.Release();
            }
        }
        var progress = Task.Run(async () =>
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
                var done = clients.Count(c => c.Connected.Task.IsCompleted);
                sink.Progress($"{done} / {clients.Length} connected after {Stopwatch.GetElapsedTime(start).TotalSeconds:0} s");
                if (done + Volatile.Read(ref failures) >= clients.Length)
                {
                    return;
                }
            }
        }, cancellationToken);
        await Task.WhenAll(clients.Select(ConnectOneAsync));
        // Then every lobby member announced to every other by MeshHost's peer exchange.
        foreach (var client in clients.Where(c => c.Connected.Task.IsCompleted))
        {
            try
            {
                await client.Ready.Task.WaitAsync(options.ConnectTimeout, cancellationToken);
            }
            catch (TimeoutException)
            {
                failures++;
                firstFailure ??= $"client {client.Index}: not introduced to every member of {client.Lobby.Name}";
            }
        }
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var usage = ProcessSample.Take().Since(before);
        var histogram = new LatencyHistogram();
        var connected = 0;
        foreach (var client in clients)
        {
            if (client.Ready.Task.IsCompleted)
            {
                connected++;
                histogram.Record((long)Stopwatch.GetElapsedTime(client.JoinStartedAt, client.ConnectedAt).TotalMicroseconds);
            }
        }
        if (firstFailure is not null)
        {
            sink.Progress($"{failures} client(s) failed to connect; first: {firstFailure}");
        }
        sink.Connected(new RelayBenchConnectReport(clients.Length, lobbies, connected, seconds,
            histogram.Percentile(0.5) / 1000, histogram.Percentile(0.99) / 1000, histogram.Percentile(1) / 1000, usage));
        return connected;
    }

    /// <summary>Each ready client sends to the next ready member of its lobby (by peer id, in a ring).</summary>
    private static void AssignTargets(List<RelayBenchLobby> lobbies)
    {
        foreach (var lobby in lobbies)
        {
            var ready = lobby.Members.Where(c => c.Ready.Task.IsCompleted).OrderBy(c => c.PeerId).ToList();
            foreach (var member in ready)
            {
                lobby.ByPeerId[member.PeerId] = member;
            }
            for (var i = 0; i < ready.Count && ready.Count > 1; i++)
            {
                ready[i].Target = ready[(i + 1) % ready.Count].PeerId;
            }
        }
    }

    private static async Task RunPhaseAsync(string name, int run, bool window, int perClient, TimeSpan duration, int id,
        RelayBenchDriver[] drivers, IRelayBenchSink sink, AllocationSampler? allocations, CancellationToken cancellationToken)
    {
        sink.Progress(run == 0 ? $"{name}: warm-up" : $"{name}: run {run}");
        allocations?.Reset();
        var before = ProcessSample.Take();
        sink.PhaseStarted(name, run);
        var phase = new RelayBenchPhase(id, window, perClient, Stopwatch.GetTimestamp(), drivers.Length);
        foreach (var driver in drivers)
        {
            driver.SetPhase(phase);
        }
        await Task.Delay(duration, cancellationToken);
        phase.Stopped = true;
        var seconds = Stopwatch.GetElapsedTime(phase.StartedAt).TotalSeconds;
        var usage = ProcessSample.Take().Since(before);
        sink.PhaseStopped(name, run);
        foreach (var line in allocations?.Top(12) ?? [])
        {
            sink.Progress($"client allocations in {name} {run}: {line}");
        }

        // Drain: count what is still in flight, until nothing more arrives for 100 ms (or the drain limit).
        var drainStart = Stopwatch.GetTimestamp();
        var last = -1L;
        while (Stopwatch.GetElapsedTime(drainStart) < Drain)
        {
            await Task.Delay(100, cancellationToken);
            var received = phase.Counters.Sum(c => Volatile.Read(ref c.Received));
            if (received == last)
            {
                break;
            }
            last = received;
        }
        phase.Closed = true;
        foreach (var driver in drivers)
        {
            await driver.WaitForIterationAsync();
            driver.SetPhase(null);
        }
        var latency = new LatencyHistogram();
        long sent = 0, refused = 0, total = 0;
        foreach (var counters in phase.Counters)
        {
            sent += counters.Sent;
            refused += counters.SendRefused;
            total += counters.Received;
            latency.Add(counters.Latency);
        }
        sink.PhaseReported(new RelayBenchPhaseReport(name, run, seconds, sent, refused, total,
            latency.Percentile(0.5), latency.Percentile(0.99), latency.Percentile(0.999), latency.Percentile(1), usage));
    }

    private static async Task CloseAsync(RelayBenchClient client)
    {
        try
        {
            if (client.HasJoined)
            {
                await client.Signaling.DisposeAsync();
            }
            await client.Peer.DisposeAsync();
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException or System.Net.WebSockets.WebSocketException)
        {
            // Closing after a failed run: nothing left to measure.
        }
    }
}
