using System.Text.Json;
using System.Text.Json.Serialization;

namespace MeshActors.Interop.Tests.Harness;

/// <summary>A candidate as it crosses signaling: W3C <c>RTCIceCandidateInit</c>; an empty candidate ends gathering.</summary>
internal sealed record CandidateMessage(
    [property: JsonPropertyName("candidate")] string Candidate,
    [property: JsonPropertyName("sdpMid")] string? SdpMid,
    [property: JsonPropertyName("sdpMLineIndex")] int? SdpMLineIndex)
{
    public string ToJson() => JsonSerializer.Serialize(this);

    public static CandidateMessage FromJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        return new CandidateMessage(
            root.GetProperty("candidate").GetString() ?? "",
            root.TryGetProperty("sdpMid", out var mid) && mid.ValueKind == JsonValueKind.String ? mid.GetString() : null,
            root.TryGetProperty("sdpMLineIndex", out var index) && index.ValueKind == JsonValueKind.Number ? index.GetInt32() : null);
    }
}

/// <summary>What one side counted on one channel (the page's summary or the .NET peer's).</summary>
internal sealed record ChannelSummary
{
    [JsonPropertyName("label")] public string Label { get; init; } = "";
    [JsonPropertyName("exists")] public bool Exists { get; init; }
    [JsonPropertyName("id")] public int? Id { get; init; }
    [JsonPropertyName("state")] public string State { get; init; } = "";
    [JsonPropertyName("ordered")] public bool Ordered { get; init; }
    [JsonPropertyName("maxPacketLifeTime")] public int? MaxPacketLifeTime { get; init; }
    [JsonPropertyName("maxRetransmits")] public int? MaxRetransmits { get; init; }
    [JsonPropertyName("protocol")] public string Protocol { get; init; } = "";
    [JsonPropertyName("negotiated")] public bool Negotiated { get; init; }
    [JsonPropertyName("received")] public int Received { get; init; }
    [JsonPropertyName("valid")] public int Valid { get; init; }
    [JsonPropertyName("text")] public int Text { get; init; }
    [JsonPropertyName("binary")] public int Binary { get; init; }
    [JsonPropertyName("empty")] public int Empty { get; init; }
    [JsonPropertyName("bytes")] public long Bytes { get; init; }
    [JsonPropertyName("corrupt")] public int Corrupt { get; init; }
    [JsonPropertyName("duplicates")] public int Duplicates { get; init; }
    [JsonPropertyName("inOrder")] public bool InOrder { get; init; }
}
