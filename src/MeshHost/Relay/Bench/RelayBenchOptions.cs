namespace MeshHost.Relay.Bench;

/// <summary>What <c>bench-relay</c> was asked to do.</summary>
internal sealed record RelayBenchOptions
{
    /// <summary>Load clients (real WebRTC clients in relay lobbies).</summary>
    public int Clients { get; init; } = 1000;

    /// <summary>Clients per relay lobby (MeshHost is one more member, the host).</summary>
    public int LobbySize { get; init; } = 10;

    /// <summary>Clients joining at once; each waits for its connection to MeshHost before the next one starts.</summary>
    public int ConnectConcurrency { get; init; } = 32;

    /// <summary>Sending period of each measured phase run, in seconds.</summary>
    public double Seconds { get; init; } = 5;

    /// <summary>Measured runs of each traffic phase (after one warm-up run).</summary>
    public int Runs { get; init; } = 3;

    /// <summary>Rate phase: unreliable packets per second each client sends.</summary>
    public int Rate { get; init; } = 10;

    /// <summary>Window phase: reliable packets each client keeps in flight.</summary>
    public int Window { get; init; } = 16;

    /// <summary>Bytes of each packet's payload (at least <see cref="RelayBenchDriver.MinPayload"/>).</summary>
    public int Payload { get; init; } = 64;

    /// <summary>
    /// The clients' poll frame in milliseconds (a game polls once per frame; 5 ms is finer than any frame rate). A
    /// packet waits for its receiver's next poll, on average half a frame, and that is part of the latency measured.
    /// </summary>
    public double FrameMs { get; init; } = 5;

    /// <summary>
    /// Clients use <see cref="MeshActors.WebRtc.Net.AsyncUdpNetwork"/> sockets (no thread per socket; receives run on
    /// the thread pool) instead of a receive thread per socket.
    /// </summary>
    public bool AsyncClientSockets { get; init; }

    /// <summary>Report the types that dominate managed allocation in each traffic phase (host and clients).</summary>
    public bool Allocations { get; init; }

    /// <summary>Threads driving the clients.</summary>
    public int Drivers { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Per-client limit on connecting to MeshHost and being introduced to the lobby.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Relay lobby name prefix (the server's <c>meshhost.relay.prefix</c>).</summary>
    public string Prefix { get; init; } = "relay-";

    /// <summary>The in-process MeshHost's <c>meshhost.relay.udp-listen</c> ("" = sockets per connection).</summary>
    public string RelayUdp { get; init; } = "127.0.0.1:0";

    /// <summary>Run the clients in the bench's own process instead of a child process.</summary>
    public bool InProcess { get; init; }

    /// <summary>One JSON line with every figure on stdout instead of the table.</summary>
    public bool Json { get; init; }

    /// <summary>The first problem with these options, or null.</summary>
    public string? Validate()
    {
        if (Clients < 2 || LobbySize < 2)
        {
            return "--clients and --lobby-size must be at least 2 (clients send to each other).";
        }
        if (ConnectConcurrency < 1 || Seconds <= 0 || Runs < 1 || Rate < 1 || Window < 1 || Drivers < 1 || FrameMs <= 0)
        {
            return "--connect-concurrency, --seconds, --runs, --rate, --window, --drivers and --frame-ms must be positive.";
        }
        if (Payload is < RelayBenchDriver.MinPayload or > 16 * 1024)
        {
            return $"--payload must be {RelayBenchDriver.MinPayload} to 16384 bytes.";
        }
        return null;
    }
}
