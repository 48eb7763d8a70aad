using System.Buffers;

namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// Buffers for received fragments waiting in reassembly. A receive window holds hundreds of them at once
/// (a 1 MiB window is ~900 fragments, several partial messages with I-DATA), more than
/// <see cref="ArrayPool{T}.Shared"/> keeps per size, which would make it allocate per packet. This pool
/// keeps up to <see cref="MaxBuffersPerSize"/> buffers per size up to <see cref="MaxPooledLength"/>
/// bytes (an MTU-sized fragment) for all associations; larger fragments use the shared pool.
/// </summary>
internal static class FragmentBuffers
{
    private const int MaxPooledLength = 2048;
    private const int MaxBuffersPerSize = 4096;

    private static readonly ArrayPool<byte> Pool = ArrayPool<byte>.Create(MaxPooledLength, MaxBuffersPerSize);

    public static byte[] Rent(int length) => length <= MaxPooledLength ? Pool.Rent(length) : ArrayPool<byte>.Shared.Rent(length);

    public static void Return(byte[] buffer)
    {
        if (buffer.Length <= MaxPooledLength)
        {
            Pool.Return(buffer);
        }
        else
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
