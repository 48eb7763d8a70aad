using MeshActors.Multiplayer;

namespace MeshActors.Peers;

/// <summary>
/// One negotiated data channel of a peer, as Godot's <c>add_peer</c> creates it (reference/godot.md §1.3).
/// </summary>
/// <param name="Label">"reliable", "ordered", "unreliable", then the decimal stream id for extras.</param>
/// <param name="Id">SCTP stream id: 1, 2, 3, then 4, 5, … (negotiated on both ends, no DCEP).</param>
/// <param name="Ordered">Ordered delivery.</param>
/// <param name="MaxPacketLifeTime">
/// Partial reliability in milliseconds (RFC 3758 timed reliability), or null for fully reliable.
/// Godot asks for it with a misspelt key that no backend reads (§1.3); here it is honoured. The
/// setting only changes how the sender retransmits, so the wire stays compatible.
/// </param>
/// <param name="Mode">The transfer mode the channel stands for (Godot's <c>channels_modes</c>).</param>
internal sealed record ChannelSpec(string Label, ushort Id, bool Ordered, int? MaxPacketLifeTime, TransferMode Mode)
{
    /// <summary>
    /// The channel list of one peer: the three reserved channels, then one per extra mode
    /// (reference/godot.md §1.2 step 3 and §1.3 table).
    /// </summary>
    /// <param name="extraModes">Modes of the extra channels, already validated.</param>
    /// <param name="unreliableLifetime">Lifetime in ms of channels "ordered" and "unreliable".</param>
    public static ChannelSpec[] Layout(IReadOnlyList<TransferMode> extraModes, int unreliableLifetime)
    {
        var specs = new ChannelSpec[MultiplayerRules.ReservedChannels + extraModes.Count];
        specs[0] = new ChannelSpec("reliable", 1, Ordered: true, MaxPacketLifeTime: null, TransferMode.Reliable);
        specs[1] = new ChannelSpec("ordered", 2, Ordered: true, unreliableLifetime, TransferMode.UnreliableOrdered);
        specs[2] = new ChannelSpec("unreliable", 3, Ordered: false, unreliableLifetime, TransferMode.Unreliable);
        for (var i = 0; i < extraModes.Count; i++)
        {
            var id = (ushort)(MultiplayerRules.ReservedChannels + i + 1);
            var mode = extraModes[i];
            // Extra unreliable channels get a fixed 1 ms lifetime, not the peer's (§1.2 step 3).
            specs[MultiplayerRules.ReservedChannels + i] = mode switch
            {
                TransferMode.Reliable => new ChannelSpec(id.ToString(System.Globalization.CultureInfo.InvariantCulture), id, true, null, mode),
                TransferMode.UnreliableOrdered => new ChannelSpec(id.ToString(System.Globalization.CultureInfo.InvariantCulture), id, true, 1, mode),
                _ => new ChannelSpec(id.ToString(System.Globalization.CultureInfo.InvariantCulture), id, false, 1, mode),
            };
        }
        return specs;
    }
}
