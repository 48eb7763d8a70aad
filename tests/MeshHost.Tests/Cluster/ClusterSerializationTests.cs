using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using MeshActors.Cluster;
using MeshActors.Signaling;
using MeshHost.Cluster;
using MeshHost.Signaling;
using Microsoft.Extensions.DependencyInjection;

namespace MeshHost.Tests.Cluster;

/// <summary>
/// Every message that may cross cluster nodes has an explicit serializer and survives a round trip with actor references
/// written as remoting writes them (full node address).
/// </summary>
public sealed class ClusterSerializationTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private ExtendedActorSystem System => (ExtendedActorSystem)cluster.A.Services.GetRequiredService<ActorSystem>();

    private Dictionary<Type, object> Samples()
    {
        var connection = System.ActorOf(Props.Empty, "serialization-connection-" + Guid.NewGuid().ToString("N"));
        var lobby = System.ActorOf(Props.Empty, "serialization-lobby-" + Guid.NewGuid().ToString("N"));
        var join = new LobbyManagerActor.JoinLobby("relay-ünïcode", Mesh: true, connection);
        // Data with every kind of character the JSON layer can deliver: quotes, newlines, non-ASCII, a surrogate pair.
        var message = new SignalingMessage(SignalingMessageType.Candidate, 2147483647, "\n0\n0\ncandidate:1 \"x\" é 🎮");
        object[] samples =
        [
            join,
            new LobbyActor.Create(join with { Name = "" }),
            new LobbyActor.JoinRelay(join, Generated: true),
            new LobbyManagerActor.LobbyCreated("AbCd0123456789Xy"),
            new LobbyManagerActor.LobbyEnded("AbCd0123456789Xy"),
            new LobbyManagerActor.NameTaken("AbCd0123456789Xy", join),
            new LobbyManagerActor.ReserveRelay("relay-game", join with { Mesh = false }),
            new LobbyActor.Relay(7, message),
            new LobbyActor.Seal(1),
            LobbyActor.HandOff.Instance,
            new SignalingConnectionActor.Joined(lobby, 1234567, "AbCd0123456789Xy"),
            new SignalingConnectionActor.Deliver(new SignalingMessage(SignalingMessageType.Offer, 1, new string('s', 60000))),
            new SignalingConnectionActor.CloseConnection(4000, SignalingCloseCodes.HostDisconnected),
        ];
        return samples.ToDictionary(s => s.GetType());
    }

    [Fact]
    public void Every_type_marked_as_a_cluster_message_has_a_sample_here()
    {
        var marked = typeof(ISignalingClusterMessage).Assembly.GetTypes()
            .Where(t => !t.IsInterface && typeof(ISignalingClusterMessage).IsAssignableFrom(t))
            .OrderBy(t => t.FullName)
            .ToArray();
        Assert.Equal(marked, Samples().Keys.OrderBy(t => t.FullName).ToArray());
    }

    [Fact]
    public void Every_cluster_message_round_trips_through_its_own_serializer_with_full_actor_addresses()
    {
        foreach (var (type, sample) in Samples())
        {
            var serializer = System.Serialization.FindSerializerFor(sample);
            Assert.IsType<SignalingClusterSerializer>(serializer);
            var manifest = Serialization.ManifestFor(serializer, sample);
            // As remoting does: local references are written with this node's address.
            var bytes = serializer.ToBinaryWithAddress(cluster.A.ClusterAddress!, sample);
            var back = System.Serialization.Deserialize(bytes, serializer.Identifier, manifest);
            Assert.IsType(type, back);
            Assert.Equal(sample, back);
        }
    }

    [Fact]
    public void An_actor_reference_read_on_another_node_points_back_at_the_node_that_wrote_it()
    {
        var connection = System.ActorOf(Props.Empty, "serialization-remote-" + Guid.NewGuid().ToString("N"));
        var sample = new LobbyManagerActor.JoinLobby("", Mesh: false, connection);
        var serializer = System.Serialization.FindSerializerFor(sample);
        var bytes = serializer.ToBinaryWithAddress(cluster.A.ClusterAddress!, sample);

        var other = cluster.B.Services.GetRequiredService<ActorSystem>();
        var back = (LobbyManagerActor.JoinLobby)other.Serialization.Deserialize(bytes, serializer.Identifier, Serialization.ManifestFor(serializer, sample));
        Assert.Equal(cluster.A.ClusterAddress, back.Connection.Path.Address);
        Assert.Equal(connection.Path.ToStringWithoutAddress(), back.Connection.Path.ToStringWithoutAddress());
        Assert.Equal(connection.Path.Uid, back.Connection.Path.Uid);
    }

    [Fact]
    public void A_lobby_envelope_round_trips_with_the_message_it_carries()
    {
        var connection = System.ActorOf(Props.Empty, "serialization-envelope-" + Guid.NewGuid().ToString("N"));
        var envelope = new LobbyEnvelope("relay-game", new LobbyActor.JoinRelay(new LobbyManagerActor.JoinLobby("relay-game", false, connection), Generated: false));
        var serializer = System.Serialization.FindSerializerFor(envelope);
        Assert.IsType<MeshClusterSerializer>(serializer);
        var bytes = serializer.ToBinaryWithAddress(cluster.A.ClusterAddress!, envelope);
        var back = System.Serialization.Deserialize(bytes, serializer.Identifier, Serialization.ManifestFor(serializer, envelope));
        Assert.Equal(envelope, back);
    }

    [Fact]
    public void Truncated_or_padded_bytes_and_unknown_manifests_are_refused_with_a_serialization_exception()
    {
        foreach (var sample in Samples().Values)
        {
            var serializer = System.Serialization.FindSerializerFor(sample);
            var manifest = Serialization.ManifestFor(serializer, sample);
            var bytes = serializer.ToBinary(sample);
            if (bytes.Length > 0)
            {
                Assert.Throws<SerializationException>(() => System.Serialization.Deserialize(bytes[..^1], serializer.Identifier, manifest));
            }
            Assert.Throws<SerializationException>(() => System.Serialization.Deserialize([.. bytes, 0], serializer.Identifier, manifest));
        }
        var signaling = System.Serialization.FindSerializerFor(LobbyActor.HandOff.Instance);
        Assert.Throws<SerializationException>(() => System.Serialization.Deserialize([], signaling.Identifier, "no such manifest"));
        // A relayed message whose id is negative cannot be a signaling message.
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(2);
            writer.Write((int)SignalingMessageType.Offer);
            writer.Write(-1);
            writer.Write("sdp");
        }
        Assert.Throws<SerializationException>(() => System.Serialization.Deserialize(stream.ToArray(), signaling.Identifier, "R"));

        var envelope = new LobbyEnvelope("lobby", LobbyActor.HandOff.Instance);
        var envelopeSerializer = System.Serialization.FindSerializerFor(envelope);
        var envelopeBytes = envelopeSerializer.ToBinary(envelope);
        Assert.Throws<SerializationException>(() => System.Serialization.Deserialize(envelopeBytes[..3], envelopeSerializer.Identifier, "E"));
        Assert.Throws<SerializationException>(() => System.Serialization.Deserialize(envelopeBytes, envelopeSerializer.Identifier, "X"));
    }
}
