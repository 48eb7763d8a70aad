using FsCheck;
using FsCheck.Xunit;
using MeshActors.WebRtc.DataChannels;

namespace MeshActors.WebRtc.Tests.DataChannels;

/// <summary>DCEP decoders are total and what they accept re-encodes to the same bytes.</summary>
public class DcepPropertyTests
{
    private static readonly DataChannelType[] Types =
    [
        DataChannelType.Reliable, DataChannelType.ReliableUnordered,
        DataChannelType.PartialReliableRexmit, DataChannelType.PartialReliableRexmitUnordered,
        DataChannelType.PartialReliableTimed, DataChannelType.PartialReliableTimedUnordered,
    ];

    private static void DecodeEverything(ReadOnlySpan<byte> bytes)
    {
        if (DataChannelOpenMessage.TryRead(bytes, out var open) == DcepCodecStatus.Ok)
        {
            Assert.Equal(bytes.Length, open.GetLength());
            var again = new byte[open.GetLength()];
            open.Write(again);
            Assert.True(bytes.SequenceEqual(again));
            _ = open.GetLabel();
            _ = open.GetProtocol();
        }
        DataChannelAckMessage.TryRead(bytes, out _);
    }

    [Property(MaxTest = 3000)]
    public void Random_bytes_never_throw_and_accepted_opens_re_encode_identically(byte[] bytes)
    {
        DecodeEverything(bytes);
        // The same bytes behind a plausible OPEN header, with lengths that may or may not lie.
        if (bytes.Length >= 4)
        {
            var framed = new byte[bytes.Length + 12];
            framed[0] = 0x03;
            framed[1] = bytes[0];
            framed[8] = 0;
            framed[9] = bytes[1];
            framed[10] = 0;
            framed[11] = bytes[2];
            bytes.CopyTo(framed, 12);
            DecodeEverything(framed);
        }
    }

    [Property(MaxTest = 1000)]
    public void Valid_opens_round_trip(byte typeIndex, ushort priority, uint parameter, byte[] label, byte[] protocol)
    {
        var type = Types[typeIndex % Types.Length];
        var open = new DataChannelOpenMessage(type, priority, parameter, label, protocol);
        var bytes = new byte[open.GetLength()];
        Assert.Equal(bytes.Length, open.Write(bytes));
        Assert.Equal(DcepCodecStatus.Ok, DataChannelOpenMessage.TryRead(bytes, out var read));
        Assert.Equal(type, read.ChannelType);
        Assert.Equal(priority, read.Priority);
        Assert.Equal(parameter, read.ReliabilityParameter);
        Assert.True(read.LabelUtf8.SequenceEqual(label));
        Assert.True(read.ProtocolUtf8.SequenceEqual(protocol));
    }

    [Property(MaxTest = 1000)]
    public void Mutated_and_cut_valid_opens_never_throw(NonNegativeInt position, byte value, NonNegativeInt cut, byte[] label)
    {
        var open = new DataChannelOpenMessage(DataChannelType.PartialReliableTimed, 256, 500, label, "proto"u8);
        var bytes = new byte[open.GetLength()];
        open.Write(bytes);
        bytes[position.Get % bytes.Length] = value;
        DecodeEverything(bytes);
        var length = cut.Get % (bytes.Length + 1);
        var status = DataChannelOpenMessage.TryRead(bytes.AsSpan(0, length), out _);
        if (length < bytes.Length && bytes[0] == 0x03 && ((DataChannelType)bytes[1]).IsDefined())
        {
            // A cut message can never be accepted: its lengths no longer add up.
            Assert.NotEqual(DcepCodecStatus.Ok, status);
        }
    }
}
