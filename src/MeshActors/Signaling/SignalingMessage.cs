using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MeshActors.Signaling;

/// <summary>
/// One message of Godot's webrtc_signaling demo protocol: a WebSocket text frame holding the JSON object
/// <c>{"type":number,"id":number,"data":string}</c>.
/// </summary>
/// <remarks>
/// <para>Reading follows the demo's Node.js server: the bytes must be one JSON value that is an object;
/// <c>type</c> and <c>id</c> must be JSON numbers, are floored, and must not be negative; a missing or
/// non-string <c>data</c> reads as "". Unknown keys are ignored; with duplicate keys the last one wins
/// (as JavaScript's <c>JSON.parse</c> does). A <c>type</c> outside 0..7 is read as is (the server, not the
/// codec, rejects it), but numbers above 2^31 − 1 are refused.</para>
/// <para>Writing produces exactly the bytes the Node.js server's <c>JSON.stringify</c> produces:
/// <c>{"type":1,"id":1,"data":"true"}</c> — keys in that order, no spaces, integers in decimal, and in
/// <c>data</c> only <c>"</c>, <c>\</c>, control characters (as <c>\b \f \n \r \t</c> or <c>\u00xx</c>) and
/// lone surrogates (<c>\udxxx</c>) escaped; everything else is raw UTF-8. (Reading refuses lone surrogates, which a
/// .NET string read from JSON cannot hold; JavaScript would keep them.)</para>
/// </remarks>
public readonly struct SignalingMessage : IEquatable<SignalingMessage>
{
    private static ReadOnlySpan<byte> TypePrefix => "{\"type\":"u8;
    private static ReadOnlySpan<byte> IdPrefix => ",\"id\":"u8;
    private static ReadOnlySpan<byte> DataPrefix => ",\"data\":\""u8;
    private static ReadOnlySpan<byte> Suffix => "\"}"u8;
    private static ReadOnlySpan<byte> HexDigits => "0123456789abcdef"u8;

    private readonly string? _data;

    /// <summary>Creates a message.</summary>
    /// <param name="type">The message type (values outside the enum are written as their number).</param>
    /// <param name="id">A peer id, 0 when the type carries none; never negative.</param>
    /// <param name="data">The payload ("" when empty).</param>
    public SignalingMessage(SignalingMessageType type, int id, string data)
    {
        ArgumentOutOfRangeException.ThrowIfNegative((int)type, nameof(type));
        ArgumentOutOfRangeException.ThrowIfNegative(id);
        ArgumentNullException.ThrowIfNull(data);
        Type = type;
        Id = id;
        _data = data;
    }

    /// <summary>The message type; may be a number outside <see cref="SignalingMessageType"/> when read.</summary>
    public SignalingMessageType Type { get; }

    /// <summary>The peer id (destination when a client sends, source when the server relays), or 0.</summary>
    public int Id { get; }

    /// <summary>The payload: an SDP, a candidate, a lobby name, "true", or "".</summary>
    public string Data => _data ?? string.Empty;

    /// <summary>Reads one message from the UTF-8 bytes of a text frame. Never throws on bad input.</summary>
    public static SignalingReadStatus TryRead(ReadOnlySpan<byte> utf8Json, out SignalingMessage message)
    {
        message = default;
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read())
            {
                return SignalingReadStatus.InvalidJson;
            }
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return reader.Read() ? SignalingReadStatus.InvalidJson : SignalingReadStatus.NotAnObject;
            }
            double? type = null;
            double? id = null;
            string data = string.Empty;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = reader.ValueTextEquals("type"u8) ? 1 : reader.ValueTextEquals("id"u8) ? 2 : reader.ValueTextEquals("data"u8) ? 3 : 0;
                reader.Read();
                switch (key)
                {
                    case 1:
                        type = ReadNumber(ref reader);
                        break;
                    case 2:
                        id = ReadNumber(ref reader);
                        break;
                    case 3:
                        data = reader.TokenType == JsonTokenType.String ? reader.GetString()! : string.Empty;
                        break;
                }
                reader.Skip();
            }
            // The object is closed; anything but whitespace after it is an error (the reader throws).
            if (reader.Read())
            {
                return SignalingReadStatus.InvalidJson;
            }
            var status = ToInt(type, out var typeValue);
            if (status == SignalingReadStatus.Ok)
            {
                status = ToInt(id, out var idValue);
                if (status == SignalingReadStatus.Ok)
                {
                    message = new SignalingMessage((SignalingMessageType)typeValue, idValue, data);
                }
            }
            return status;
        }
        catch (JsonException)
        {
            return SignalingReadStatus.InvalidJson;
        }
        catch (InvalidOperationException)
        {
            // A string that is not valid UTF-8 cannot be transcoded.
            return SignalingReadStatus.InvalidJson;
        }
    }

    private static double? ReadNumber(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var value) && double.IsFinite(value) ? value : null;

    private static SignalingReadStatus ToInt(double? number, out int value)
    {
        value = 0;
        if (number is not { } n)
        {
            return SignalingReadStatus.MissingNumber;
        }
        var floored = Math.Floor(n);
        if (floored < 0)
        {
            return SignalingReadStatus.NegativeNumber;
        }
        if (floored > int.MaxValue)
        {
            return SignalingReadStatus.NumberOutOfRange;
        }
        value = (int)floored;
        return SignalingReadStatus.Ok;
    }

    /// <summary>The exact number of bytes <see cref="Write"/> produces.</summary>
    public int GetLength()
    {
        var length = TypePrefix.Length + DigitCount((int)Type) + IdPrefix.Length + DigitCount(Id) + DataPrefix.Length + Suffix.Length;
        var data = Data.AsSpan();
        for (var i = 0; i < data.Length; i++)
        {
            var c = data[i];
            if (c < 0x80)
            {
                length += c switch
                {
                    '"' or '\\' or '\b' or '\f' or '\n' or '\r' or '\t' => 2,
                    < ' ' => 6,
                    _ => 1,
                };
            }
            else if (c < 0x800)
            {
                length += 2;
            }
            else if (char.IsHighSurrogate(c) && i + 1 < data.Length && char.IsLowSurrogate(data[i + 1]))
            {
                length += 4;
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                length += 6;
            }
            else
            {
                length += 3;
            }
        }
        return length;
    }

    /// <summary>Writes the message's JSON bytes; returns how many were written (<see cref="GetLength"/>).</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="GetLength"/>.</exception>
    public int Write(Span<byte> destination)
    {
        if (destination.Length < GetLength())
        {
            throw new ArgumentException("The destination is shorter than GetLength().", nameof(destination));
        }
        var n = 0;
        TypePrefix.CopyTo(destination);
        n += TypePrefix.Length;
        n += WriteNumber((int)Type, destination[n..]);
        IdPrefix.CopyTo(destination[n..]);
        n += IdPrefix.Length;
        n += WriteNumber(Id, destination[n..]);
        DataPrefix.CopyTo(destination[n..]);
        n += DataPrefix.Length;
        var data = Data.AsSpan();
        for (var i = 0; i < data.Length; i++)
        {
            var c = data[i];
            if (c < 0x80)
            {
                switch (c)
                {
                    case '"': n += WriteEscape('"', destination[n..]); break;
                    case '\\': n += WriteEscape('\\', destination[n..]); break;
                    case '\b': n += WriteEscape('b', destination[n..]); break;
                    case '\f': n += WriteEscape('f', destination[n..]); break;
                    case '\n': n += WriteEscape('n', destination[n..]); break;
                    case '\r': n += WriteEscape('r', destination[n..]); break;
                    case '\t': n += WriteEscape('t', destination[n..]); break;
                    case < ' ': n += WriteUnicodeEscape(c, destination[n..]); break;
                    default: destination[n++] = (byte)c; break;
                }
            }
            else if (char.IsHighSurrogate(c) && i + 1 < data.Length && char.IsLowSurrogate(data[i + 1]))
            {
                n += Encoding.UTF8.GetBytes(data.Slice(i, 2), destination[n..]);
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                n += WriteUnicodeEscape(c, destination[n..]);
            }
            else
            {
                n += Encoding.UTF8.GetBytes(data.Slice(i, 1), destination[n..]);
            }
        }
        Suffix.CopyTo(destination[n..]);
        return n + Suffix.Length;
    }

    /// <summary>The message's JSON bytes in a new array (convenient off the hot path).</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[GetLength()];
        Write(bytes);
        return bytes;
    }

    private static int DigitCount(int value)
    {
        var digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }
        return digits;
    }

    private static int WriteNumber(int value, Span<byte> destination)
    {
        value.TryFormat(destination, out var written, default, CultureInfo.InvariantCulture);
        return written;
    }

    private static int WriteEscape(char escaped, Span<byte> destination)
    {
        destination[0] = (byte)'\\';
        destination[1] = (byte)escaped;
        return 2;
    }

    private static int WriteUnicodeEscape(char c, Span<byte> destination)
    {
        destination[0] = (byte)'\\';
        destination[1] = (byte)'u';
        destination[2] = HexDigits[(c >> 12) & 0xF];
        destination[3] = HexDigits[(c >> 8) & 0xF];
        destination[4] = HexDigits[(c >> 4) & 0xF];
        destination[5] = HexDigits[c & 0xF];
        return 6;
    }

    /// <inheritdoc />
    public bool Equals(SignalingMessage other) => Type == other.Type && Id == other.Id && Data == other.Data;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SignalingMessage other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, Id, Data);

    /// <summary>Equality of type, id and data.</summary>
    public static bool operator ==(SignalingMessage left, SignalingMessage right) => left.Equals(right);

    /// <summary>Inequality of type, id or data.</summary>
    public static bool operator !=(SignalingMessage left, SignalingMessage right) => !left.Equals(right);

    /// <summary>For logs: the type's name, the id and the payload's length (payloads may be long SDPs).</summary>
    public override string ToString() => $"{Type} id={Id} data[{Data.Length}]";
}
