namespace MeshActors.WebRtc.Sdp;

/// <summary>
/// An attribute line this stack does not interpret, kept for round trips: <c>a=&lt;name&gt;</c> (a flag,
/// <see cref="Value"/> is null) or <c>a=&lt;name&gt;:&lt;value&gt;</c> (RFC 8866 §5.13).
/// </summary>
public sealed record SdpAttribute
{
    private readonly string _name = "";
    private readonly string? _value;

    /// <summary>Creates an attribute; <paramref name="value"/> null for a flag attribute.</summary>
    public SdpAttribute(string name, string? value = null)
    {
        Name = name;
        Value = value;
    }

    /// <summary>The attribute name (before the first ':'), e.g. "extmap-allow-mixed".</summary>
    public string Name
    {
        get => _name;
        init
        {
            SdpText.RequireLineText(value, nameof(Name));
            if (value.Length == 0 || value.Contains(':')) throw new ArgumentException("An attribute name is non-empty and has no ':'.", nameof(Name));
            _name = value;
        }
    }

    /// <summary>Everything after the first ':' exactly as written (may start with a space), or null for a flag.</summary>
    public string? Value { get => _value; init => _value = value is null ? null : SdpText.RequireLineText(value, nameof(Value)); }

    /// <summary>The line value after "a=".</summary>
    public override string ToString() => Value is null ? Name : Name + ":" + Value;
}

/// <summary>
/// A line of a type this stack does not interpret (<c>i=</c>, <c>u=</c>, <c>e=</c>, <c>p=</c>, <c>b=</c>,
/// <c>r=</c>, <c>z=</c>, <c>k=</c>, extra <c>c=</c>/<c>t=</c> lines, unknown letters), kept for round trips.
/// </summary>
public sealed record SdpLine
{
    private readonly char _type = 'b';
    private readonly string _value = "";

    /// <summary>Creates a line.</summary>
    public SdpLine(char type, string value)
    {
        Type = type;
        Value = value;
    }

    /// <summary>The type letter, a-z, except the ones with their own property (v, o, s, m, a).</summary>
    public char Type
    {
        get => _type;
        init
        {
            if (value is < 'a' or > 'z' || value is 'v' or 'o' or 's' or 'm' or 'a')
            {
                throw new ArgumentException($"'{value}' is not a type letter that SdpLine carries.", nameof(Type));
            }
            _type = value;
        }
    }

    /// <summary>Everything after "=".</summary>
    public string Value { get => _value; init => _value = SdpText.RequireLineText(value, nameof(Value)); }

    /// <summary>The whole line without CRLF.</summary>
    public override string ToString() => $"{Type}={Value}";
}
