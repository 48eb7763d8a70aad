using System.Buffers.Binary;
using System.Net;
using MeshActors.WebRtc.Stun.Attributes;

namespace MeshActors.WebRtc.Stun;

/// <summary>
/// A decoded view of one STUN message over its datagram bytes (RFC 8489 §5, §6.3). Decoding
/// validates the header, walks every attribute, checks FINGERPRINT when present and records where
/// the attributes ICE needs are, without allocating. Values are read on demand.
/// </summary>
/// <remarks>
/// Header layout:
/// <code>
///  0                   1                   2                   3
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |0 0|     STUN Message Type     |         Message Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         Magic Cookie                          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                     Transaction ID (96 bits)                  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Attributes after MESSAGE-INTEGRITY other than FINGERPRINT are ignored (RFC 8489 §14.5).
/// </remarks>
public readonly ref struct StunMessage
{
    /// <summary>At most this many unknown comprehension-required types are remembered for a 420 reply.</summary>
    public const int MaxReportedUnknownAttributes = 8;

    private readonly int _username;
    private readonly int _software;
    private readonly int _xorMappedAddress;
    private readonly int _mappedAddress;
    private readonly int _errorCode;
    private readonly int _unknownAttributesValue;
    private readonly UnknownTypes _unknown;

    private StunMessage(ReadOnlySpan<byte> raw, Offsets offsets)
    {
        Raw = raw;
        var (method, cls) = StunMessageType.Decode(BinaryPrimitives.ReadUInt16BigEndian(raw));
        Method = method;
        Class = cls;
        TransactionId = TransactionId.Read(raw[8..]);
        _username = offsets.Username;
        _software = offsets.Software;
        _xorMappedAddress = offsets.XorMappedAddress;
        _mappedAddress = offsets.MappedAddress;
        _errorCode = offsets.ErrorCode;
        _unknownAttributesValue = offsets.UnknownAttributes;
        MessageIntegrityOffset = offsets.MessageIntegrity;
        FingerprintOffset = offsets.Fingerprint;
        Priority = offsets.Priority;
        HasPriority = offsets.HasPriority;
        UseCandidate = offsets.UseCandidate;
        IceControlling = offsets.IceControlling;
        IceControlled = offsets.IceControlled;
        HasIceControlling = offsets.HasIceControlling;
        HasIceControlled = offsets.HasIceControlled;
        UnknownRequiredCount = offsets.UnknownCount;
        _unknown = offsets.Unknown;
    }

    /// <summary>The whole message (header and attributes).</summary>
    public ReadOnlySpan<byte> Raw { get; }

    /// <summary>The method.</summary>
    public StunMethod Method { get; }

    /// <summary>The class.</summary>
    public StunClass Class { get; }

    /// <summary>The transaction id.</summary>
    public TransactionId TransactionId { get; }

    /// <summary>Offset of the MESSAGE-INTEGRITY attribute header, or -1.</summary>
    public int MessageIntegrityOffset { get; }

    /// <summary>Offset of the FINGERPRINT attribute header, or -1.</summary>
    public int FingerprintOffset { get; }

    /// <summary>True when MESSAGE-INTEGRITY is present.</summary>
    public bool HasMessageIntegrity => MessageIntegrityOffset >= 0;

    /// <summary>True when FINGERPRINT is present (it was verified by <see cref="TryRead"/>).</summary>
    public bool HasFingerprint => FingerprintOffset >= 0;

    /// <summary>PRIORITY value when <see cref="HasPriority"/>.</summary>
    public uint Priority { get; }

    /// <summary>True when PRIORITY is present.</summary>
    public bool HasPriority { get; }

    /// <summary>True when USE-CANDIDATE is present.</summary>
    public bool UseCandidate { get; }

    /// <summary>ICE-CONTROLLING tie-breaker when <see cref="HasIceControlling"/>.</summary>
    public ulong IceControlling { get; }

    /// <summary>ICE-CONTROLLED tie-breaker when <see cref="HasIceControlled"/>.</summary>
    public ulong IceControlled { get; }

    /// <summary>True when ICE-CONTROLLING is present.</summary>
    public bool HasIceControlling { get; }

    /// <summary>True when ICE-CONTROLLED is present.</summary>
    public bool HasIceControlled { get; }

    /// <summary>Number of unknown comprehension-required attributes (RFC 8489 §6.3.1: answer 420).</summary>
    public int UnknownRequiredCount { get; }

    /// <summary>USERNAME bytes, empty when absent (check <see cref="HasUsername"/>).</summary>
    public ReadOnlySpan<byte> Username => _username >= 0 ? AttributeValue(_username) : default;

    /// <summary>True when USERNAME is present.</summary>
    public bool HasUsername => _username >= 0;

    /// <summary>SOFTWARE bytes, empty when absent.</summary>
    public ReadOnlySpan<byte> Software => _software >= 0 ? AttributeValue(_software) : default;

    /// <summary>The unknown comprehension-required types (at most <see cref="MaxReportedUnknownAttributes"/>).</summary>
    public ushort[] GetUnknownRequiredAttributes()
    {
        var count = Math.Min(UnknownRequiredCount, MaxReportedUnknownAttributes);
        var types = new ushort[count];
        for (var i = 0; i < count; i++)
        {
            types[i] = _unknown[i];
        }
        return types;
    }

    /// <summary>Reads XOR-MAPPED-ADDRESS (allocates the endpoint).</summary>
    public bool TryGetXorMappedAddress(out IPEndPoint? endPoint)
    {
        endPoint = null;
        if (_xorMappedAddress < 0 || XorMappedAddressAttribute.TryRead(AttributeValue(_xorMappedAddress), TransactionId, out var a) != StunReadStatus.Ok)
        {
            return false;
        }
        endPoint = a.EndPoint;
        return true;
    }

    /// <summary>Reads MAPPED-ADDRESS (allocates the endpoint).</summary>
    public bool TryGetMappedAddress(out IPEndPoint? endPoint)
    {
        endPoint = null;
        if (_mappedAddress < 0 || MappedAddressAttribute.TryRead(AttributeValue(_mappedAddress), out var a) != StunReadStatus.Ok)
        {
            return false;
        }
        endPoint = a.EndPoint;
        return true;
    }

    /// <summary>Reads ERROR-CODE.</summary>
    public bool TryGetErrorCode(out ErrorCodeAttribute error)
    {
        error = default;
        return _errorCode >= 0 && ErrorCodeAttribute.TryRead(AttributeValue(_errorCode), out error) == StunReadStatus.Ok;
    }

    /// <summary>Reads UNKNOWN-ATTRIBUTES.</summary>
    public bool TryGetUnknownAttributes(out UnknownAttributesAttribute attribute)
    {
        attribute = default;
        return _unknownAttributesValue >= 0 && UnknownAttributesAttribute.TryRead(AttributeValue(_unknownAttributesValue), out attribute) == StunReadStatus.Ok;
    }

    /// <summary>
    /// Verifies MESSAGE-INTEGRITY with a short-term key (the password's UTF-8 bytes):
    /// <see cref="StunReadStatus.Ok"/>, <see cref="StunReadStatus.MissingIntegrity"/> or
    /// <see cref="StunReadStatus.IntegrityMismatch"/>. Allocation-free.
    /// </summary>
    public StunReadStatus VerifyMessageIntegrity(ReadOnlySpan<byte> key)
    {
        if (MessageIntegrityOffset < 0)
        {
            return StunReadStatus.MissingIntegrity;
        }
        return MessageIntegrityAttribute.Verify(Raw, MessageIntegrityOffset, key) ? StunReadStatus.Ok : StunReadStatus.IntegrityMismatch;
    }

    /// <summary>Value bytes of the attribute whose header starts at <paramref name="offset"/>.</summary>
    private ReadOnlySpan<byte> AttributeValue(int offset) =>
        Raw.Slice(offset + StunConstants.AttributeHeaderLength, BinaryPrimitives.ReadUInt16BigEndian(Raw[(offset + 2)..]));

    /// <summary>
    /// True when the first bytes look like STUN: first byte 0..3 (RFC 7983 §7 demultiplexing; DTLS
    /// uses 20..63) and the magic cookie (RFC 8489 §6.3).
    /// </summary>
    public static bool IsStun(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= StunConstants.HeaderLength && datagram[0] <= 3 &&
        BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) == StunConstants.MagicCookie;

    /// <summary>
    /// Decodes one message that fills <paramref name="datagram"/> exactly (STUN over UDP). Returns a
    /// failure status for anything malformed; never throws. A message with unknown
    /// comprehension-required attributes decodes with <see cref="StunReadStatus.UnknownRequiredAttributes"/>
    /// and a usable <paramref name="message"/> so the caller can answer 420.
    /// </summary>
    public static StunReadStatus TryRead(ReadOnlySpan<byte> datagram, out StunMessage message)
    {
        message = default;
        if (datagram.Length < StunConstants.HeaderLength)
        {
            return StunReadStatus.TooShort;
        }
        if ((datagram[0] & 0xC0) != 0)
        {
            return StunReadStatus.NotStun;
        }
        if (BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) != StunConstants.MagicCookie)
        {
            return StunReadStatus.BadMagicCookie;
        }
        int length = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        if ((length & 3) != 0 || StunConstants.HeaderLength + length != datagram.Length)
        {
            return StunReadStatus.BadLength;
        }

        var offsets = new Offsets();
        var integritySeen = false;
        var position = StunConstants.HeaderLength;
        while (position < datagram.Length)
        {
            if (offsets.Fingerprint >= 0)
            {
                return StunReadStatus.FingerprintNotLast;
            }
            if (datagram.Length - position < StunConstants.AttributeHeaderLength)
            {
                return StunReadStatus.BadAttributeLength;
            }
            var type = BinaryPrimitives.ReadUInt16BigEndian(datagram[position..]);
            int valueLength = BinaryPrimitives.ReadUInt16BigEndian(datagram[(position + 2)..]);
            var valueStart = position + StunConstants.AttributeHeaderLength;
            // The header length is a multiple of 4 and attributes start aligned, so a value that fits
            // always has room for its padding.
            if (valueStart + valueLength > datagram.Length)
            {
                return StunReadStatus.BadAttributeLength;
            }
            var value = datagram.Slice(valueStart, valueLength);
            var status = type == (ushort)StunAttributeType.Fingerprint
                ? ReadFingerprint(datagram, position, valueLength, ref offsets)
                : integritySeen ? StunReadStatus.Ok : ReadAttribute(type, value, position, ref offsets, ref integritySeen);
            if (status != StunReadStatus.Ok)
            {
                return status;
            }
            position = valueStart + StunConstants.Pad4(valueLength);
        }

        message = new StunMessage(datagram, offsets);
        return offsets.UnknownCount > 0 ? StunReadStatus.UnknownRequiredAttributes : StunReadStatus.Ok;
    }

    private static StunReadStatus ReadFingerprint(ReadOnlySpan<byte> datagram, int position, int valueLength, ref Offsets offsets)
    {
        if (valueLength != StunConstants.FingerprintLength)
        {
            return StunReadStatus.BadAttributeValue;
        }
        if (position + StunConstants.AttributeHeaderLength + valueLength != datagram.Length)
        {
            return StunReadStatus.FingerprintNotLast;
        }
        if (!FingerprintAttribute.Verify(datagram, position))
        {
            return StunReadStatus.FingerprintMismatch;
        }
        offsets.Fingerprint = position;
        return StunReadStatus.Ok;
    }

    private static StunReadStatus ReadAttribute(ushort type, ReadOnlySpan<byte> value, int position, ref Offsets offsets, ref bool integritySeen)
    {
        // Only the first occurrence of an attribute counts (RFC 8489 §14).
        switch ((StunAttributeType)type)
        {
            case StunAttributeType.Username:
                if (offsets.Username < 0)
                {
                    if (UsernameAttribute.TryRead(value, out _) != StunReadStatus.Ok)
                    {
                        return StunReadStatus.BadAttributeValue;
                    }
                    offsets.Username = position;
                }
                return StunReadStatus.Ok;
            case StunAttributeType.Software:
                offsets.Software = offsets.Software < 0 ? position : offsets.Software;
                return StunReadStatus.Ok;
            case StunAttributeType.MessageIntegrity:
                if (value.Length != StunConstants.MessageIntegrityLength)
                {
                    return StunReadStatus.BadAttributeValue;
                }
                offsets.MessageIntegrity = position;
                integritySeen = true;
                return StunReadStatus.Ok;
            case StunAttributeType.Priority:
                if (PriorityAttribute.TryRead(value, out var priority) != StunReadStatus.Ok)
                {
                    return StunReadStatus.BadAttributeValue;
                }
                if (!offsets.HasPriority)
                {
                    offsets.Priority = priority.Priority;
                    offsets.HasPriority = true;
                }
                return StunReadStatus.Ok;
            case StunAttributeType.UseCandidate:
                if (UseCandidateAttribute.TryRead(value, out _) != StunReadStatus.Ok)
                {
                    return StunReadStatus.BadAttributeValue;
                }
                offsets.UseCandidate = true;
                return StunReadStatus.Ok;
            case StunAttributeType.IceControlling:
                if (IceControllingAttribute.TryRead(value, out var controlling) != StunReadStatus.Ok)
                {
                    return StunReadStatus.BadAttributeValue;
                }
                offsets.IceControlling = controlling.TieBreaker;
                offsets.HasIceControlling = true;
                return StunReadStatus.Ok;
            case StunAttributeType.IceControlled:
                if (IceControlledAttribute.TryRead(value, out var controlled) != StunReadStatus.Ok)
                {
                    return StunReadStatus.BadAttributeValue;
                }
                offsets.IceControlled = controlled.TieBreaker;
                offsets.HasIceControlled = true;
                return StunReadStatus.Ok;
            case StunAttributeType.XorMappedAddress:
                offsets.XorMappedAddress = offsets.XorMappedAddress < 0 ? position : offsets.XorMappedAddress;
                return StunReadStatus.Ok;
            case StunAttributeType.MappedAddress:
                offsets.MappedAddress = offsets.MappedAddress < 0 ? position : offsets.MappedAddress;
                return StunReadStatus.Ok;
            case StunAttributeType.ErrorCode:
                offsets.ErrorCode = offsets.ErrorCode < 0 ? position : offsets.ErrorCode;
                return StunReadStatus.Ok;
            case StunAttributeType.UnknownAttributes:
                offsets.UnknownAttributes = offsets.UnknownAttributes < 0 ? position : offsets.UnknownAttributes;
                return StunReadStatus.Ok;
            default:
                // Unknown comprehension-optional attributes are skipped (RFC 8489 §14).
                if (StunAttributeTypes.IsComprehensionRequired(type))
                {
                    if (offsets.UnknownCount < MaxReportedUnknownAttributes)
                    {
                        offsets.Unknown[offsets.UnknownCount] = type;
                    }
                    offsets.UnknownCount++;
                }
                return StunReadStatus.Ok;
        }
    }

    [System.Runtime.CompilerServices.InlineArray(MaxReportedUnknownAttributes)]
    private struct UnknownTypes
    {
        private ushort _element;
    }

    private struct Offsets()
    {
        public int Username = -1;
        public int Software = -1;
        public int MessageIntegrity = -1;
        public int Fingerprint = -1;
        public int XorMappedAddress = -1;
        public int MappedAddress = -1;
        public int ErrorCode = -1;
        public int UnknownAttributes = -1;
        public uint Priority;
        public bool HasPriority;
        public bool UseCandidate;
        public ulong IceControlling;
        public ulong IceControlled;
        public bool HasIceControlling;
        public bool HasIceControlled;
        public int UnknownCount;
        public UnknownTypes Unknown;
    }
}
