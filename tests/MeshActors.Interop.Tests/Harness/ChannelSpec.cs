using System.Text.Json;

namespace MeshActors.Interop.Tests.Harness;

/// <summary>Which side creates an in-band channel.</summary>
internal enum Side
{
    Offerer,
    Answerer,
}

/// <summary>
/// One data channel of a scenario with W3C <c>RTCDataChannelInit</c> names. Negotiated channels are
/// created on both sides; in-band ones by <see cref="By"/> and awaited by label on the other side.
/// </summary>
internal sealed record ChannelSpec(string Label, bool Ordered = true, int? Id = null, bool Negotiated = false,
    int? MaxPacketLifeTime = null, int? MaxRetransmits = null, string Protocol = "", Side By = Side.Offerer)
{
    /// <summary>Reliable: ordered or not, but with no lifetime or retransmit limit.</summary>
    public bool Reliable => MaxPacketLifeTime is null && MaxRetransmits is null;

    /// <summary>The RTCDataChannelInit dictionary as JSON.</summary>
    public string InitJson()
    {
        var init = new Dictionary<string, object> { ["ordered"] = Ordered, ["protocol"] = Protocol, ["negotiated"] = Negotiated };
        if (Id is { } id)
        {
            init["id"] = id;
        }
        if (MaxPacketLifeTime is { } life)
        {
            init["maxPacketLifeTime"] = life;
        }
        if (MaxRetransmits is { } rexmit)
        {
            init["maxRetransmits"] = rexmit;
        }
        return JsonSerializer.Serialize(init);
    }

    /// <summary>Godot's layout: negotiated ids 1 "reliable", 2 "ordered", 3 "unreliable" (unordered).</summary>
    public static ChannelSpec[] Godot(int? lifetime = null) =>
    [
        new("reliable", Ordered: true, Id: 1, Negotiated: true),
        new("ordered", Ordered: true, Id: 2, Negotiated: true, MaxPacketLifeTime: lifetime),
        new("unreliable", Ordered: false, Id: 3, Negotiated: true, MaxPacketLifeTime: lifetime),
    ];
}
