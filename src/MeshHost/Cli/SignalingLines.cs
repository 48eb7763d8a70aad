using System.Text.Json;
using MeshActors.WebRtc;
using MeshActors.WebRtc.Sdp;

namespace MeshHost.Cli;

/// <summary>
/// The single-line JSON signaling of <c>peer</c>: descriptions <c>{"type":"offer"|"answer","sdp":"…"}</c> and
/// candidates <c>{"type":"candidate","candidate":"candidate:…","sdpMid":"0","sdpMLineIndex":0}</c> (an empty
/// candidate ends the candidates). Lines that are not such JSON are ignored.
/// </summary>
internal static class SignalingLines
{
    public static string Description(RtcSessionDescription description) =>
        JsonSerializer.Serialize(new Dictionary<string, string> { ["type"] = description.Type.ToText(), ["sdp"] = description.Sdp });

    public static string Candidate(RtcIceCandidate candidate)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("type", "candidate");
            json.WriteString("candidate", candidate.Candidate);
            json.WriteString("sdpMid", candidate.SdpMid);
            json.WriteNumber("sdpMLineIndex", candidate.SdpMLineIndex);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads one line: a description, a candidate, or neither (null, null) for anything else.</summary>
    public static (RtcSessionDescription? Description, RtcIceCandidateInit? Candidate) Parse(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            {
                return (null, null);
            }
            var type = typeElement.GetString();
            if (type == "candidate")
            {
                var candidate = root.TryGetProperty("candidate", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "";
                var mid = root.TryGetProperty("sdpMid", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                int? index = root.TryGetProperty("sdpMLineIndex", out var i) && i.ValueKind == JsonValueKind.Number ? i.GetInt32() : null;
                return (null, new RtcIceCandidateInit(candidate, mid, index));
            }
            if (SdpTypeText.TryParse(type, out var sdpType) && root.TryGetProperty("sdp", out var sdp) && sdp.ValueKind == JsonValueKind.String)
            {
                return (new RtcSessionDescription(sdpType, sdp.GetString()!), null);
            }
            return (null, null);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }
}
