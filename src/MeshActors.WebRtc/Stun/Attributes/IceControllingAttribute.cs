using System.Buffers.Binary;

namespace MeshActors.WebRtc.Stun.Attributes;

/// <summary>
/// ICE-CONTROLLING (0x802A, RFC 8445 §7.1.3): the sender believes it is the controlling agent;
/// carries its 64-bit tie-breaker for role-conflict resolution (§7.3.1.1).
/// </summary>
public readonly struct IceControllingAttribute(ulong tieBreaker)
{
    /// <summary>The attribute type.</summary>
    public const StunAttributeType Type = StunAttributeType.IceControlling;

    /// <summary>The sender's tie-breaker.</summary>
    public ulong TieBreaker { get; } = tieBreaker;

    /// <summary>Value length: 8.</summary>
    public int GetLength() => 8;

    /// <summary>Writes the value.</summary>
    public void Write(Span<byte> value) => BinaryPrimitives.WriteUInt64BigEndian(value, TieBreaker);

    /// <summary>Reads a value; never throws.</summary>
    public static StunReadStatus TryRead(ReadOnlySpan<byte> value, out IceControllingAttribute attribute)
    {
        attribute = value.Length == 8 ? new IceControllingAttribute(BinaryPrimitives.ReadUInt64BigEndian(value)) : default;
        return value.Length == 8 ? StunReadStatus.Ok : StunReadStatus.BadAttributeValue;
    }
}
