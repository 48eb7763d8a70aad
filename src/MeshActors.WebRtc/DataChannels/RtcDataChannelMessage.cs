namespace MeshActors.WebRtc.DataChannels;

/// <summary>
/// A received message, W3C style: a string (PPID 51, 54 or 56) or bytes (PPID 53, 52 or 57). Raised by
/// <see cref="RtcDataChannel.Message"/>; each message allocates its string or array. Hot paths use
/// <see cref="RtcDataChannel.MessageReceived"/> instead.
/// </summary>
public readonly struct RtcDataChannelMessage
{
    private readonly object _data;

    internal RtcDataChannelMessage(string text) => _data = text;

    internal RtcDataChannelMessage(byte[] binary) => _data = binary;

    /// <summary>True for a string message.</summary>
    public bool IsText => _data is string;

    /// <summary>The string of a text message; <c>null</c> for a binary one.</summary>
    public string? Text => _data as string;

    /// <summary>The bytes of a binary message; <c>null</c> for a text one. Owned by the receiver.</summary>
    public byte[]? Binary => _data as byte[];

    /// <inheritdoc />
    public override string ToString() => _data is string text ? $"text ({text.Length} chars)" : $"binary ({((byte[])_data).Length} bytes)";
}

/// <summary>
/// Receives a message without allocating: <paramref name="data"/> is valid only during the call
/// (copy what must outlive it). For a text message the bytes are UTF-8. Called on the connection's
/// <see cref="Net.SerialExecutor"/>.
/// </summary>
/// <param name="channel">The channel the message arrived on.</param>
/// <param name="data">The message bytes (empty for an empty message).</param>
/// <param name="isText">True for a string message (UTF-8), false for binary.</param>
public delegate void RtcDataChannelMessageHandler(RtcDataChannel channel, ReadOnlySpan<byte> data, bool isText);
