using System.Net;
using MeshHost.Hosting;
using MeshHost.Signaling;

namespace MeshHost.Tests.Signaling;

public sealed class SignalingSettingsTests
{
    [Fact]
    public void The_embedded_defaults_are_the_demo_servers_values()
    {
        var errors = new List<string>();
        var settings = SignalingSettings.Create(MeshHostHocon.Defaults, errors);
        Assert.Empty(errors);
        Assert.NotNull(settings);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 9080), settings.EndPoint);
        Assert.Equal("/", settings.Path);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.JoinTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.SealCloseTimeout);
        Assert.Equal(4096, settings.MaxConnections);
        Assert.Equal(1024, settings.MaxLobbies);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.KeepAliveInterval);
        Assert.Equal(4L << 20, settings.MaxQueuedBytes);

        var stun = StunSettings.Create(MeshHostHocon.Defaults, errors);
        Assert.Empty(errors);
        Assert.True(stun!.Enabled);
        Assert.Equal([new IPEndPoint(IPAddress.Loopback, 3478)], stun.EndPoints);
    }

    [Fact]
    public void Stun_options_replace_the_default_endpoint_list()
    {
        var options = new StunOptions { Listen = ["127.0.0.1:3479", "[::1]:3480"], Enabled = false };
        var errors = new List<string>();
        var stun = StunSettings.Create(Akka.Configuration.ConfigurationFactory.ParseString(options.ToHocon()).WithFallback(MeshHostHocon.Defaults), errors);
        Assert.Empty(errors);
        Assert.False(stun!.Enabled);
        Assert.Equal([new IPEndPoint(IPAddress.Loopback, 3479), new IPEndPoint(IPAddress.IPv6Loopback, 3480)], stun.EndPoints);
    }

    [Fact]
    public void Options_override_the_HOCON_defaults_and_unset_options_keep_them()
    {
        var options = new SignalingOptions
        {
            Listen = "[::1]:0",
            JoinTimeout = TimeSpan.FromMilliseconds(250.5),
            MaxLobbies = 7,
        };
        var config = Akka.Configuration.ConfigurationFactory.ParseString(options.ToHocon()).WithFallback(MeshHostHocon.Defaults);
        var errors = new List<string>();
        var settings = SignalingSettings.Create(config, errors);
        Assert.Empty(errors);
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 0), settings!.EndPoint);
        Assert.Equal(TimeSpan.FromMilliseconds(250.5), settings.JoinTimeout);
        Assert.Equal(7, settings.MaxLobbies);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.SealCloseTimeout);
        Assert.Equal(1024 * 64, settings.MaxMessageBytes);
    }

    [Fact]
    public async Task Command_line_configuration_reaches_the_settings_and_the_actor_systems_HOCON()
    {
        await using var server = await SignalingServerFixture.StartAsync(
            "--no-stun", "--signaling", "127.0.0.1:0", "--MeshHost:Signaling:JoinTimeout=00:00:00.250", "--MeshHost:Signaling:Path=/signal");
        Assert.Equal(TimeSpan.FromMilliseconds(250), server.Signaling.JoinTimeout);
        Assert.Equal("/signal", server.SignalingUri.AbsolutePath);
        var system = (Akka.Actor.ActorSystem)server.Services.GetService(typeof(Akka.Actor.ActorSystem))!;
        Assert.Equal(TimeSpan.FromMilliseconds(250), system.Settings.Config.GetTimeSpan("meshhost.signaling.join-timeout"));
        Assert.Equal(TimeSpan.FromSeconds(10), system.Settings.Config.GetTimeSpan("meshhost.signaling.seal-close-timeout"));
        await server.StopAsync();
    }

    [Theory]
    [InlineData("--signaling", "localhost", "MeshHost:Signaling:Listen")]
    [InlineData("--signaling", "127.0.0.1:99999", "MeshHost:Signaling:Listen")]
    [InlineData("--MeshHost:Signaling:Path=nopath", null, "must start with '/'")]
    [InlineData("--MeshHost:Signaling:MaxLobbies=0", null, "max-lobbies")]
    [InlineData("--MeshHost:Signaling:MaxLobbies=many", null, "MeshHost:Signaling")]
    [InlineData("--MeshHost:Signaling:JoinTimeout=00:00:00", null, "join-timeout")]
    [InlineData("--MeshHost:Signaling:MaxMessageBytes=16", null, "at least 256")]
    [InlineData("--stun", "127.0.0.1:0", "MeshHost:Stun:Listen")]
    [InlineData("--MeshHost:Stun:Enabled=perhaps", null, "MeshHost:Stun")]
    public async Task Invalid_settings_are_refused_at_start_with_exit_code_2_and_a_message_naming_them(string arg, string? value, string expected)
    {
        // Every case is refused before anything binds a port.
        string[] args = value is null ? [arg] : [arg, value];
        var errors = new StringWriter();
        Assert.Null(MeshHost.Cli.ServeCommand.Build(args, errors));
        Assert.Contains(expected, errors.ToString());
        Assert.Equal(2, await MeshHost.Cli.ServeCommand.RunAsync(args, CancellationToken.None));
    }
}
