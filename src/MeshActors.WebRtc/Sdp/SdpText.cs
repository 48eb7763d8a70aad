namespace MeshActors.WebRtc.Sdp;

/// <summary>Character rules shared by the parser, the writer and the model's argument checks.</summary>
internal static class SdpText
{
    /// <summary>
    /// A token as far as this stack cares: non-empty, no whitespace, no control characters.
    /// (RFC 8866 §9 token-char is stricter; peers are not, so only what would break the line
    /// structure or field splitting is refused.)
    /// </summary>
    public static bool IsToken(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return false;
        foreach (char c in text)
        {
            if (c <= ' ' || c == '\u007F') return false;
        }
        return true;
    }

    /// <summary>Text that fits in one SDP line: no CR, LF or NUL (RFC 8866 §5 text / byte-string).</summary>
    public static bool IsLineText(ReadOnlySpan<char> text) => text.IndexOfAny('\r', '\n', '\0') < 0;

    /// <summary>ICE ufrag/pwd characters: ALPHA / DIGIT / "+" / "/" (RFC 8839 §5.4 ice-char).</summary>
    public static bool IsIceChars(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return false;
        foreach (char c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '+' && c != '/') return false;
        }
        return true;
    }

    public static string RequireToken(string? value, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        if (!IsToken(value)) throw new ArgumentException($"'{value}' must be non-empty and contain no whitespace or control characters.", paramName);
        return value;
    }

    public static string RequireLineText(string? value, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        if (!IsLineText(value)) throw new ArgumentException("SDP text cannot contain CR, LF or NUL.", paramName);
        return value;
    }

    public static string? RequireTokenOrNull(string? value, string paramName) => value is null ? null : RequireToken(value, paramName);

    public static string RequireIceChars(string? value, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        if (!IsIceChars(value)) throw new ArgumentException($"'{value}' is not an ICE ufrag/password: only letters, digits, '+' and '/' (RFC 8839 §5.4).", paramName);
        return value;
    }
}
