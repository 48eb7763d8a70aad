using FsCheck;
using FsCheck.Xunit;
using MeshActors.WebRtc.Sdp;
using MeshActors.WebRtc.Tests.Sdp.Captures;

namespace MeshActors.WebRtc.Tests.Sdp;

public class SdpFuzzTests
{
    /// <summary>Characters that matter to the grammar, so that random edits hit separators more often than letters.</summary>
    private const string Interesting = "\r\n\0 :=/-0123456789amvoctsbk\t\u00e9\uffff";

    [Property(MaxTest = 2000)]
    public void Random_strings_never_throw_from_TryParse_or_anything_but_SdpParseException_from_Parse(string? text)
    {
        Check(text);
    }

    [Property(MaxTest = 3000)]
    public void Mutated_captures_never_throw_and_whatever_parses_round_trips(PositiveInt seed, byte operation, char random, bool pickInteresting)
    {
        SdpCapture capture = SdpCaptures.All[seed.Get % SdpCaptures.All.Count];
        string text = capture.Text;
        int at = (int)((uint)seed.Get * 2654435761u % (uint)text.Length);
        char c = pickInteresting ? Interesting[seed.Get % Interesting.Length] : random;
        string[] lines = text.Split("\r\n");
        int line = seed.Get % lines.Length;
        int other = (seed.Get / 7) % lines.Length;

        string mutated = (operation % 8) switch
        {
            0 => text.Remove(at, 1),
            1 => text.Insert(at, c.ToString()),
            2 => text[..at] + c + text[(at + 1)..],
            3 => text[..at],
            4 => string.Join("\r\n", lines.Where((_, i) => i != line)),
            5 => string.Join("\r\n", lines.Take(line + 1).Append(lines[other]).Concat(lines.Skip(line + 1))),
            6 => string.Join("\r\n", lines.Select((l, i) => i == line ? lines[other] : i == other ? lines[line] : l)),
            _ => text.Insert(at, lines[other] + "\r\n"),
        };
        Check(mutated);
    }

    private static void Check(string? text)
    {
        bool ok = SessionDescription.TryParse(text, out SessionDescription? description, out SdpParseError? error);
        try
        {
            SessionDescription parsed = SessionDescription.Parse(text);
            Assert.True(ok);
            Assert.Equal(description, parsed);
        }
        catch (SdpParseException exception)
        {
            Assert.False(ok);
            Assert.Equal(error, exception.Error);
            Assert.True(error!.LineNumber >= 1);
        }

        if (description is null) return;
        // Whatever is accepted can be written, and the written text means the same.
        string written = description.ToString();
        Assert.Equal(description, SessionDescription.Parse(written));
        _ = description.DataChannelMedia?.EffectiveSctpPort;
        if (description.DataChannelMedia is { } data)
        {
            _ = description.GetFingerprints(data);
            DataChannelSdp.TryCreateAnswer(description, SdpSamples.Local, out SessionDescription? answer, out _);
            if (answer is not null) Assert.Equal(answer, SessionDescription.Parse(answer.ToString()));
        }
    }
}
