using System.Buffers;

namespace MeshActors.WebRtc.Sctp;

/// <summary>
/// The SCTP layer's buffers, shared by all associations. <see cref="ArrayPool{T}.Shared"/> keeps only a
/// few dozen arrays per size, while a busy association holds hundreds at once: a 1 MiB receive window
/// is ~900 fragments (several partial messages with I-DATA), and a sender keeps a window's worth of
/// messages in flight plus its queue. Beyond what a pool keeps, renting allocates, so each kind gets a
/// dedicated pool sized for it; sizes above a pool's limit fall back to the shared pool.
/// </summary>
internal static class BufferPools
{
    private const int MaxFragmentLength = 2048;       // an MTU-sized fragment
    private const int MaxFragmentsPerSize = 4096;     // retains at most 8 MiB of fragment buffers
    private const int MaxSmallMessageLength = 2048;   // game-sized messages, the ones that are many at once
    private const int MaxSmallMessagesPerSize = 16384; // retains at most 32 MiB per size (a thousand associations with a window each)
    private const int MaxMessageLength = 64 * 1024;   // typical data-channel messages
    private const int MaxMessagesPerSize = 256;       // retains at most 16 MiB per message size

    private static readonly ArrayPool<byte> Fragments = ArrayPool<byte>.Create(MaxFragmentLength, MaxFragmentsPerSize);
    private static readonly ArrayPool<byte> SmallMessages = ArrayPool<byte>.Create(MaxSmallMessageLength, MaxSmallMessagesPerSize);
    private static readonly ArrayPool<byte> Messages = ArrayPool<byte>.Create(MaxMessageLength, MaxMessagesPerSize);

    /// <summary>A buffer for a received fragment or a reassembled message.</summary>
    public static byte[] RentFragment(int length) => length <= MaxFragmentLength ? Fragments.Rent(length) : ArrayPool<byte>.Shared.Rent(length);

    public static void ReturnFragment(byte[] buffer)
    {
        if (buffer.Length <= MaxFragmentLength)
        {
            Fragments.Return(buffer);
        }
        else
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// A buffer for a message queued for sending. Small messages have a pool of their own that keeps many: a relay
    /// server holds a window of small messages in flight on each of a thousand associations (measured with
    /// bench-relay, a 256-per-size pool allocated for most of them).
    /// </summary>
    public static byte[] RentMessage(int length) => length <= MaxSmallMessageLength ? SmallMessages.Rent(length)
        : length <= MaxMessageLength ? Messages.Rent(length)
        : ArrayPool<byte>.Shared.Rent(length);

    public static void ReturnMessage(byte[] buffer)
    {
        if (buffer.Length <= MaxSmallMessageLength)
        {
            SmallMessages.Return(buffer);
        }
        else if (buffer.Length <= MaxMessageLength)
        {
            Messages.Return(buffer);
        }
        else
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
