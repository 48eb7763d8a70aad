using System.Buffers.Binary;

namespace MeshActors.WebRtc.Stun.Attributes;

/// <summary>
/// PRIORITY (0x0024, RFC 8445 §7.1.1): 32-bit priority the sender would give a peer-reflexive
/// candidate learned from this check.
/// </summary>
public readonly struct PriorityAttribute(uint priority)
{
    /// <summary>The attribute type.</summary>
    public const StunAttributeType Type = StunAttributeType.Priority;

    /// <summary>The priority.</summary>
    public uint Priority { get; } = priority;

    /// <summary>Value length: 4.</summary>
    public int GetLength() => 4;

    /// <summary>Writes the value.</summary>
    public void Write(Span<byte> value) => BinaryPrimitives.WriteUInt32BigEndian(value, Priority);

    /// <summary>Reads a value; never throws.</summary>
    public static StunReadStatus TryRead(ReadOnlySpan<byte> value, out PriorityAttribute attribute)
    {
        attribute = value.Length == 4 ? new PriorityAttribute(BinaryPrimitives.ReadUInt32BigEndian(value)) : default;
        return value.Length == 4 ? StunReadStatus.Ok : StunReadStatus.BadAttributeValue;
    }
}
