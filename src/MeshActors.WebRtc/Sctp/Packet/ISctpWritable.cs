namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// A wire structure that can be encoded: every chunk, parameter and error cause codec. Implemented by
/// ref structs too, so generic code (the packet writer, tests) handles them without boxing.
/// </summary>
public interface ISctpWritable
{
    /// <summary>Bytes <see cref="Write"/> produces, padding included.</summary>
    int GetLength();

    /// <summary>Writes the structure at the start of <paramref name="destination"/>; returns <see cref="GetLength"/>.</summary>
    int Write(Span<byte> destination);
}
