using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MeshActors.WebRtc.Stun;

namespace MeshActors.WebRtc.Tests.Stun;

public class StunFuzzTests
{
    private static readonly byte[] Key = "k"u8.ToArray();

    [Property(MaxTest = 2000)]
    public void Random_bytes_never_throw(byte[] bytes)
    {
        Decode(bytes);
    }

    [Property(MaxTest = 3000)]
    public void Mutated_valid_messages_never_throw(byte mutation, PositiveInt position, bool truncate)
    {
        foreach (var vector in new[] { Rfc5769Vectors.Request, Rfc5769Vectors.ResponseIPv4, Rfc5769Vectors.ResponseIPv6 })
        {
            var copy = (byte[])vector.Clone();
            copy[position.Get % copy.Length] ^= mutation;
            var bytes = truncate ? copy.AsSpan(0, position.Get % copy.Length).ToArray() : copy;
            Decode(bytes);
        }
    }

    private static void Decode(byte[] bytes)
    {
        var status = StunMessage.TryRead(bytes, out var m);
        if (status is StunReadStatus.Ok or StunReadStatus.UnknownRequiredAttributes)
        {
            // Every accessor must be safe on anything TryRead accepted.
            _ = m.Username.Length + m.Software.Length;
            m.TryGetXorMappedAddress(out _);
            m.TryGetMappedAddress(out _);
            m.TryGetErrorCode(out _);
            m.TryGetUnknownAttributes(out _);
            m.VerifyMessageIntegrity(Key);
            m.GetUnknownRequiredAttributes();
        }
    }
}
