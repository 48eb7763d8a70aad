using System.Buffers.Binary;

namespace MeshActors.WebRtc.Stun.Attributes;

/// <summary>
/// UNKNOWN-ATTRIBUTES (0x000A, RFC 8489 §14.9): in a 420 response, the list of 16-bit types
/// the server did not understand.
/// </summary>
public readonly struct UnknownAttributesAttribute(ushort[] types)
{
    /// <summary>The attribute type.</summary>
    public const StunAttributeType Type = StunAttributeType.UnknownAttributes;

    /// <summary>The unknown attribute types.</summary>
    public IReadOnlyList<ushort> Types { get; } = types;

    /// <summary>Value length before padding: two bytes per type.</summary>
    public int GetLength() => 2 * Types.Count;

    /// <summary>Writes the value.</summary>
    public void Write(Span<byte> value)
    {
        for (var i = 0; i < Types.Count; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(value[(2 * i)..], Types[i]);
        }
    }

    /// <summary>Reads a value; never throws.</summary>
    public static StunReadStatus TryRead(ReadOnlySpan<byte> value, out UnknownAttributesAttribute attribute)
    {
        attribute = default;
        if (value.Length % 2 != 0)
        {
            return StunReadStatus.BadAttributeValue;
        }
        var types = new ushort[value.Length / 2];
        for (var i = 0; i < types.Length; i++)
        {
            types[i] = BinaryPrimitives.ReadUInt16BigEndian(value[(2 * i)..]);
        }
        attribute = new UnknownAttributesAttribute(types);
        return StunReadStatus.Ok;
    }
}
