using MeshHost.Hosting;

namespace MeshActors.Interop.Tests.DemoPage;

/// <summary>
/// The real MeshHost (signaling, relay lobbies, demo page) in process on 127.0.0.1 with a free port and STUN off,
/// and one headless Chromium, shared by the tests of a class; each test opens its own pages and lobbies.
/// </summary>
public sealed class DemoPageFixture : IAsyncLifetime
{
    /// <summary>Generous: only a hang should ever reach it.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The JOIN name that asks MeshHost for a new relay lobby with a generated name: the bare relay prefix
    /// (hocon/meshhost.conf, meshhost.relay.prefix; "relay-foo" would join or create relay lobby "relay-foo").
    /// </summary>
    public const string RelayJoinName = "relay-";

    private MeshHostServer? _server;
    private ChromiumBrowser? _browser;

    internal MeshHostServer Server => _server ?? throw new InvalidOperationException("The server is not started.");

    public ChromiumBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not started.");

    /// <summary>The signaling WebSocket address.</summary>
    public Uri SignalingUri => Server.SignalingUri;

    /// <summary>The demo page's address: a GET on the signaling path.</summary>
    public Uri PageUri => new(Server.HttpUri, Server.Signaling.Path);

    public async Task InitializeAsync()
    {
        var errors = new StringWriter();
        _server = MeshHost.Cli.ServeCommand.Build(["--no-stun", "--signaling", "127.0.0.1:0"], errors);
        Assert.True(_server is not null, errors.ToString());
        using var timeout = new CancellationTokenSource(Timeout);
        await _server.StartAsync(timeout.Token);
        _browser = await ChromiumBrowser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        if (_server is not null)
        {
            await _server.StopAsync();
            await _server.DisposeAsync();
        }
    }
}
