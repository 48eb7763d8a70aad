using System.Diagnostics;
using System.Text.Json;

namespace MeshHost.Tests;

/// <summary>
/// Two <c>MeshHost peer</c> processes wired stdout-to-stdin connect and pass, for every <c>--channels</c> mode and
/// with either side sending. Runs the MeshHost copied next to these tests (dotnet MeshHost.dll).
/// </summary>
public class PeerCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [Trait("Category", "Slow")]
    [InlineData("default", true)]
    [InlineData("default", false)]
    [InlineData("godot", true)]
    [InlineData("godot", false)]
    [InlineData("godot-pr", true)]
    [InlineData("godot-pr", false)]
    [InlineData("""[{"label":"a","by":"answerer","protocol":"p"},{"label":"b","maxRetransmits":3,"ordered":false},{"label":"n","negotiated":true,"id":7}]""", true)]
    public async Task Two_peer_processes_connect_and_the_sender_gets_every_echo(string channels, bool offererSends)
    {
        var common = $"--channels {Quote(channels)} --ice loopback --timeout 40";
        var sender = $"--send 500 --size 300 {(offererSends ? "--binary" : "--text")}";
        var (offerer, answerer) = await RunPairAsync(
            $"peer --role offerer {common} {(offererSends ? sender : "--echo")}",
            $"peer --role answerer {common} {(offererSends ? "--echo" : sender)}");

        foreach (var run in new[] { offerer, answerer })
        {
            Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Result}\n{run.Log}");
            Assert.True(run.Result.GetProperty("ok").GetBoolean(), run.Log);
            Assert.True(run.Result.GetProperty("connect_ms").GetDouble() > 0);
        }
        var senderResult = (offererSends ? offerer : answerer).Result;
        foreach (var channel in senderResult.GetProperty("channels").EnumerateArray())
        {
            Assert.Equal(500, channel.GetProperty("sent").GetInt32());
            Assert.Equal(0, channel.GetProperty("corrupt").GetInt32());
            Assert.Equal(0, channel.GetProperty("duplicates").GetInt32());
            Assert.InRange(channel.GetProperty("echoes").GetInt32(), 1, 500);
        }
    }

    [Fact]
    public async Task A_bad_channels_argument_fails_with_exit_code_1_and_a_message()
    {
        using var process = Start("peer --role offerer --channels [{\"nolabel\":1}]");
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(Timeout);
        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("label", error);
    }

    [Fact]
    public async Task A_peer_whose_signaling_input_ends_before_connecting_fails_at_once_with_a_reason()
    {
        using var process = Start("peer --role answerer --timeout 30");
        var log = process.StandardError.ReadToEndAsync();
        process.StandardInput.Close();
        await process.WaitForExitAsync().WaitAsync(Timeout);
        Assert.Equal(1, process.ExitCode);
        var result = ToRun(process, await log).Result;
        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Contains("signaling input closed", result.GetProperty("reason").GetString());
    }

    private sealed record Run(int ExitCode, JsonElement Result, string Log);

    private static async Task<(Run Offerer, Run Answerer)> RunPairAsync(string offererArgs, string answererArgs)
    {
        using var a = Start(offererArgs);
        using var b = Start(answererArgs);
        var logA = a.StandardError.ReadToEndAsync();
        var logB = b.StandardError.ReadToEndAsync();
        var pumps = Task.WhenAll(PumpAsync(a, b), PumpAsync(b, a));
        try
        {
            await Task.WhenAll(a.WaitForExitAsync(), b.WaitForExitAsync()).WaitAsync(Timeout);
        }
        finally
        {
            foreach (var p in new[] { a, b })
            {
                if (!p.HasExited)
                {
                    p.Kill(entireProcessTree: true);
                }
            }
        }
        await pumps;
        return (ToRun(a, await logA), ToRun(b, await logB));
    }

    private static Run ToRun(Process process, string log)
    {
        // The log ends with exactly one RESULT line.
        var lines = log.TrimEnd('\n', '\r').Split('\n');
        var line = lines[^1].StartsWith("RESULT ", StringComparison.Ordinal)
            ? lines[^1]
            : throw new InvalidOperationException($"the log does not end with a RESULT line (exit {process.ExitCode}):\n{log}");
        Assert.Single(lines, l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        using var document = JsonDocument.Parse(line["RESULT ".Length..]);
        return new Run(process.ExitCode, document.RootElement.Clone(), log);
    }

    /// <summary>Copies one process's stdout lines to the other's stdin until the first ends.</summary>
    private static async Task PumpAsync(Process from, Process to)
    {
        try
        {
            while (await from.StandardOutput.ReadLineAsync() is { } line)
            {
                await to.StandardInput.WriteLineAsync(line);
                await to.StandardInput.FlushAsync();
            }
            to.StandardInput.Close();
        }
        catch (IOException)
        {
            // The other process has exited.
        }
        catch (InvalidOperationException)
        {
            // The other process has exited.
        }
    }

    private static Process Start(string arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(MeshHostDll());
        foreach (var argument in SplitArguments(arguments))
        {
            info.ArgumentList.Add(argument);
        }
        return Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
    }

    /// <summary>The MeshHost built next to these tests (the project reference copies it with its runtimeconfig and deps).</summary>
    private static string MeshHostDll()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "MeshHost.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("MeshHost.dll is not next to the tests: build tests/MeshHost.Tests.", dll);
    }

    /// <summary>Splits on spaces outside single quotes (the JSON of --channels is quoted by <see cref="Quote"/>).</summary>
    private static IEnumerable<string> SplitArguments(string text)
    {
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '\'')
            {
                quoted = !quoted;
            }
            else if (c == ' ' && !quoted)
            {
                if (current.Length > 0)
                {
                    yield return current.ToString();
                    current.Clear();
                }
            }
            else
            {
                current.Append(c);
            }
        }
        if (current.Length > 0)
        {
            yield return current.ToString();
        }
    }

    private static string Quote(string value) => "'" + value + "'";
}
