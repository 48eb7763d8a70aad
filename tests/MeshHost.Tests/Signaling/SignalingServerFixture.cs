using MeshHost.Hosting;

namespace MeshHost.Tests.Signaling;

/// <summary>
/// A real MeshHost on 127.0.0.1 with a free port, STUN off, and short timeouts so timer tests run fast
/// (the defaults' values are checked separately).
/// </summary>
public sealed class SignalingServerFixture : IAsyncLifetime
{
    internal static readonly string[] FastArgs =
    [
        "--no-stun", "--signaling", "127.0.0.1:0",
        "--MeshHost:Signaling:JoinTimeout=00:00:00.300",
        "--MeshHost:Signaling:SealCloseTimeout=00:00:01",
        "--MeshHost:Signaling:CloseTimeout=00:00:02",
        "--MeshHost:Signaling:MaxMessageBytes=4096",
        "--MeshHost:Signaling:MaxMessagesPerSecond=200",
        "--MeshHost:Signaling:MaxPeersPerLobby=4",
    ];

    private MeshHostServer? _server;

    internal MeshHostServer Server => _server!;

    public Uri Uri => Server.SignalingUri;

    public async Task InitializeAsync() => _server = await StartAsync(FastArgs);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.StopAsync();
            await _server.DisposeAsync();
        }
    }

    /// <summary>Builds and starts a MeshHost with serve's <paramref name="args"/>.</summary>
    internal static async Task<MeshHostServer> StartAsync(params string[] args)
    {
        var errors = new StringWriter();
        var server = MeshHost.Cli.ServeCommand.Build(args, errors);
        Assert.True(server is not null, errors.ToString());
        using var timeout = new CancellationTokenSource(SignalingTestClient.Timeout);
        await server.StartAsync(timeout.Token);
        return server;
    }
}
