using Akka.Configuration;
using MeshHost.Hosting;
using MeshHost.Relay;

namespace MeshHost.Tests.Relay;

public sealed class RelaySettingsTests
{
    private static RelaySettings Read(string hocon)
    {
        var errors = new List<string>();
        var settings = RelaySettings.Create(ConfigurationFactory.ParseString(hocon).WithFallback(MeshHostHocon.Defaults), errors);
        Assert.Empty(errors);
        return settings!;
    }

    [Fact]
    public void The_embedded_defaults_make_names_with_the_relay_prefix_relay_lobbies()
    {
        var settings = Read(string.Empty);
        Assert.Equal(RelayLobbyMode.Prefix, settings.Lobbies);
        Assert.Equal("relay-", settings.Prefix);
        Assert.Equal(128, settings.MaxLobbies);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.IdleTimeout);
        Assert.Null(settings.UdpEndPoint);
        Assert.Empty(settings.PublicAddresses);
        Assert.True(settings.Enabled);
        Assert.True(settings.IsRelayName("relay-foo"));
        Assert.True(settings.IsValidRelayName("relay-foo"));
        Assert.False(settings.IsValidRelayName("relay-"));
        Assert.True(settings.CreatesGeneratedName("relay-"));
        Assert.False(settings.CreatesGeneratedName(string.Empty));
        Assert.False(settings.IsRelayName("foo"));
        Assert.False(settings.IsRelayName("Relay-foo"));
        Assert.Matches("^relay-[A-Za-z0-9]{16}$", settings.GenerateName());
    }

    [Theory]
    [InlineData("off", RelayLobbyMode.Off)]
    [InlineData("\"off\"", RelayLobbyMode.Off)]
    [InlineData("all", RelayLobbyMode.All)]
    [InlineData("PREFIX", RelayLobbyMode.Prefix)]
    public void The_mode_is_read_from_HOCON_quoted_or_not(string value, RelayLobbyMode expected) =>
        Assert.Equal(expected, Read($"meshhost.relay.lobbies = {value}").Lobbies);

    [Fact]
    public void In_all_mode_only_an_empty_JOIN_creates_and_no_name_is_a_relay_name()
    {
        var settings = Read("meshhost.relay.lobbies = all");
        Assert.True(settings.CreatesGeneratedName(string.Empty));
        Assert.False(settings.CreatesGeneratedName("relay-"));
        Assert.False(settings.IsRelayName("relay-foo"));
        Assert.Matches("^[A-Za-z0-9]{16}$", settings.GenerateName());
    }

    [Fact]
    public void Options_override_the_defaults_and_unset_options_keep_them()
    {
        var options = new RelayOptions { Lobbies = RelayLobbyMode.All, Prefix = "r_", IdleTimeout = TimeSpan.FromMilliseconds(1500), UdpListen = "[::1]:0" };
        var settings = Read(options.ToHocon());
        Assert.Equal(RelayLobbyMode.All, settings.Lobbies);
        Assert.Equal("r_", settings.Prefix);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), settings.IdleTimeout);
        Assert.Equal(new System.Net.IPEndPoint(System.Net.IPAddress.IPv6Loopback, 0), settings.UdpEndPoint);
        Assert.Equal(128, settings.MaxLobbies);
        Assert.Equal(RelayLobbyMode.Off, Read(new RelayOptions { Lobbies = RelayLobbyMode.Off }.ToHocon()).Lobbies);
    }

    [Theory]
    [InlineData("--MeshHost:Relay:Lobbies=sometimes", "MeshHost:Relay")]
    [InlineData("--MeshHost:Relay:Prefix=re lay", "MeshHost:Relay:Prefix")]
    [InlineData("--MeshHost:Relay:Prefix=", "MeshHost:Relay:Prefix")]
    [InlineData("--MeshHost:Relay:Prefix=relay.", "must be 1–48 characters")]
    [InlineData("--MeshHost:Relay:Prefix=abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz", "MeshHost:Relay:Prefix")]
    [InlineData("--MeshHost:Relay:MaxLobbies=0", "MeshHost:Relay:MaxLobbies")]
    [InlineData("--MeshHost:Relay:IdleTimeout=00:00:00", "idle-timeout")]
    [InlineData("--MeshHost:Relay:UdpListen=nowhere", "MeshHost:Relay:UdpListen")]
    [InlineData("--MeshHost:Relay:UdpListen=127.0.0.1", "MeshHost:Relay:UdpListen")]
    [InlineData("--MeshHost:Relay:PublicAddresses:0=relay.example.com", "MeshHost:Relay:PublicAddresses")]
    public async Task Invalid_relay_settings_are_refused_at_start_with_exit_code_2_and_a_message_naming_them(string arg, string expected)
    {
        string[] args = ["--no-stun", "--signaling", "127.0.0.1:0", arg];
        var errors = new StringWriter();
        Assert.Null(MeshHost.Cli.ServeCommand.Build(args, errors));
        Assert.Contains(expected, errors.ToString());
        Assert.Equal(2, await MeshHost.Cli.ServeCommand.RunAsync(args, CancellationToken.None));
    }

    [Fact]
    public void Public_addresses_are_read_from_options_in_both_families()
    {
        var settings = Read(new RelayOptions { PublicAddresses = ["203.0.113.7", "2001:db8::7"] }.ToHocon());
        Assert.Equal([System.Net.IPAddress.Parse("203.0.113.7"), System.Net.IPAddress.Parse("2001:db8::7")], settings.PublicAddresses);
    }

    [Fact]
    public void An_invalid_prefix_is_accepted_when_relay_lobbies_do_not_use_it()
    {
        Assert.Equal(RelayLobbyMode.All, Read("meshhost.relay { lobbies = all, prefix = \"\" }").Lobbies);
    }
}
