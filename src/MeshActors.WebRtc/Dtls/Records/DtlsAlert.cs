namespace MeshActors.WebRtc.Dtls;

/// <summary>
/// An alert message (RFC 5246 §7.2): <c>| level (8) | description (8) |</c>. Level 1 is warning, 2 is fatal;
/// close_notify is sent as a warning. In epoch 1 alerts travel encrypted like any record.
/// </summary>
public readonly struct DtlsAlert
{
    /// <summary>Bytes in an alert.</summary>
    public const int AlertLength = 2;

    /// <summary>warning (1), RFC 5246 §7.2.</summary>
    public const byte LevelWarning = 1;

    /// <summary>fatal (2), RFC 5246 §7.2.</summary>
    public const byte LevelFatal = 2;

    /// <summary>Creates an alert.</summary>
    public DtlsAlert(byte level, DtlsAlertDescription description)
    {
        Level = level;
        Description = description;
    }

    /// <summary>1 = warning, 2 = fatal.</summary>
    public byte Level { get; }

    /// <summary>The description code.</summary>
    public DtlsAlertDescription Description { get; }

    /// <summary>True for level 2.</summary>
    public bool IsFatal => Level == LevelFatal;

    /// <summary>Reads an alert; false unless the input is exactly two bytes with level 1 or 2.</summary>
    public static bool TryRead(ReadOnlySpan<byte> input, out DtlsAlert alert)
    {
        alert = default;
        if (input.Length != AlertLength || input[0] is not (LevelWarning or LevelFatal))
        {
            return false;
        }
        alert = new DtlsAlert(input[0], (DtlsAlertDescription)input[1]);
        return true;
    }

    /// <summary>Bytes <see cref="Write"/> writes.</summary>
    public int GetLength() => AlertLength;

    /// <summary>Writes the two alert bytes.</summary>
    public void Write(Span<byte> destination)
    {
        destination[0] = Level;
        destination[1] = (byte)Description;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{(IsFatal ? "fatal" : "warning")} {DtlsException.FormatAlert(Description)}";
}
