using System.Globalization;

namespace MeshActors.Signaling;

/// <summary>
/// The <c>data</c> of a CANDIDATE message of the webrtc_signaling demo: <c>"\n" + mid + "\n" + index + "\n" + candidate</c>,
/// where <c>index</c> is the m-line index in decimal and <c>candidate</c> is the SDP <c>candidate:…</c> attribute value.
/// </summary>
/// <remarks>
/// Parsing follows the demo client: split on "\n" dropping empty parts; exactly three parts must remain and the
/// second must be an integer. An empty mid therefore cannot travel (the demo has the same limit).
/// </remarks>
/// <param name="Mid">The media stream identification (<c>a=mid</c>) the candidate belongs to.</param>
/// <param name="MLineIndex">The index of the m-line the candidate belongs to.</param>
/// <param name="Candidate">The candidate attribute value (<c>candidate:…</c>).</param>
public readonly record struct SignalingCandidate(string Mid, int MLineIndex, string Candidate)
{
    /// <summary>The message data for this candidate.</summary>
    public string Format() => string.Create(CultureInfo.InvariantCulture, $"\n{Mid}\n{MLineIndex}\n{Candidate}");

    /// <summary>Parses the data of a CANDIDATE message; false when it is not three non-empty lines with an integer index.</summary>
    public static bool TryParse(string data, out SignalingCandidate candidate)
    {
        candidate = default;
        var parts = data.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3 || !int.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
        {
            return false;
        }
        candidate = new SignalingCandidate(parts[0], index, parts[2]);
        return true;
    }
}
