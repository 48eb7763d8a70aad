using Akka.Actor;
using Akka.Configuration;
using MeshHost.Cluster;
using MeshHost.Hosting;
using MeshHost.Tests.Signaling;
using Microsoft.Extensions.DependencyInjection;

namespace MeshHost.Tests.Cluster;

public sealed class ClusterSettingsTests
{
    private static ClusterSettings? Create(ClusterOptions options, List<string> errors) =>
        ClusterSettings.Create(ConfigurationFactory.ParseString(options.ToHocon()).WithFallback(MeshHostHocon.Defaults), errors);

    [Fact]
    public void Clustering_is_off_by_default_and_a_single_node_keeps_the_local_actor_provider()
    {
        var errors = new List<string>();
        var settings = ClusterSettings.Create(MeshHostHocon.Defaults, errors);
        Assert.Empty(errors);
        Assert.NotNull(settings);
        Assert.False(settings.Enabled);
        Assert.Equal("127.0.0.1", settings.Hostname);
        Assert.Equal(4053, settings.Port);
        Assert.Null(settings.PublicHostname);
        Assert.Empty(settings.SeedNodes);
    }

    [Fact]
    public async Task A_server_without_clustering_runs_the_local_provider_with_no_remoting()
    {
        await using var server = await SignalingServerFixture.StartAsync(SignalingServerFixture.FastArgs);
        var system = (ExtendedActorSystem)server.Services.GetRequiredService<ActorSystem>();
        Assert.IsType<LocalActorRefProvider>(system.Provider);
        Assert.Null(server.ClusterAddress);
        await server.StopAsync();
    }

    [Fact]
    public void Seed_nodes_given_as_host_and_port_become_addresses_of_the_meshhost_actor_system()
    {
        var errors = new List<string>();
        var settings = Create(new ClusterOptions
        {
            Enabled = true,
            Hostname = "0.0.0.0",
            PublicHostname = "node1.example.com",
            Port = 4054,
            SeedNodes = ["10.0.0.1:4053", "[fd00::1]:4053", "akka.tcp://meshhost@node2.example.com:4053"],
        }, errors);
        Assert.Empty(errors);
        Assert.Equal(["akka.tcp://meshhost@10.0.0.1:4053", "akka.tcp://meshhost@[fd00::1]:4053", "akka.tcp://meshhost@node2.example.com:4053"], settings!.SeedNodes);
        var options = settings.ToMeshClusterOptions();
        Assert.Equal("0.0.0.0", options.Hostname);
        Assert.Equal("node1.example.com", options.PublicHostname);
        Assert.Equal(4054, options.Port);
    }

    [Theory]
    [InlineData("nonsense", "not an actor system address")]
    [InlineData("akka.tcp://otherapp@10.0.0.1:4053", "names actor system 'otherapp'")]
    [InlineData("akka://meshhost", "akka.tcp protocol, a host and a port")]
    public void An_invalid_seed_node_is_refused_with_a_message_naming_the_setting_and_an_example(string seed, string expected)
    {
        var errors = new List<string>();
        Assert.Null(Create(new ClusterOptions { Enabled = true, SeedNodes = [seed] }, errors));
        var error = Assert.Single(errors);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Contains("MeshHost:Cluster:SeedNodes", error, StringComparison.Ordinal);
        Assert.Contains("akka.tcp://meshhost@", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_port_outside_0_to_65535_or_an_empty_hostname_is_refused_but_only_when_clustering_is_on()
    {
        var errors = new List<string>();
        Assert.Null(Create(new ClusterOptions { Enabled = true, Port = 70000 }, errors));
        Assert.Contains("MeshHost:Cluster:Port", Assert.Single(errors), StringComparison.Ordinal);
        errors.Clear();
        Assert.Null(Create(new ClusterOptions { Enabled = true, Hostname = " " }, errors));
        Assert.Contains("MeshHost:Cluster:Hostname", Assert.Single(errors), StringComparison.Ordinal);
        errors.Clear();
        Assert.NotNull(Create(new ClusterOptions { Enabled = false, Port = 70000 }, errors));
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:")]
    [InlineData(":4053")]
    [InlineData("::1:4053")]
    public void The_cluster_option_needs_host_and_port(string endpoint)
    {
        var errors = new StringWriter();
        Assert.Null(MeshHost.Cli.ServeCommand.Build(["--no-stun", "--cluster", endpoint], errors));
        Assert.Contains("--cluster", errors.ToString(), StringComparison.Ordinal);
        Assert.Contains("host:port", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_command_line_options_turn_clustering_on_with_seed_nodes()
    {
        var errors = new StringWriter();
        await using var server = MeshHost.Cli.ServeCommand.Build(["--no-stun", "--signaling", "127.0.0.1:0", "--cluster", "[::1]:0", "--seed-node", "127.0.0.1:4053", "10.0.0.2:4053"], errors);
        Assert.True(server is not null, errors.ToString());
        var settings = server.Services.GetRequiredService<ClusterSettings>();
        Assert.True(settings.Enabled);
        Assert.Equal("::1", settings.Hostname);
        Assert.Equal(0, settings.Port);
        Assert.Equal(["akka.tcp://meshhost@127.0.0.1:4053", "akka.tcp://meshhost@10.0.0.2:4053"], settings.SeedNodes);
    }

    [Fact]
    public void A_message_size_limit_larger_than_a_remoting_frame_is_refused_in_a_cluster()
    {
        var errors = new StringWriter();
        Assert.Null(MeshHost.Cli.ServeCommand.Build(["--no-stun", "--cluster", "127.0.0.1:0", "--MeshHost:Signaling:MaxMessageBytes=1048576"], errors));
        Assert.Contains("MeshHost:Signaling:MaxMessageBytes", errors.ToString(), StringComparison.Ordinal);
        Assert.Contains("remoting frames", errors.ToString(), StringComparison.Ordinal);
    }
}
