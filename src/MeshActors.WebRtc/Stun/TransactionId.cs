using System.Buffers.Binary;
using System.Security.Cryptography;

namespace MeshActors.WebRtc.Stun;

/// <summary>The 96-bit transaction id of a STUN message (RFC 8489 §5), a value type that does not allocate.</summary>
public readonly struct TransactionId : IEquatable<TransactionId>
{
    /// <summary>Length in bytes.</summary>
    public const int Length = 12;

    private readonly ulong _high;
    private readonly uint _low;

    private TransactionId(ulong high, uint low)
    {
        _high = high;
        _low = low;
    }

    /// <summary>A new cryptographically random id (RFC 8489 §5: uniformly and randomly chosen).</summary>
    public static TransactionId NewRandom()
    {
        Span<byte> bytes = stackalloc byte[Length];
        RandomNumberGenerator.Fill(bytes);
        return Read(bytes);
    }

    /// <summary>Reads an id from the first 12 bytes of <paramref name="source"/>.</summary>
    public static TransactionId Read(ReadOnlySpan<byte> source) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(source), BinaryPrimitives.ReadUInt32BigEndian(source[8..]));

    /// <summary>Writes the id into the first 12 bytes of <paramref name="destination"/>.</summary>
    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], _low);
    }

    /// <inheritdoc/>
    public bool Equals(TransactionId other) => _high == other._high && _low == other._low;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is TransactionId other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_high, _low);

    /// <summary>Hex form, 24 digits.</summary>
    public override string ToString() => $"{_high:x16}{_low:x8}";

    /// <summary>Equality.</summary>
    public static bool operator ==(TransactionId left, TransactionId right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(TransactionId left, TransactionId right) => !left.Equals(right);
}
