namespace MeshActors.Interop.Tests;

public class ChromiumSmokeTests
{
    [Fact]
    public async Task Debian_chromium_starts_headless_and_runs_a_page_script()
    {
        await using var browser = await ChromiumBrowser.LaunchAsync();
        var page = await browser.NewPageAsync();
        var result = await page.EvaluateAsync<int>("() => 6 * 7");
        Assert.Equal(42, result);
    }
}
