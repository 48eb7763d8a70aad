using System.Buffers.Binary;

namespace MeshActors.WebRtc.Stun.Attributes;

/// <summary>
/// ICE-CONTROLLED (0x8029, RFC 8445 §7.1.3): the sender believes it is the controlled agent;
/// carries its 64-bit tie-breaker for role-conflict resolution (§7.3.1.1).
/// </summary>
public readonly struct IceControlledAttribute(ulong tieBreaker)
{
    /// <summary>The attribute type.</summary>
    public const StunAttributeType Type = StunAttributeType.IceControlled;

    /// <summary>The sender's tie-breaker.</summary>
    public ulong TieBreaker { get; } = tieBreaker;

    /// <summary>Value length: 8.</summary>
    public int GetLength() => 8;

    /// <summary>Writes the value.</summary>
    public void Write(Span<byte> value) => BinaryPrimitives.WriteUInt64BigEndian(value, TieBreaker);

    /// <summary>Reads a value; never throws.</summary>
    public static StunReadStatus TryRead(ReadOnlySpan<byte> value, out IceControlledAttribute attribute)
    {
        attribute = value.Length == 8 ? new IceControlledAttribute(BinaryPrimitives.ReadUInt64BigEndian(value)) : default;
        return value.Length == 8 ? StunReadStatus.Ok : StunReadStatus.BadAttributeValue;
    }
}
