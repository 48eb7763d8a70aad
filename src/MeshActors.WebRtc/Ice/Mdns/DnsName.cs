using System.Text;

namespace MeshActors.WebRtc.Ice.Mdns;

/// <summary>
/// A domain name (RFC 1035 §3.1, §4.1.4), kept in its uncompressed wire form: a sequence of labels,
/// each a length octet (1..63) and that many octets, ending with the zero-length root label.
/// <code>
///  +--+--+--+--+--+--+--+--+
///  | 0  0|  LENGTH (1..63)  |  label follows: LENGTH octets (UTF-8 in mDNS, RFC 6762 §16)
///  | 1  1|  OFFSET (high 6) |  compression pointer: the rest of the name is at OFFSET (14 bits)
///  +--+--+--+--+--+--+--+--+
/// </code>
/// Reading follows compression pointers (RFC 1035 §4.1.4) and stops at pointers that do not point
/// strictly backwards, at names over 255 octets (§2.3.4) and at the reserved label types 01/10.
/// Writing never compresses (allowed: compression is optional for senders). Names compare without
/// regard to ASCII case (RFC 1035 §2.3.3, RFC 6762 §16).
/// </summary>
public sealed class DnsName : IEquatable<DnsName>
{
    private const byte LabelTypeMask = 0xC0;
    private const byte PointerType = 0xC0;
    private const byte LabelType = 0x00;

    // A chain of backward pointers terminates by itself; this bound only caps the work per name.
    private const int MaxPointerHops = MdnsConstants.MaxNameLength / 2;

    private readonly byte[] _wire;

    private DnsName(byte[] wire) => _wire = wire;

    /// <summary>The root name ".", one zero octet.</summary>
    public static DnsName Root { get; } = new([0]);

    /// <summary>The uncompressed wire form, root label included.</summary>
    public ReadOnlySpan<byte> WireBytes => _wire;

    /// <summary>Number of labels, not counting the root.</summary>
    public int LabelCount
    {
        get
        {
            var count = 0;
            for (var i = 0; _wire[i] != 0; i += 1 + _wire[i])
            {
                count++;
            }
            return count;
        }
    }

    /// <summary>True when the last label is "local" (any case): a link-local mDNS name (RFC 6762 §3).</summary>
    public bool IsLocal
    {
        get
        {
            var last = -1;
            for (var i = 0; _wire[i] != 0; i += 1 + _wire[i])
            {
                last = i;
            }
            return last >= 0 && _wire[last] == MdnsConstants.LocalDomain.Length &&
                   Ascii.EqualsIgnoreCase(_wire.AsSpan(last + 1, _wire[last]), "local"u8);
        }
    }

    /// <summary>Length on the wire (uncompressed).</summary>
    public int GetLength() => _wire.Length;

    /// <summary>Writes the uncompressed name; returns the bytes written.</summary>
    public int Write(Span<byte> destination)
    {
        _wire.CopyTo(destination);
        return _wire.Length;
    }

