using System.CommandLine;
using MeshHost.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MeshHost.Cli;

/// <summary>`serve` (the default): runs the servers on the .NET generic host until Ctrl+C.</summary>
internal static class ServeCommand
{
    private static readonly Option<string[]> StunListen = new("--stun")
    {
        Description = "UDP endpoints the STUN server listens on (host:port); overrides MeshHost:Stun:Listen.",
        AllowMultipleArgumentsPerToken = true,
    };

    private static readonly Option<bool> NoStun = new("--no-stun") { Description = "Do not serve STUN." };

    public static Command Create()
    {
        var command = new Command("serve", "Run MeshHost's servers (default command).");
        command.Options.Add(StunListen);
        command.Options.Add(NoStun);
        command.SetAction(RunAsync);
        return command;
    }

    /// <summary>Parses <paramref name="args"/> as the serve command's options and runs it (tests use this).</summary>
    public static Task<int> RunAsync(string[] args, CancellationToken cancellationToken) =>
        RunAsync(Create().Parse(args), cancellationToken);

    public static async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        // Content root = the executable's folder, so the embedded appsettings.json is found from any directory.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = result.UnmatchedTokens.ToArray(),
            ContentRootPath = AppContext.BaseDirectory,
        });
        var overrides = new Dictionary<string, string?>();
        var listen = result.GetValue(StunListen);
        if (listen is { Length: > 0 })
        {
            for (var i = 0; i < listen.Length; i++)
            {
                overrides[$"MeshHost:Stun:Listen:{i}"] = listen[i];
            }
        }
        if (result.GetValue(NoStun))
        {
            overrides["MeshHost:Stun:Enabled"] = "false";
        }
        builder.Configuration.AddInMemoryCollection(overrides);
        builder.Services.AddOptions<StunOptions>()
            .Bind(builder.Configuration.GetSection(StunOptions.Section))
            .Validate(o => o.Validate() is null, "invalid MeshHost:Stun options")
            .ValidateOnStart();
        builder.Services.AddHostedService<StunService>();

        var options = builder.Configuration.GetSection(StunOptions.Section).Get<StunOptions>() ?? new StunOptions();
        if (options.Validate() is { } error)
        {
            Console.Error.WriteLine($"MeshHost: {error}");
            return 2;
        }

        using var host = builder.Build();
        await host.RunAsync(cancellationToken);
        return 0;
    }
}
