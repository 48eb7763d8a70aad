using System.Text.Json;
using System.Text.RegularExpressions;
using MeshHost.Relay;

namespace MeshActors.Interop.Tests.DemoPage;

/// <summary>
/// What MeshHost writes into the demo page about its relay lobbies (<c>MeshHost.Hosting.DemoPage.Render</c>): the
/// <c>&lt;script id="meshhost" type="application/json"&gt;</c> element the page reads.
/// </summary>
public sealed partial class DemoPageServerInfoTests
{
    private static RelaySettings Relay(RelayLobbyMode lobbies, string prefix = "relay-") =>
        new(lobbies, prefix, MaxLobbies: 16, PollInterval: TimeSpan.FromMilliseconds(20), IdleTimeout: TimeSpan.FromSeconds(30));

    [GeneratedRegex("""<script id="meshhost" type="application/json">(.*?)</script>""", RegexOptions.Singleline)]
    private static partial Regex ServerInfoElement();

    private static string ServerInfo(RelaySettings? relay)
    {
        var matches = ServerInfoElement().Matches(MeshHost.Hosting.DemoPage.Render(relay));
        Assert.Single(matches);
        return matches[0].Groups[1].Value;
    }

    [Fact]
    public void Prefix_mode_tells_the_page_the_relay_prefix()
    {
        Assert.Equal("""{"relay":{"lobbies":"prefix","prefix":"relay-"}}""", ServerInfo(Relay(RelayLobbyMode.Prefix)));
    }

    [Fact]
    public void All_mode_tells_the_page_that_every_new_lobby_is_relayed()
    {
        Assert.Equal("""{"relay":{"lobbies":"all"}}""", ServerInfo(Relay(RelayLobbyMode.All)));
    }

    [Fact]
    public void Without_relay_lobbies_the_page_is_told_relay_null()
    {
        Assert.Equal("""{"relay":null}""", ServerInfo(Relay(RelayLobbyMode.Off)));
        Assert.Equal("""{"relay":null}""", ServerInfo(null));
    }

    [Fact]
    public void A_prefix_cannot_close_the_script_element_and_reads_back_unchanged()
    {
        const string Hostile = "</script><b>&";
        var json = ServerInfo(Relay(RelayLobbyMode.Prefix, Hostile));
        Assert.DoesNotContain("<", json);
        using var parsed = JsonDocument.Parse(json);
        Assert.Equal(Hostile, parsed.RootElement.GetProperty("relay").GetProperty("prefix").GetString());
    }
}