    /// <summary>
    /// Parses dotted text such as <c>host.local</c> or <c>host.local.</c>. Labels are UTF-8; a
    /// backslash escapes the next character (so <c>\.</c> is a dot inside a label).
    /// </summary>
    /// <exception cref="ArgumentException">Empty labels, a label over 63 octets, or a name over 255 octets.</exception>
    public static DnsName Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return TryParse(name, out var parsed)
            ? parsed
            : throw new ArgumentException($"'{name}' is not a valid DNS name: labels must be 1 to 63 octets and the name at most 255 octets on the wire.", nameof(name));
    }

    /// <summary>Parses like <see cref="Parse"/>; returns false instead of throwing.</summary>
    public static bool TryParse(string? name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DnsName? parsed)
    {
        parsed = null;
        if (name is null)
        {
            return false;
        }
        if (name.Length == 0 || name == ".")
        {
            parsed = Root;
            return true;
        }

        // One trailing dot marks the name as absolute ("host.local."); it adds no label.
        // It is escaped, and so part of the last label, when an odd number of backslashes precede it.
        var end = name.Length;
        if (name[end - 1] == '.')
        {
            var backslashes = 0;
            while (backslashes < end - 1 && name[end - 2 - backslashes] == '\\')
            {
                backslashes++;
            }
            if (backslashes % 2 == 0)
            {
                end--;
            }
        }

        var wire = new List<byte>(end + 2);
        var label = new StringBuilder();
        for (var i = 0; i < end; i++)
        {
            var c = name[i];
            if (c == '\\' && i + 1 < end)
            {
                label.Append(name[++i]);
            }
            else if (c == '.')
            {
                if (!AppendLabel(wire, label))
                {
                    return false;
                }
                label.Clear();
            }
            else
            {
                label.Append(c);
            }
        }
        if (!AppendLabel(wire, label))
        {
            return false;
        }
        wire.Add(0);
        if (wire.Count > MdnsConstants.MaxNameLength)
        {
            return false;
        }
        parsed = new DnsName(wire.ToArray());
        return true;
    }

    /// <summary>
    /// Reads a possibly compressed name that starts at <paramref name="offset"/> in
    /// <paramref name="message"/> (offsets in pointers count from the message start). On success
    /// <paramref name="bytesConsumed"/> is the length of the name where it starts (up to and including
    /// the first pointer). Never throws.
    /// </summary>
    public static DnsReadStatus TryRead(ReadOnlySpan<byte> message, int offset, out DnsName name, out int bytesConsumed)
    {
        name = Root;
        bytesConsumed = 0;
        if ((uint)offset >= (uint)message.Length)
        {
            return DnsReadStatus.TooShort;
        }

        Span<byte> wire = stackalloc byte[MdnsConstants.MaxNameLength];
        var length = 0;
        var position = offset;
        var consumed = -1;
        var hops = 0;
        while (true)
        {
            if (position >= message.Length)
            {
                return DnsReadStatus.TooShort;
            }
            var b = message[position];
            switch (b & LabelTypeMask)
            {
                case LabelType when b == 0:
                    if (consumed < 0)
                    {
                        consumed = position + 1 - offset;
                    }
                    wire[length++] = 0; // room is guaranteed by the check below
                    bytesConsumed = consumed;
                    name = length == 1 ? Root : new DnsName(wire[..length].ToArray());
                    return DnsReadStatus.Ok;

                case LabelType:
                    if (position + 1 + b > message.Length)
                    {
                        return DnsReadStatus.TooShort;
                    }
                    // Keep one octet for the root label that must still follow.
                    if (length + 1 + b + 1 > MdnsConstants.MaxNameLength)
                    {
                        return DnsReadStatus.NameTooLong;
                    }
                    message.Slice(position, 1 + b).CopyTo(wire[length..]);
                    length += 1 + b;
                    position += 1 + b;
                    break;

                case PointerType:
                    if (position + 2 > message.Length)
                    {
                        return DnsReadStatus.TooShort;
                    }
                    var target = ((b & ~LabelTypeMask) << 8) | message[position + 1];
                    // "A pointer to a prior occurrence" (RFC 1035 §4.1.4): only backward pointers, which
                    // rules out self-references and, with the length limit, every loop.
                    if (target >= position || ++hops > MaxPointerHops)
                    {
                        return DnsReadStatus.BadPointer;
                    }
                    if (consumed < 0)
                    {
                        consumed = position + 2 - offset;
                    }
                    position = target;
                    break;

                default:
                    return DnsReadStatus.BadLabelType;
            }
        }
    }

    /// <summary>Equal when the labels match, ignoring ASCII case.</summary>
    public bool Equals(DnsName? other) =>
        other is not null && _wire.Length == other._wire.Length && Ascii.EqualsIgnoreCase(_wire, other._wire);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as DnsName);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var b in _wire)
        {
            hash.Add(b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b);
        }
        return hash.ToHashCode();
    }

    /// <summary>Dotted text without the trailing dot (the root is "."); dots and backslashes inside labels are escaped.</summary>
    public override string ToString()
    {
        if (_wire.Length == 1)
        {
            return ".";
        }
        var text = new StringBuilder(_wire.Length);
        for (var i = 0; _wire[i] != 0; i += 1 + _wire[i])
        {
            if (i > 0)
            {
                text.Append('.');
            }
            foreach (var c in Encoding.UTF8.GetString(_wire, i + 1, _wire[i]))
            {
                if (c is '.' or '\\')
                {
                    text.Append('\\');
                }
                text.Append(c);
            }
        }
        return text.ToString();
    }

    /// <summary>Equality operator (ASCII case-insensitive).</summary>
    public static bool operator ==(DnsName? left, DnsName? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Inequality operator.</summary>
    public static bool operator !=(DnsName? left, DnsName? right) => !(left == right);

    private static bool AppendLabel(List<byte> wire, StringBuilder label)
    {
        var bytes = Encoding.UTF8.GetBytes(label.ToString());
        if (bytes.Length is 0 or > MdnsConstants.MaxLabelLength)
        {
            return false;
        }
        wire.Add((byte)bytes.Length);
        wire.AddRange(bytes);
        return true;
    }
}
