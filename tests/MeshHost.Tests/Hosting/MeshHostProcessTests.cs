using System.Diagnostics;
using System.Text.RegularExpressions;
using MeshActors.Signaling;
using MeshHost.Tests.Signaling;

namespace MeshHost.Tests.Hosting;

/// <summary>The MeshHost executable as users run it: a child process configured by environment variables.</summary>
public sealed partial class MeshHostProcessTests
{
    [Fact]
    public async Task The_executable_prints_where_it_listens_takes_environment_overrides_and_exits_cleanly_on_SIGTERM()
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "MeshHost.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["MeshHost__Signaling__Listen"] = "127.0.0.1:0";
        start.Environment["MeshHost__Signaling__MaxLobbies"] = "1";
        start.Environment["MeshHost__Stun__Enabled"] = "false";
        using var process = Process.Start(start)!;
        // Drain both pipes so the child never blocks on a full one.
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            var uri = await ReadSignalingUriAsync(process, errors);
            var rest = process.StandardOutput.ReadToEndAsync();
            var (host, _, _) = await SignalingTestClient.JoinAsync(uri, "", mesh: true);
            await using var _ = host;
            // MaxLobbies = 1 came from the environment: a second lobby is refused.
            await using var second = await SignalingTestClient.ConnectAsync(uri);
            await second.SendAsync(SignalingMessageType.Join, 0, "");
            Assert.Equal((4000, "Too many lobbies open, disconnecting"), await second.ExpectCloseAsync());

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }
            Assert.Equal((1001, "Server shutting down"), await host.ExpectCloseAsync());
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, process.ExitCode);
            await rest;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task<Uri> ReadSignalingUriAsync(Process process, Task<string> errors)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            var match = ListeningLine().Match(line);
            if (match.Success)
            {
                return new Uri(match.Groups[1].Value);
            }
        }
        throw new InvalidOperationException($"MeshHost exited without printing where it listens: {await errors}");
    }

    [GeneratedRegex(@"^MeshHost: signaling listening on (ws://\S+)")]
    private static partial Regex ListeningLine();
}
