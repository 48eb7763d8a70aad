using Microsoft.Playwright;

namespace MeshActors.Interop.Tests;

/// <summary>
/// Headless Debian Chromium through Playwright, with a fresh profile per launch. Never downloads a
/// browser: the executable is <c>/usr/bin/chromium</c> (or <c>MESHACTORS_CHROMIUM</c>).
/// </summary>
public sealed class ChromiumBrowser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowserContext _context;
    private readonly string _profile;

    private ChromiumBrowser(IPlaywright playwright, IBrowserContext context, string profile)
    {
        _playwright = playwright;
        _context = context;
        _profile = profile;
    }

    /// <summary>The executable used.</summary>
    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("MESHACTORS_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Starts the browser with the flags this machine needs (closed network, root, no GPU).</summary>
    public static async Task<ChromiumBrowser> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"Chromium is not installed at {ExecutablePath}: run ./test.sh (it installs the Debian package 'chromium').");
        }
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var playwright = await Playwright.CreateAsync();
        var profile = Directory.CreateTempSubdirectory("meshactors-chromium-").FullName;
        var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-quic",
            ],
        });
        return new ChromiumBrowser(playwright, context, profile);
    }

    /// <summary>Opens a blank page.</summary>
    public Task<IPage> NewPageAsync() => _context.NewPageAsync();

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _context.CloseAsync();
        _playwright.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // The browser may still hold files for a moment; the temp folder is cleaned by the OS.
        }
    }
}
