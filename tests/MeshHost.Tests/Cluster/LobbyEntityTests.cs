using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using MeshActors.Signaling;
using MeshHost.Hosting;
using MeshHost.Signaling;

namespace MeshHost.Tests.Cluster;

/// <summary>
/// The lobby as a sharded entity, driven message by message: probes stand for the shard (its parent), this node's lobby
/// manager, the manager that creates it, and members' connections.
/// </summary>
public sealed class LobbyEntityTests : TestKit
{
    private const string Name = "AbCd0123456789Xy";

    private readonly SignalingMetrics _metrics = new();
    private readonly TestProbe _shard;
    private readonly TestProbe _localManager;
    private readonly TestProbe _creator;
    private readonly IActorRef _lobby;

    public LobbyEntityTests()
    {
        var errors = new List<string>();
        var settings = SignalingSettings.Create(MeshHostHocon.Defaults, errors)!;
        Assert.Empty(errors);
        _shard = CreateTestProbe("shard");
        _localManager = CreateTestProbe("manager");
        _creator = CreateTestProbe("creator");
        var props = LobbyActor.EntityProps(Name, settings, _metrics, _localManager.Ref);
        var parent = Sys.ActorOf(Props.Create(() => new ForwardingParent(props, _shard.Ref)), "shard");
        _lobby = parent.Ask<IActorRef>(ForwardingParent.GetChild.Instance, TimeSpan.FromSeconds(10)).Result;
    }

    private LobbyManagerActor.JoinLobby JoinOf(TestProbe connection, bool mesh = true) => new(Name, mesh, connection.Ref);

    private static SignalingConnectionActor.Deliver Deliver(SignalingMessageType type, int id, string data) =>
        new(new SignalingMessage(type, id, data));

    [Fact]
    public void A_create_opens_the_lobby_tells_its_creator_and_makes_the_joiner_the_host()
    {
        var host = CreateTestProbe();
        _lobby.Tell(new LobbyActor.Create(JoinOf(host) with { Name = "" }), _creator.Ref);

        Assert.Equal(new LobbyManagerActor.LobbyCreated(Name), _creator.ExpectMsg<LobbyManagerActor.LobbyCreated>());
        Assert.Equal(_lobby, _creator.LastSender);
        Assert.Equal(new SignalingConnectionActor.Joined(_lobby, LobbyActor.HostId, Name), host.ExpectMsg<SignalingConnectionActor.Joined>());
        Assert.Equal(Deliver(SignalingMessageType.Id, 1, "true"), host.ExpectMsg<SignalingConnectionActor.Deliver>());
        Assert.Equal(Deliver(SignalingMessageType.Join, 0, Name), host.ExpectMsg<SignalingConnectionActor.Deliver>());
        AwaitAssert(() => Assert.Equal(1, _metrics.Lobbies));
    }

    [Fact]
    public void A_second_create_for_an_open_name_is_answered_name_taken_so_generated_names_stay_unique()
    {
        var host = CreateTestProbe();
        _lobby.Tell(new LobbyActor.Create(JoinOf(host)), _creator.Ref);
        _creator.ExpectMsg<LobbyManagerActor.LobbyCreated>();

        var other = CreateTestProbe();
        var otherCreator = CreateTestProbe();
        var create = new LobbyActor.Create(JoinOf(other) with { Name = "" });
        _lobby.Tell(create, otherCreator.Ref);
        Assert.Equal(new LobbyManagerActor.NameTaken(Name, create.Join), otherCreator.ExpectMsg<LobbyManagerActor.NameTaken>());
        other.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        // A generated relay name that is taken is not joined either.
        var relayJoin = new LobbyActor.JoinRelay(JoinOf(other), Generated: true);
        _lobby.Tell(relayJoin, otherCreator.Ref);
        Assert.Equal(new LobbyManagerActor.NameTaken(Name, relayJoin.Join), otherCreator.ExpectMsg<LobbyManagerActor.NameTaken>());
    }

    [Fact]
    public void An_unborn_lobby_refuses_a_join_as_not_existing_and_passivates()
    {
        var client = CreateTestProbe();
        _lobby.Tell(JoinOf(client));
        Assert.Equal(new SignalingConnectionActor.CloseConnection(SignalingCloseCodes.ProtocolError, SignalingCloseCodes.LobbyDoesNotExist), client.ExpectMsg<SignalingConnectionActor.CloseConnection>());
        var passivate = _shard.ExpectMsg<Passivate>();
        Assert.Equal(PoisonPill.Instance, passivate.StopMessage);
        Assert.Equal(0, _metrics.Lobbies);
    }

