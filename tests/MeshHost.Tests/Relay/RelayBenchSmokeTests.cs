using MeshHost.Relay.Bench;

namespace MeshHost.Tests.Relay;

/// <summary>
/// bench-relay with a few clients for a short time, so the command cannot rot. Checks that it ran end to end (every
/// client connected, packets relayed and delivered in each phase), never how fast.
/// </summary>
public sealed class RelayBenchSmokeTests
{
    private static readonly string[] Small =
        ["--clients", "8", "--lobby-size", "4", "--seconds", "0.5", "--runs", "1", "--connect-concurrency", "4", "--rate", "50", "--window", "4"];

    private static async Task<RelayBenchResult> RunAsync(params string[] extra)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var output = new StringWriter();
        var result = await RelayBenchCommand.RunAsync([.. Small, .. extra], output, timeout.Token);
        Assert.NotNull(result);
        Assert.True(result.Complete, output.ToString());
        Assert.Contains("relayed by host", output.ToString());
        return result;
    }

    private static void AssertRanEveryPhase(RelayBenchResult result)
    {
        Assert.Equal(8, result.Connect!.Connected);
        Assert.Equal(2, result.Connect.Lobbies);
        Assert.Equal(["rate", "window"], result.Phases.Select(p => p.Clients.Phase));
        Assert.All(result.Phases, phase =>
        {
            Assert.True(phase.Clients.Received > 0, $"{phase.Clients.Phase}: nothing delivered");
            Assert.True(phase.HostRelayed > 0, $"{phase.Clients.Phase}: nothing relayed");
            Assert.True(phase.Clients.P50Us > 0);
        });
    }

    [Fact]
    public async Task The_relay_bench_runs_with_clients_in_a_child_process()
    {
        AssertRanEveryPhase(await RunAsync());
    }

    [Fact]
    public async Task The_relay_bench_runs_with_clients_in_process_and_sockets_per_connection()
    {
        AssertRanEveryPhase(await RunAsync("--in-process", "--relay-udp", string.Empty));
    }
}
