using Akka.Configuration;
using MeshActors.Cluster;

namespace MeshActors.Tests.Cluster;

public sealed class MeshClusterOptionsTests
{
    [Fact]
    public void The_embedded_defaults_make_a_cluster_node_on_loopback_with_sharded_lobbies_that_never_passivate_when_idle()
    {
        var config = MeshClusterConfig.Defaults;
        Assert.Equal("cluster", config.GetString("akka.actor.provider"));
        Assert.Equal("127.0.0.1", config.GetString("akka.remote.dot-netty.tcp.hostname"));
        Assert.Equal(0, config.GetInt("akka.remote.dot-netty.tcp.port"));
        Assert.Empty(config.GetStringList("akka.cluster.seed-nodes"));
        Assert.Equal("keep-majority", config.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        Assert.Equal("ddata", config.GetString("akka.cluster.sharding.state-store-mode"));
        Assert.False(config.GetBoolean("akka.cluster.sharding.remember-entities"));
        Assert.Equal("off", config.GetString("akka.cluster.sharding.passivate-idle-entity-after"));
        Assert.Equal("meshactors-cluster", config.GetString("akka.actor.serialization-bindings.\"MeshActors.Cluster.LobbyEnvelope, MeshActors\""));
    }

    [Fact]
    public void Set_options_become_HOCON_over_the_defaults_and_unset_ones_keep_them()
    {
        var options = new MeshClusterOptions { Hostname = "0.0.0.0", PublicHostname = "node\"1", Port = 4053, SeedNodes = ["akka.tcp://app@10.0.0.1:4053"] };
        Assert.Null(options.Validate("app"));
        var config = ConfigurationFactory.ParseString(options.ToHocon()).WithFallback(MeshClusterConfig.Defaults);
        Assert.Equal("0.0.0.0", config.GetString("akka.remote.dot-netty.tcp.hostname"));
        Assert.Equal("node\"1", config.GetString("akka.remote.dot-netty.tcp.public-hostname"));
        Assert.Equal(4053, config.GetInt("akka.remote.dot-netty.tcp.port"));
        Assert.Equal(["akka.tcp://app@10.0.0.1:4053"], config.GetStringList("akka.cluster.seed-nodes"));
        Assert.Equal(string.Empty, new MeshClusterOptions().ToHocon());
    }

    [Theory]
    [InlineData(null, -1, null, "Port")]
    [InlineData(null, 65536, null, "Port")]
    [InlineData("", null, null, "Hostname")]
    [InlineData(null, null, "10.0.0.1:4053", "SeedNodes")]
    [InlineData(null, null, "akka.tcp://other@10.0.0.1:4053", "names actor system 'other'")]
    public void Invalid_options_are_reported_with_the_setting_to_fix(string? hostname, int? port, string? seed, string expected)
    {
        var options = new MeshClusterOptions { Hostname = hostname, Port = port, SeedNodes = seed is null ? null : [seed] };
        var error = options.Validate("app");
        Assert.NotNull(error);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
