using System.Text;

namespace MeshActors.WebRtc.DataChannels;

/// <summary>
/// Options of a new data channel, with the W3C <c>RTCDataChannelInit</c> names and defaults: reliable
/// and ordered, no protocol, opened in band (DCEP) on a stream id chosen by the stack.
/// </summary>
/// <remarks>
/// Partial reliability: set at most one of <see cref="MaxPacketLifeTime"/> and
/// <see cref="MaxRetransmits"/> (W3C raises TypeError for both; here <see cref="Validate"/> throws).
/// Unreliable and unordered, the usual choice for game state, is
/// <c>new RtcDataChannelInit { Ordered = false, MaxRetransmits = 0 }</c>.
/// </remarks>
public sealed record RtcDataChannelInit
{
    /// <summary>Deliver messages in the order they were sent (default true).</summary>
    public bool Ordered { get; init; } = true;

    /// <summary>Milliseconds during which a message is (re)transmitted before it is abandoned; null = no limit.</summary>
    public ushort? MaxPacketLifeTime { get; init; }

    /// <summary>Retransmissions before a message is abandoned (0 = sent once); null = no limit.</summary>
    public ushort? MaxRetransmits { get; init; }

    /// <summary>Sub-protocol name announced to the peer (at most 65535 UTF-8 bytes).</summary>
    public string Protocol { get; init; } = "";

    /// <summary>
    /// True when the application opens the channel on both sides with the same <see cref="Id"/>
    /// (no DCEP handshake; Godot's channels are negotiated, ids 1, 2, 3 and up).
    /// </summary>
    public bool Negotiated { get; init; }

    /// <summary>Stream id of a negotiated channel (0..65534); ignored for in-band channels, which get one by DTLS role.</summary>
    public ushort? Id { get; init; }

    /// <summary>DCEP priority (see <see cref="DataChannelPriority"/>; default "low" = 256, what browsers send).</summary>
    public ushort Priority { get; init; } = DataChannelPriority.Low;

    /// <summary>Largest stream id a channel may use: 65535 is reserved (W3C createDataChannel step "id is 65535: TypeError").</summary>
    public const ushort MaxId = 65534;

    /// <summary>
    /// Throws what W3C <c>createDataChannel</c> throws as TypeError: a label or protocol longer than
    /// 65535 UTF-8 bytes, both reliability limits set, a negotiated channel without an id, or id 65535.
    /// </summary>
    /// <exception cref="ArgumentException">The options or the label break one of those rules.</exception>
    public void Validate(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(Protocol, nameof(Protocol));
        if (Encoding.UTF8.GetByteCount(label) > DataChannelOpenMessage.MaxLabelOrProtocolLength)
        {
            throw new ArgumentException("The label is longer than 65535 UTF-8 bytes.", nameof(label));
        }
        if (Encoding.UTF8.GetByteCount(Protocol) > DataChannelOpenMessage.MaxLabelOrProtocolLength)
        {
            throw new ArgumentException("The protocol is longer than 65535 UTF-8 bytes.", nameof(Protocol));
        }
        if (MaxPacketLifeTime is not null && MaxRetransmits is not null)
        {
            throw new ArgumentException("Set MaxPacketLifeTime or MaxRetransmits, not both.", nameof(MaxRetransmits));
        }
        if (Negotiated && Id is null)
        {
            throw new ArgumentException("A negotiated channel needs an Id agreed with the peer.", nameof(Id));
        }
        if (Id > MaxId)
        {
            throw new ArgumentException("Stream id 65535 is reserved; use 0..65534.", nameof(Id));
        }
    }

    /// <summary>The DCEP channel type these options describe.</summary>
    public DataChannelType ChannelType => DataChannelTypeExtensions.From(Ordered, MaxRetransmits is not null, MaxPacketLifeTime is not null);
}
