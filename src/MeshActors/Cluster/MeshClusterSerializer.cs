using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using Akka.Serialization;

namespace MeshActors.Cluster;

/// <summary>
/// Serializes <see cref="LobbyEnvelope"/> for the wire between cluster nodes; the wrapped message is serialized with
/// whatever serializer Akka binds to its type. Bound in <c>hocon/cluster.conf</c>.
/// </summary>
/// <remarks>
/// Layout (manifest <c>E</c>): lobby name (UTF-8, 7-bit-encoded length prefix), the wrapped message's serializer id
/// (int32 little-endian), its manifest (as the name), then its bytes to the end. Malformed bytes raise a
/// <see cref="SerializationException"/>, the contract of Akka serializers: remoting logs and drops the message.
/// </remarks>
public sealed class MeshClusterSerializer : SerializerWithStringManifest
{
    /// <summary>Serializer id (ids below 100 are Akka's own; ours are 8301–8309).</summary>
    public const int SerializerId = 8301;

    private const string EnvelopeManifest = "E";

    /// <summary>Created by Akka's serialization extension.</summary>
    public MeshClusterSerializer(ExtendedActorSystem system)
        : base(system)
    {
    }

    /// <inheritdoc />
    public override int Identifier => SerializerId;

    /// <inheritdoc />
    public override string Manifest(object o) => o is LobbyEnvelope
        ? EnvelopeManifest
        : throw new ArgumentException($"{nameof(MeshClusterSerializer)} cannot serialize {o.GetType()}.", nameof(o));

    /// <inheritdoc />
    public override byte[] ToBinary(object obj)
    {
        if (obj is not LobbyEnvelope envelope)
        {
            throw new ArgumentException($"{nameof(MeshClusterSerializer)} cannot serialize {obj.GetType()}.", nameof(obj));
        }
        var serializer = system.Serialization.FindSerializerFor(envelope.Message);
        var payload = serializer.ToBinary(envelope.Message);
        using var stream = new MemoryStream(payload.Length + envelope.LobbyName.Length + 16);
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(envelope.LobbyName);
            writer.Write(serializer.Identifier);
            writer.Write(Serialization.ManifestFor(serializer, envelope.Message));
            writer.Write(payload);
        }
        return stream.ToArray();
    }

    /// <inheritdoc />
    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!string.Equals(manifest, EnvelopeManifest, StringComparison.Ordinal))
        {
            throw new SerializationException($"{nameof(MeshClusterSerializer)} does not know manifest '{manifest}'.");
        }
        string lobbyName;
        int serializerId;
        string messageManifest;
        int offset;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            using var reader = new BinaryReader(stream, Encoding.UTF8);
            lobbyName = reader.ReadString();
            serializerId = reader.ReadInt32();
            messageManifest = reader.ReadString();
            offset = (int)stream.Position;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException or DecoderFallbackException)
        {
            throw new SerializationException($"A {nameof(LobbyEnvelope)} is malformed: {e.Message}", e);
        }
        if (lobbyName.Length == 0)
        {
            throw new SerializationException($"A {nameof(LobbyEnvelope)} has an empty lobby name.");
        }
        var message = system.Serialization.Deserialize(bytes[offset..], serializerId, messageManifest);
        return new LobbyEnvelope(lobbyName, message);
    }
}