    [Fact]
    public void A_relay_join_reserves_a_relay_host_on_this_node_and_the_hosts_create_opens_a_client_server_lobby()
    {
        var client = CreateTestProbe();
        _lobby.Tell(new LobbyActor.JoinRelay(JoinOf(client), Generated: false), _creator.Ref);
        Assert.Equal(new LobbyManagerActor.ReserveRelay(Name, JoinOf(client)), _localManager.ExpectMsg<LobbyManagerActor.ReserveRelay>());
        // Later asks wait with the reservation too.
        var second = CreateTestProbe();
        _lobby.Tell(new LobbyActor.JoinRelay(JoinOf(second), Generated: false), _creator.Ref);
        Assert.Equal(new LobbyManagerActor.ReserveRelay(Name, JoinOf(second)), _localManager.ExpectMsg<LobbyManagerActor.ReserveRelay>());

        // MeshHost's relay host joined with its token: this node's manager creates the lobby with it as host.
        var relayHost = CreateTestProbe();
        _lobby.Tell(new LobbyActor.Create(new LobbyManagerActor.JoinLobby("token", Mesh: false, relayHost.Ref)), _localManager.Ref);
        _localManager.ExpectMsg<LobbyManagerActor.LobbyCreated>();
        relayHost.ExpectMsg<SignalingConnectionActor.Joined>();
        Assert.Equal(Deliver(SignalingMessageType.Id, 1, ""), relayHost.ExpectMsg<SignalingConnectionActor.Deliver>());
        relayHost.ExpectMsg<SignalingConnectionActor.Deliver>();

        // Then the waiting client joins as a client, introduced to the host.
        _lobby.Tell(JoinOf(client, mesh: true));
        var joined = client.ExpectMsg<SignalingConnectionActor.Joined>();
        Assert.InRange(joined.PeerId, 2, int.MaxValue);
        Assert.Equal(Deliver(SignalingMessageType.Id, joined.PeerId, ""), client.ExpectMsg<SignalingConnectionActor.Deliver>());
        Assert.Equal(Deliver(SignalingMessageType.PeerConnect, 1, ""), client.ExpectMsg<SignalingConnectionActor.Deliver>());
        Assert.Equal(Deliver(SignalingMessageType.PeerConnect, joined.PeerId, ""), relayHost.ExpectMsg<SignalingConnectionActor.Deliver>());
    }

    [Fact]
    public void Handed_off_when_its_node_leaves_the_lobby_closes_every_member_with_1001_and_stops()
    {
        var host = CreateTestProbe();
        var member = CreateTestProbe();
        _lobby.Tell(new LobbyActor.Create(JoinOf(host)), _creator.Ref);
        _creator.ExpectMsg<LobbyManagerActor.LobbyCreated>();
        _lobby.Tell(JoinOf(member));
        member.ExpectMsg<SignalingConnectionActor.Joined>();
        Watch(_lobby);

        _lobby.Tell(LobbyActor.HandOff.Instance);
        var going = new SignalingConnectionActor.CloseConnection(SignalingCloseCodes.GoingAway, SignalingCloseCodes.ServerShuttingDown);
        host.FishForMessage(m => m.Equals(going));
        member.FishForMessage(m => m.Equals(going));
        ExpectTerminated(_lobby);
        AwaitAssert(() => Assert.Equal(0, _metrics.Lobbies));
    }

    [Fact]
    public void When_the_host_leaves_the_members_are_closed_the_creator_is_told_and_the_entity_passivates()
    {
        var host = CreateTestProbe();
        var member = CreateTestProbe();
        _lobby.Tell(new LobbyActor.Create(JoinOf(host)), _creator.Ref);
        _creator.ExpectMsg<LobbyManagerActor.LobbyCreated>();
        _lobby.Tell(JoinOf(member));
        member.ExpectMsg<SignalingConnectionActor.Joined>();

        Sys.Stop(host.Ref);
        member.FishForMessage(m => m.Equals(new SignalingConnectionActor.CloseConnection(SignalingCloseCodes.ProtocolError, SignalingCloseCodes.HostDisconnected)));
        Assert.Equal(new LobbyManagerActor.LobbyEnded(Name), _creator.ExpectMsg<LobbyManagerActor.LobbyEnded>());
        _shard.ExpectMsg<Passivate>();

        // Until it stops, joins are refused and a create finds the name taken.
        var late = CreateTestProbe();
        _lobby.Tell(JoinOf(late));
        late.ExpectMsg<SignalingConnectionActor.CloseConnection>();
        _lobby.Tell(new LobbyActor.Create(JoinOf(late)), _creator.Ref);
        _creator.ExpectMsg<LobbyManagerActor.NameTaken>();
    }

    /// <summary>Stands for the shard: creates the entity as its child and forwards whatever the entity tells it.</summary>
    private sealed class ForwardingParent : ReceiveActor
    {
        public ForwardingParent(Props child, IActorRef probe)
        {
            var entity = Context.ActorOf(child, Name);
            Receive<GetChild>(_ => Sender.Tell(entity));
            ReceiveAny(m => probe.Forward(m));
        }

        public sealed class GetChild
        {
            public static readonly GetChild Instance = new();

            private GetChild()
            {
            }
        }
    }
}
