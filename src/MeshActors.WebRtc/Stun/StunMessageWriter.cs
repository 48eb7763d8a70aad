using System.Buffers.Binary;
using System.Net;
using System.Text;
using MeshActors.WebRtc.Stun.Attributes;

namespace MeshActors.WebRtc.Stun;

/// <summary>
/// Writes one STUN message into a caller's buffer, attribute by attribute, without allocating.
/// The header length is kept current after every attribute, so MESSAGE-INTEGRITY and FINGERPRINT
/// (added last, in that order) cover exactly what precedes them (RFC 8489 §14.5, §14.7).
/// </summary>
/// <example>
/// <code>
/// var w = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, TransactionId.NewRandom());
/// w.AddUsername("remote:local"u8);
/// w.AddPriority(priority);
/// w.AddIceControlling(tieBreaker);
/// w.AddMessageIntegrity(remotePasswordUtf8);
/// w.AddFingerprint();
/// socket.SendTo(w.Written, remote);
/// </code>
/// </example>
public ref struct StunMessageWriter
{
    private readonly Span<byte> _buffer;
    private readonly byte _padding;
    private int _length;

    /// <summary>
    /// Starts a message. <paramref name="buffer"/> must hold the whole message; adding an attribute
    /// that does not fit throws <see cref="ArgumentException"/> (a programming error, not bad input).
    /// <paramref name="padding"/> is the byte used to pad attribute values (any value is legal;
    /// RFC 5769's vectors use 0x20).
    /// </summary>
    public StunMessageWriter(Span<byte> buffer, StunMethod method, StunClass cls, TransactionId transactionId, byte padding = 0)
    {
        if (buffer.Length < StunConstants.HeaderLength)
        {
            throw new ArgumentException("The buffer cannot hold a STUN header.", nameof(buffer));
        }
        _buffer = buffer;
        _padding = padding;
        TransactionId = transactionId;
        BinaryPrimitives.WriteUInt16BigEndian(buffer, StunMessageType.Encode(method, cls));
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], StunConstants.MagicCookie);
        transactionId.Write(buffer[8..]);
        _length = StunConstants.HeaderLength;
        UpdateHeaderLength();
    }

    /// <summary>The transaction id written in the header.</summary>
    public TransactionId TransactionId { get; }

    /// <summary>Bytes written so far.</summary>
    public readonly int Length => _length;

    /// <summary>The message written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    /// <summary>Adds USERNAME.</summary>
    public void AddUsername(ReadOnlySpan<byte> utf8) => new UsernameAttribute(utf8).Write(Begin(UsernameAttribute.Type, utf8.Length));

    /// <summary>Adds USERNAME from a string.</summary>
    public void AddUsername(string username) => AddUtf8(StunAttributeType.Username, username);

    /// <summary>Adds SOFTWARE.</summary>
    public void AddSoftware(string software) => AddUtf8(StunAttributeType.Software, software);

    /// <summary>Adds PRIORITY.</summary>
    public void AddPriority(uint priority)
    {
        var a = new PriorityAttribute(priority);
        a.Write(Begin(PriorityAttribute.Type, a.GetLength()));
    }

    /// <summary>Adds USE-CANDIDATE.</summary>
    public void AddUseCandidate() => Begin(UseCandidateAttribute.Type, 0);

    /// <summary>Adds ICE-CONTROLLING with the sender's tie-breaker.</summary>
    public void AddIceControlling(ulong tieBreaker)
    {
        var a = new IceControllingAttribute(tieBreaker);
        a.Write(Begin(IceControllingAttribute.Type, a.GetLength()));
    }

    /// <summary>Adds ICE-CONTROLLED with the sender's tie-breaker.</summary>
    public void AddIceControlled(ulong tieBreaker)
    {
        var a = new IceControlledAttribute(tieBreaker);
        a.Write(Begin(IceControlledAttribute.Type, a.GetLength()));
    }

    /// <summary>Adds XOR-MAPPED-ADDRESS.</summary>
    public void AddXorMappedAddress(IPEndPoint endPoint)
    {
        var a = new XorMappedAddressAttribute(endPoint);
        a.Write(Begin(XorMappedAddressAttribute.Type, a.GetLength()), TransactionId);
    }

    /// <summary>Adds MAPPED-ADDRESS.</summary>
    public void AddMappedAddress(IPEndPoint endPoint)
    {
        var a = new MappedAddressAttribute(endPoint);
        a.Write(Begin(MappedAddressAttribute.Type, a.GetLength()));
    }

    /// <summary>Adds ERROR-CODE.</summary>
    public void AddErrorCode(int code, string reason)
    {
        var a = new ErrorCodeAttribute(code, reason);
        a.Write(Begin(ErrorCodeAttribute.Type, a.GetLength()));
    }

    /// <summary>Adds UNKNOWN-ATTRIBUTES.</summary>
    public void AddUnknownAttributes(ushort[] types)
    {
        var a = new UnknownAttributesAttribute(types);
        a.Write(Begin(UnknownAttributesAttribute.Type, a.GetLength()));
    }

    /// <summary>Adds an attribute with a raw value (for types this codec has no struct for).</summary>
    public void AddRaw(ushort type, ReadOnlySpan<byte> value) => value.CopyTo(Begin((StunAttributeType)type, value.Length));

    /// <summary>Adds MESSAGE-INTEGRITY keyed with <paramref name="key"/> (ICE: the password's UTF-8 bytes).</summary>
    public void AddMessageIntegrity(ReadOnlySpan<byte> key)
    {
        var offset = _length;
        var value = Begin(MessageIntegrityAttribute.Type, StunConstants.MessageIntegrityLength);
        MessageIntegrityAttribute.Compute(_buffer, offset, key, value);
    }

    /// <summary>Adds FINGERPRINT; nothing may follow it.</summary>
    public void AddFingerprint()
    {
        var offset = _length;
        var value = Begin(FingerprintAttribute.Type, StunConstants.FingerprintLength);
        BinaryPrimitives.WriteUInt32BigEndian(value, FingerprintAttribute.Compute(_buffer[..offset]));
    }

    private void AddUtf8(StunAttributeType type, string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        Encoding.UTF8.GetBytes(text, Begin(type, length));
    }

    /// <summary>Writes the attribute header and padding, advances, and returns the value span to fill.</summary>
    private Span<byte> Begin(StunAttributeType type, int valueLength)
    {
        var padded = StunConstants.Pad4(valueLength);
        if (_length + StunConstants.AttributeHeaderLength + padded > _buffer.Length)
        {
            throw new ArgumentException($"The buffer ({_buffer.Length} bytes) cannot hold attribute {type} of {valueLength} bytes.");
        }
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[_length..], (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[(_length + 2)..], (ushort)valueLength);
        var value = _buffer.Slice(_length + StunConstants.AttributeHeaderLength, valueLength);
        _buffer.Slice(_length + StunConstants.AttributeHeaderLength + valueLength, padded - valueLength).Fill(_padding);
        _length += StunConstants.AttributeHeaderLength + padded;
        UpdateHeaderLength();
        return value;
    }

    private readonly void UpdateHeaderLength() =>
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], (ushort)(_length - StunConstants.HeaderLength));
}
