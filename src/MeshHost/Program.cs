using System.CommandLine;
using MeshHost.Cli;

// MeshHost: the signaling, relay and STUN server of MeshActors, plus tools (`peer`, `bench`).
// With no command it serves on embedded defaults.
var root = new RootCommand("MeshHost: WebRTC mesh server (STUN now; signaling and relay as they land).");
var serve = ServeCommand.Create();
root.Subcommands.Add(serve);
foreach (var option in serve.Options)
{
    root.Options.Add(option);
}
root.SetAction((result, token) => ServeCommand.RunAsync(result, token));
return await root.Parse(args).InvokeAsync();
