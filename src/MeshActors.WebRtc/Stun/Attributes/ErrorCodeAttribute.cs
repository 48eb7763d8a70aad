using System.Text;

namespace MeshActors.WebRtc.Stun.Attributes;

/// <summary>
/// ERROR-CODE (0x0009, RFC 8489 §14.8):
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           Reserved, should be 0         |Class|     Number    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      Reason Phrase (variable, UTF-8, at most 763 bytes)   ...
/// </code>
/// Code = Class × 100 + Number, Class 3..6, Number 0..99.
/// </summary>
public readonly struct ErrorCodeAttribute
{
    /// <summary>The attribute type.</summary>
    public const StunAttributeType Type = StunAttributeType.ErrorCode;

    /// <summary>420 Unknown Attribute (RFC 8489 §14.8).</summary>
    public const int UnknownAttribute = 420;

    /// <summary>400 Bad Request.</summary>
    public const int BadRequest = 400;

    /// <summary>401 Unauthenticated.</summary>
    public const int Unauthenticated = 401;

    /// <summary>487 Role Conflict (RFC 8445 §7.3.1.1).</summary>
    public const int RoleConflict = 487;

    private const int MaxReasonLength = 763;

    /// <summary>Creates an error code; <paramref name="code"/> must be 300..699 and the reason at most 763 UTF-8 bytes.</summary>
    public ErrorCodeAttribute(int code, string reason)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(code, 300);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(code, 699);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Encoding.UTF8.GetByteCount(reason), MaxReasonLength, nameof(reason));
        Code = code;
        Reason = reason;
    }

    /// <summary>The numeric code, 300..699.</summary>
    public int Code { get; }

    /// <summary>The reason phrase.</summary>
    public string Reason { get; } = "";

    /// <summary>Value length before padding.</summary>
    public int GetLength() => 4 + Encoding.UTF8.GetByteCount(Reason);

    /// <summary>Writes the value.</summary>
    public void Write(Span<byte> value)
    {
        value[0] = 0;
        value[1] = 0;
        value[2] = (byte)(Code / 100);
        value[3] = (byte)(Code % 100);
        Encoding.UTF8.GetBytes(Reason.AsSpan(), value[4..]);
    }

    /// <summary>Reads a value; never throws.</summary>
    public static StunReadStatus TryRead(ReadOnlySpan<byte> value, out ErrorCodeAttribute attribute)
    {
        attribute = default;
        if (value.Length < 4 || value.Length > 4 + MaxReasonLength)
        {
            return StunReadStatus.BadAttributeValue;
        }
        var cls = value[2] & 0x07;
        var number = value[3];
        if (cls is < 3 or > 6 || number > 99)
        {
            return StunReadStatus.BadAttributeValue;
        }
        attribute = new ErrorCodeAttribute(cls * 100 + number, Encoding.UTF8.GetString(value[4..]));
        return StunReadStatus.Ok;
    }
}
