using System.CommandLine;
using MeshHost.Cli;

// MeshHost: the signaling, relay and STUN server of MeshActors, plus tools (`peer`, `bench`).
// With no command it serves on embedded defaults.
var root = new RootCommand("MeshHost: WebRTC mesh server (signaling, relay lobbies and STUN).");
var serve = ServeCommand.Create();
root.Subcommands.Add(serve);
root.Subcommands.Add(MeshHost.Signaling.SignalingBenchCommand.Create());
root.Subcommands.Add(MeshHost.Relay.Bench.RelayBenchCommand.Create());
root.Subcommands.Add(PeerCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
ServeCommand.AddOptions(root);
root.TreatUnmatchedTokensAsErrors = false;
root.SetAction((result, token) => ServeCommand.RunAsync(result, token));
return await root.Parse(args).InvokeAsync();
