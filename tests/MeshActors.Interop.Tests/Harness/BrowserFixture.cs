namespace MeshActors.Interop.Tests.Harness;

/// <summary>One headless Chromium shared by the tests of a class; each test opens its own pages.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private ChromiumBrowser? _browser;

    public ChromiumBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not started.");

    public async Task InitializeAsync() => _browser = await ChromiumBrowser.LaunchAsync();

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
    }
}
