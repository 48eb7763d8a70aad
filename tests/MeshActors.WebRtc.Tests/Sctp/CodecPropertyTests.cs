using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MeshActors.WebRtc.Sctp;

namespace MeshActors.WebRtc.Tests.Sctp;

/// <summary>Decoders are total: random and mutated bytes never throw, and what they accept re-encodes consistently.</summary>
public class CodecPropertyTests
{
    [Property(MaxTest = 2000)]
    public void Every_chunk_decoder_accepts_random_bytes_without_throwing(byte[] bytes)
    {
        DecodeEverything(bytes);
        // The same bytes behind a plausible header for every chunk type this stack reads.
        foreach (var type in ChunkTypes)
        {
            var framed = new byte[bytes.Length + 4];
            framed[0] = type;
            framed[1] = bytes.Length > 0 ? bytes[0] : (byte)0;
            framed[2] = (byte)(framed.Length >> 8);
            framed[3] = (byte)framed.Length;
            bytes.CopyTo(framed, 4);
            DecodeEverything(framed);
        }
    }

    [Property(MaxTest = 1000)]
    public void Mutated_valid_chunks_never_throw(NonNegativeInt position, byte value, NonNegativeInt cut)
    {
        foreach (var valid in ValidChunks)
        {
            var mutated = (byte[])valid.Clone();
            mutated[position.Get % mutated.Length] = value;
            DecodeEverything(mutated);
            DecodeEverything(mutated.AsSpan(0, cut.Get % (mutated.Length + 1)));
        }
    }

    [Property(MaxTest = 500)]
    public void Accepted_sack_chunks_re_encode_to_the_same_bytes(uint cumulative, uint window, ushort[] gaps, uint[] duplicates)
    {
        var blocks = new SackGapBlock[Math.Min(gaps.Length / 2, 200)];
        for (var i = 0; i < blocks.Length; i++)
        {
            blocks[i] = new SackGapBlock(gaps[2 * i], gaps[2 * i + 1]);
        }
        var dups = duplicates.Take(100).ToArray();
        var sack = new SackChunk(cumulative, window, blocks, dups);
        var buffer = new byte[sack.GetLength()];
        sack.Write(buffer);
        Assert.Equal(SctpCodecStatus.Ok, SackChunk.TryRead(buffer, out var read));
        var again = new byte[read.GetLength()];
        read.Write(again);
        Assert.Equal(buffer, again);
    }

    [Property(MaxTest = 500)]
    public void Accepted_data_chunks_re_encode_to_the_same_bytes(uint tsn, ushort stream, ushort ssn, uint ppid, byte flags, byte[] data)
    {
        var chunk = new DataChunk(tsn, stream, ssn, ppid, flags, data);
        var buffer = new byte[chunk.GetLength()];
        chunk.Write(buffer);
        Assert.Equal(SctpCodecStatus.Ok, DataChunk.TryRead(buffer, out var read));
        Assert.Equal((tsn, stream, ssn, ppid, flags), (read.Tsn, read.StreamId, read.StreamSequenceNumber, read.PayloadProtocolId, read.Flags));
        Assert.Equal(data, read.UserData.ToArray());
    }

    private static readonly byte[] ChunkTypes = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14, 64, 130, 192, 194];

    private static readonly byte[][] ValidChunks =
    [
        Hex.Bytes("00030013 01020304 00050006 00000033 61626300"),
        Hex.Bytes("40020018 00000007 00020000 00000009 00000035 01020304"),
        Hex.Bytes("01000020 a1b2c3d4 00100000 ffffffff 11223344 80080006 82c00000 c0000004"),
        Hex.Bytes("0200001c 00000001 00000002 00030004 00000005 00070008 aabbccdd"),
        Hex.Bytes("0300001c 00000064 00010000 00020001 00020003 00050005 00000063"),
        Hex.Bytes("0400000d 00010009 01020304 05000000"),
        Hex.Bytes("0601000c 000c0007 62796500"),
        Hex.Bytes("0700000801020304"),
        Hex.Bytes("0900000c 00010008 00070000"),
        Hex.Bytes("0a000009 deadbeef 01000000"),
        Hex.Bytes("c0000010 00000010 00010002 00030004"),
        Hex.Bytes("c2000018 00000010 00010001 00000007 00020000 00000009"),
        Hex.Bytes("8200001c 000d0016 00000001 00000002 00000003 00040005 00060000"),
    ];

    private static void DecodeEverything(ReadOnlySpan<byte> bytes)
    {
        SctpCommonHeader.TryRead(bytes, out _);
        SctpChecksum.Verify(bytes);
        var chunks = new SctpChunkEnumerator(bytes);
        while (chunks.MoveNext(out _, out _))
        {
        }
        var items = new SctpParameterEnumerator(bytes);
        while (items.MoveNext(out _, out _))
        {
        }
        if (DataChunk.TryRead(bytes, out var data) == SctpCodecStatus.Ok)
        {
            _ = data.UserData.Length;
        }
        InterleavedDataChunk.TryRead(bytes, out _);
        if (InitChunk.TryRead(bytes, out var init) == SctpCodecStatus.Ok)
        {
            var parameters = new SctpParameterEnumerator(init.Parameters);
            while (parameters.MoveNext(out _, out var item))
            {
                SupportedExtensionsParameter.TryRead(item, out _);
                ForwardTsnSupportedParameter.TryRead(item, out _);
                StateCookieParameter.TryRead(item, out _);
            }
        }
        InitAckChunk.TryRead(bytes, out _);
        if (SackChunk.TryRead(bytes, out var sack) == SctpCodecStatus.Ok)
        {
            for (var i = 0; i < sack.GapBlockCount; i++)
            {
                sack.GetGapBlock(i);
            }
            for (var i = 0; i < sack.DuplicateCount; i++)
            {
                sack.GetDuplicate(i);
            }
        }
        HeartbeatChunk.TryRead(bytes, out _);
        HeartbeatAckChunk.TryRead(bytes, out _);
        if (AbortChunk.TryRead(bytes, out var abort) == SctpCodecStatus.Ok && ErrorCause.TryRead(abort.Causes, out var cause) == SctpCodecStatus.Ok)
        {
            cause.GetText();
        }
        ErrorChunk.TryRead(bytes, out _);
        ShutdownChunk.TryRead(bytes, out _);
        ShutdownAckChunk.TryRead(bytes, out _);
        ShutdownCompleteChunk.TryRead(bytes, out _);
        CookieEchoChunk.TryRead(bytes, out _);
        CookieAckChunk.TryRead(bytes, out _);
        if (ForwardTsnChunk.TryRead(bytes, out var forward) == SctpCodecStatus.Ok)
        {
            for (var i = 0; i < forward.StreamCount; i++)
            {
                forward.GetStream(i);
            }
        }
        if (InterleavedForwardTsnChunk.TryRead(bytes, out var iforward) == SctpCodecStatus.Ok)
        {
            for (var i = 0; i < iforward.StreamCount; i++)
            {
                iforward.GetStream(i);
            }
        }
        if (ReConfigChunk.TryRead(bytes, out var reconfig) == SctpCodecStatus.Ok)
        {
            var parameters = new SctpParameterEnumerator(reconfig.Parameters);
            while (parameters.MoveNext(out _, out var item))
            {
                if (OutgoingSsnResetRequestParameter.TryRead(item, out var request) == SctpCodecStatus.Ok)
                {
                    for (var i = 0; i < request.StreamCount; i++)
                    {
                        request.GetStream(i);
                    }
                }
                ReconfigurationResponseParameter.TryRead(item, out _);
            }
        }
    }
}
