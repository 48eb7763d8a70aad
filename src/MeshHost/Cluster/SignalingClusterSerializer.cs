using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using Akka.Serialization;
using MeshActors.Signaling;
using MeshHost.Signaling;

namespace MeshHost.Cluster;

/// <summary>
/// Serializes the signaling messages that cross cluster nodes (<see cref="ISignalingClusterMessage"/>).
/// </summary>
/// <remarks>
/// <para>One short manifest per type; the body is written with <see cref="BinaryWriter"/>: strings as UTF-8 with a
/// 7-bit-encoded length prefix, integers as int32 little-endian, booleans as one byte, actor references as their
/// serialized path (<c>akka.tcp://meshhost@host:port/user/ws-7#123</c>) resolved on the receiving node, and a
/// <see cref="SignalingMessage"/> as type, id and data. Layouts:</para>
/// <list type="bullet">
/// <item><c>J</c> JoinLobby: name, mesh, connection. <c>C</c> Create: JoinLobby. <c>JR</c> JoinRelay: JoinLobby, generated.</item>
/// <item><c>LC</c> LobbyCreated, <c>LE</c> LobbyEnded: name. <c>NT</c> NameTaken, <c>RR</c> ReserveRelay: name, JoinLobby.</item>
/// <item><c>R</c> Relay: from, message. <c>S</c> Seal: from. <c>H</c> HandOff: nothing.</item>
/// <item><c>JD</c> Joined: lobby, peer id, lobby name. <c>D</c> Deliver: message. <c>CC</c> CloseConnection: code, reason.</item>
/// </list>
/// <para>Malformed bytes raise a <see cref="SerializationException"/>, the contract of Akka serializers: remoting logs and
/// drops the message.</para>
/// </remarks>
internal sealed class SignalingClusterSerializer : SerializerWithStringManifest
{
    /// <summary>Serializer id (MeshActors' ids are 8301–8309).</summary>
    public const int SerializerId = 8302;

    public SignalingClusterSerializer(ExtendedActorSystem system)
        : base(system)
    {
    }

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o switch
    {
        LobbyManagerActor.JoinLobby => "J",
        LobbyActor.Create => "C",
        LobbyActor.JoinRelay => "JR",
        LobbyManagerActor.LobbyCreated => "LC",
        LobbyManagerActor.LobbyEnded => "LE",
        LobbyManagerActor.NameTaken => "NT",
        LobbyManagerActor.ReserveRelay => "RR",
        LobbyActor.Relay => "R",
        LobbyActor.Seal => "S",
        LobbyActor.HandOff => "H",
        SignalingConnectionActor.Joined => "JD",
        SignalingConnectionActor.Deliver => "D",
        SignalingConnectionActor.CloseConnection => "CC",
        _ => throw new ArgumentException($"{nameof(SignalingClusterSerializer)} cannot serialize {o.GetType()}.", nameof(o)),
    };

    public override byte[] ToBinary(object obj)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            switch (obj)
            {
                case LobbyManagerActor.JoinLobby join:
                    Write(writer, join);
                    break;
                case LobbyActor.Create create:
                    Write(writer, create.Join);
                    break;
                case LobbyActor.JoinRelay relay:
                    Write(writer, relay.Join);
                    writer.Write(relay.Generated);
                    break;
                case LobbyManagerActor.LobbyCreated created:
                    writer.Write(created.Name);
                    break;
                case LobbyManagerActor.LobbyEnded ended:
                    writer.Write(ended.Name);
                    break;
                case LobbyManagerActor.NameTaken taken:
                    writer.Write(taken.Name);
                    Write(writer, taken.Join);
                    break;
                case LobbyManagerActor.ReserveRelay reserve:
                    writer.Write(reserve.Name);
                    Write(writer, reserve.Join);
                    break;
                case LobbyActor.Relay relay:
                    writer.Write(relay.From);
                    Write(writer, relay.Message);
                    break;
                case LobbyActor.Seal seal:
                    writer.Write(seal.From);
                    break;
                case LobbyActor.HandOff:
                    break;
                case SignalingConnectionActor.Joined joined:
                    Write(writer, joined.Lobby);
                    writer.Write(joined.PeerId);
                    writer.Write(joined.LobbyName);
                    break;
                case SignalingConnectionActor.Deliver deliver:
                    Write(writer, deliver.Message);
                    break;
                case SignalingConnectionActor.CloseConnection close:
                    writer.Write(close.Code);
                    writer.Write(close.Reason);
                    break;
                default:
                    throw new ArgumentException($"{nameof(SignalingClusterSerializer)} cannot serialize {obj.GetType()}.", nameof(obj));
            }
        }
        return stream.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            using var reader = new BinaryReader(stream, Encoding.UTF8);
            object message = manifest switch
            {
                "J" => ReadJoin(reader),
                "C" => new LobbyActor.Create(ReadJoin(reader)),
                "JR" => new LobbyActor.JoinRelay(ReadJoin(reader), reader.ReadBoolean()),
                "LC" => new LobbyManagerActor.LobbyCreated(reader.ReadString()),
                "LE" => new LobbyManagerActor.LobbyEnded(reader.ReadString()),
                "NT" => new LobbyManagerActor.NameTaken(reader.ReadString(), ReadJoin(reader)),
                "RR" => new LobbyManagerActor.ReserveRelay(reader.ReadString(), ReadJoin(reader)),
                "R" => new LobbyActor.Relay(reader.ReadInt32(), ReadMessage(reader)),
                "S" => new LobbyActor.Seal(reader.ReadInt32()),
                "H" => LobbyActor.HandOff.Instance,
                "JD" => new SignalingConnectionActor.Joined(ReadActorRef(reader), reader.ReadInt32(), reader.ReadString()),
                "D" => new SignalingConnectionActor.Deliver(ReadMessage(reader)),
                "CC" => new SignalingConnectionActor.CloseConnection(reader.ReadInt32(), reader.ReadString()),
                _ => throw new SerializationException($"{nameof(SignalingClusterSerializer)} does not know manifest '{manifest}'."),
            };
            if (stream.Position != stream.Length)
            {
                throw new SerializationException($"{stream.Length - stream.Position} bytes follow a '{manifest}' message.");
            }
            return message;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException or DecoderFallbackException or ArgumentException)
        {
            throw new SerializationException($"A '{manifest}' signaling message is malformed: {e.Message}", e);
        }
    }

    private static void Write(BinaryWriter writer, LobbyManagerActor.JoinLobby join)
    {
        writer.Write(join.Name);
        writer.Write(join.Mesh);
        Write(writer, join.Connection);
    }

    private static void Write(BinaryWriter writer, SignalingMessage message)
    {
        writer.Write((int)message.Type);
        writer.Write(message.Id);
        writer.Write(message.Data);
    }

    private static void Write(BinaryWriter writer, IActorRef actor) => writer.Write(Serialization.SerializedActorPath(actor));

    private LobbyManagerActor.JoinLobby ReadJoin(BinaryReader reader) =>
        new(reader.ReadString(), reader.ReadBoolean(), ReadActorRef(reader));

    /// <summary>A negative type or id throws <see cref="ArgumentOutOfRangeException"/> (an <see cref="ArgumentException"/>).</summary>
    private static SignalingMessage ReadMessage(BinaryReader reader) =>
        new((SignalingMessageType)reader.ReadInt32(), reader.ReadInt32(), reader.ReadString());

    private IActorRef ReadActorRef(BinaryReader reader) => system.Provider.ResolveActorRef(reader.ReadString());
}
