using System.CommandLine;

namespace MeshHost.Cli;

/// <summary>
/// <c>peer</c>: one side of a WebRTC data-channel connection whose signaling is single-line JSON on stdout/stdin.
/// Logs go to stderr and end with <c>RESULT {json}</c>; the exit code is 0 when the run passed.
/// </summary>
internal static class PeerCommand
{
    private static readonly Option<string> Role = new("--role")
    {
        Description = "offerer (creates the offer) or answerer.",
        Required = true,
    };

    private static readonly Option<string> Channels = new("--channels")
    {
        Description = "default (one in-band reliable ordered channel 'data' made by the offerer), godot (negotiated ids 1 reliable, " +
            "2 ordered, 3 unreliable unordered), godot-pr (the same with maxPacketLifeTime 1 ms on 2 and 3), or a JSON array of " +
            "{label, id, negotiated, ordered, maxPacketLifeTime, maxRetransmits, protocol, by}.",
        DefaultValueFactory = _ => "default",
    };

    private static readonly Option<bool> Echo = new("--echo") { Description = "Send every message back on its channel; exit when the channels or the connection close." };

    private static readonly Option<int?> Send = new("--send") { Description = "Send N numbered messages per channel once all are open, verify the echoes, then close." };

    private static readonly Option<int> Size = new("--size") { Description = "Bytes per message for --send.", DefaultValueFactory = _ => 100 };

    private static readonly Option<bool> Binary = new("--binary") { Description = "Send binary messages (default)." };

    private static readonly Option<bool> Text = new("--text") { Description = "Send text messages." };

    private static readonly Option<string> Ice = new("--ice") { Description = "loopback (gather 127.0.0.1 only) or all (every interface).", DefaultValueFactory = _ => "all" };

    private static readonly Option<double> Timeout = new("--timeout") { Description = "Seconds the whole run may take.", DefaultValueFactory = _ => 30 };

    public static Command Create()
    {
        Role.AcceptOnlyFromAmong("offerer", "answerer");
        Ice.AcceptOnlyFromAmong("loopback", "all");
        var command = new Command("peer", "One side of a data-channel connection with JSON-line signaling on stdout/stdin.");
        foreach (var option in new Option[] { Role, Channels, Echo, Send, Size, Binary, Text, Ice, Timeout })
        {
            command.Options.Add(option);
        }
        command.Validators.Add(result =>
        {
            if (result.GetResult(Echo) is not null && result.GetResult(Send) is not null)
            {
                result.AddError("--echo and --send are exclusive.");
            }
            if (result.GetResult(Binary) is not null && result.GetResult(Text) is not null)
            {
                result.AddError("--binary and --text are exclusive.");
            }
            try
            {
                if (result.GetResult(Channels) is not null)
                {
                    PeerChannelPlan.Parse(result.GetValue(Channels) ?? "default");
                }
            }
            catch (FormatException ex)
            {
                result.AddError(ex.Message);
            }
        });
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        if (result.GetValue(Send) is < 0 || result.GetValue(Size) < 0 || result.GetValue(Timeout) <= 0)
        {
            await Console.Error.WriteLineAsync("peer: --send and --size are 0 or more; --timeout is positive.");
            return 2;
        }
        var options = new PeerOptions(
            Offerer: result.GetValue(Role) == "offerer",
            Channels: PeerChannelPlan.Parse(result.GetValue(Channels) ?? "default"),
            Echo: result.GetValue(Echo),
            Send: result.GetValue(Send) ?? 0,
            Size: result.GetValue(Size),
            Binary: !result.GetValue(Text),
            LoopbackOnly: result.GetValue(Ice) == "loopback",
            Timeout: TimeSpan.FromSeconds(result.GetValue(Timeout)));
        return await new PeerSession(options, Console.In, Console.Out, Console.Error).RunAsync(cancellationToken);
    }
}
