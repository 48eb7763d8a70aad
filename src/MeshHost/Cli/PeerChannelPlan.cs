using System.Text.Json;
using MeshActors.WebRtc.DataChannels;

namespace MeshHost.Cli;

/// <summary>One channel of <c>peer --channels</c>: its W3C options and which side creates it when in band.</summary>
internal sealed record PeerChannelPlan(string Label, RtcDataChannelInit Init, bool ByOfferer)
{
    /// <summary>Reliable: no lifetime and no retransmission limit.</summary>
    public bool Reliable => Init.MaxPacketLifeTime is null && Init.MaxRetransmits is null;

    /// <summary>
    /// Parses <c>default</c>, <c>godot</c>, <c>godot-pr</c>, or a JSON array of
    /// {label, id, negotiated, ordered, maxPacketLifeTime, maxRetransmits, protocol, by}.
    /// </summary>
    /// <exception cref="FormatException">The text is none of these; the message says what is wrong.</exception>
    public static IReadOnlyList<PeerChannelPlan> Parse(string text)
    {
        switch (text)
        {
            case "default":
                return [new("data", new RtcDataChannelInit(), ByOfferer: true)];
            case "godot":
                return Godot(null);
            case "godot-pr":
                return Godot(1);
        }
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("--channels JSON must be an array of channel objects.");
            }
            var plans = new List<PeerChannelPlan>();
            foreach (var item in document.RootElement.EnumerateArray())
            {
                plans.Add(FromJson(item));
            }
            if (plans.Count == 0)
            {
                throw new FormatException("--channels JSON names no channel.");
            }
            var labels = new HashSet<string>();
            foreach (var plan in plans)
            {
                if (!labels.Add(plan.Label))
                {
                    throw new FormatException($"--channels names the label '{plan.Label}' twice: channels are matched by label.");
                }
            }
            return plans;
        }
        catch (JsonException ex)
        {
            throw new FormatException($"--channels is not default, godot, godot-pr or a JSON array: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            // A value of the wrong JSON kind (a string where a boolean belongs, …).
            throw new FormatException($"--channels has a value of the wrong type: {ex.Message}", ex);
        }
    }

    private static PeerChannelPlan[] Godot(ushort? lifetime) =>
    [
        new("reliable", new RtcDataChannelInit { Negotiated = true, Id = 1, Ordered = true }, true),
        new("ordered", new RtcDataChannelInit { Negotiated = true, Id = 2, Ordered = true, MaxPacketLifeTime = lifetime }, true),
        new("unreliable", new RtcDataChannelInit { Negotiated = true, Id = 3, Ordered = false, MaxPacketLifeTime = lifetime }, true),
    ];

    private static PeerChannelPlan FromJson(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("Each --channels entry is an object.");
        }
        var label = item.TryGetProperty("label", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString()! : throw new FormatException("A --channels entry has no \"label\" string.");
        var by = item.TryGetProperty("by", out var b) ? b.GetString() : "offerer";
        if (by is not ("offerer" or "answerer"))
        {
            throw new FormatException($"Channel '{label}': \"by\" is \"offerer\" or \"answerer\", not \"{by}\".");
        }
        var init = new RtcDataChannelInit
        {
            Ordered = !item.TryGetProperty("ordered", out var o) || o.GetBoolean(),
            Negotiated = item.TryGetProperty("negotiated", out var n) && n.GetBoolean(),
            Id = UShort(item, "id", label),
            MaxPacketLifeTime = UShort(item, "maxPacketLifeTime", label),
            MaxRetransmits = UShort(item, "maxRetransmits", label),
            Protocol = item.TryGetProperty("protocol", out var p) ? p.GetString() ?? "" : "",
        };
        try
        {
            init.Validate(label);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"Channel '{label}': {ex.Message}", ex);
        }
        return new PeerChannelPlan(label, init, by == "offerer");
    }

    private static ushort? UShort(JsonElement item, string name, string label)
    {
        if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.TryGetUInt16(out var number) ? number : throw new FormatException($"Channel '{label}': \"{name}\" is a number 0-65535.");
    }
}
