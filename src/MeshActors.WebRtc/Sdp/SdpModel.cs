using System.Collections.ObjectModel;

namespace MeshActors.WebRtc.Sdp;

/// <summary>Argument checks and list handling shared by the immutable SDP model types.</summary>
internal static class SdpModel
{
    public static IReadOnlyList<string> Tokens(IReadOnlyList<string>? values, string paramName)
    {
        ArgumentNullException.ThrowIfNull(values, paramName);
        var copy = new string[values.Count];
        for (int i = 0; i < copy.Length; i++) copy[i] = SdpText.RequireToken(values[i], paramName);
        return Array.AsReadOnly(copy);
    }

    /// <summary>Non-empty single-line texts (candidate values: they contain spaces).</summary>
    public static IReadOnlyList<string> LineTexts(IReadOnlyList<string>? values, string paramName)
    {
        ArgumentNullException.ThrowIfNull(values, paramName);
        var copy = new string[values.Count];
        for (int i = 0; i < copy.Length; i++)
        {
            string value = SdpText.RequireLineText(values[i], paramName);
            if (value.Length == 0) throw new ArgumentException("An empty value cannot be written.", paramName);
            copy[i] = value;
        }
        return Array.AsReadOnly(copy);
    }

    public static IReadOnlyList<T> Items<T>(IReadOnlyList<T>? values, string paramName) where T : class
    {
        ArgumentNullException.ThrowIfNull(values, paramName);
        var copy = new T[values.Count];
        for (int i = 0; i < copy.Length; i++) copy[i] = values[i] ?? throw new ArgumentException("The list contains null.", paramName);
        return Array.AsReadOnly(copy);
    }

    /// <summary>
    /// Copies uninterpreted attributes, refusing names that have their own property at this level:
    /// writing both would produce a description that does not parse back (a duplicate a=mid, say).
    /// </summary>
    public static IReadOnlyList<SdpAttribute> Attributes(IReadOnlyList<SdpAttribute>? values, HashSet<string> typedNames, string paramName)
    {
        IReadOnlyList<SdpAttribute> copy = Items(values, paramName);
        foreach (SdpAttribute attribute in copy)
        {
            if (typedNames.Contains(attribute.Name))
            {
                throw new ArgumentException($"a={attribute.Name} has its own property; it cannot be an uninterpreted attribute here.", paramName);
            }
        }
        return copy;
    }

    /// <summary>
    /// Copies uninterpreted lines in the order the writer emits them (stable by <paramref name="rank"/>),
    /// so that a written description parses back to an equal one.
    /// </summary>
    public static IReadOnlyList<SdpLine> Lines(IReadOnlyList<SdpLine>? values, Func<char, int> rank, string paramName)
    {
        IReadOnlyList<SdpLine> copy = Items(values, paramName);
        SdpLine[] sorted = [.. copy.Select((line, index) => (line, index)).OrderBy(x => rank(x.line.Type)).ThenBy(x => x.index).Select(x => x.line)];
        return Array.AsReadOnly(sorted);
    }

    public static bool SequenceEqual<T>(IReadOnlyList<T> a, IReadOnlyList<T> b)
    {
        if (a.Count != b.Count) return false;
        EqualityComparer<T> comparer = EqualityComparer<T>.Default;
        for (int i = 0; i < a.Count; i++)
        {
            if (!comparer.Equals(a[i], b[i])) return false;
        }
        return true;
    }

    public static readonly IReadOnlyList<string> NoStrings = ReadOnlyCollection<string>.Empty;
}
