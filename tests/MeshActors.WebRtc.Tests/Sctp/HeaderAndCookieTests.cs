using MeshActors.WebRtc.Sctp;

namespace MeshActors.WebRtc.Tests.Sctp;

public class HeaderAndCookieTests
{
    [Fact]
    public void Common_header_round_trips_with_the_checksum_stored_little_endian()
    {
        var header = new SctpCommonHeader(5000, 5001, 0xA1B2C3D4, 0x11223344);
        var bytes = new byte[12];
        Assert.Equal(12, header.Write(bytes));
        Assert.Equal("13881389a1b2c3d444332211", Hex.Of(bytes));
        Assert.Equal(SctpCodecStatus.Ok, SctpCommonHeader.TryRead(bytes, out var read));
        Assert.Equal((5000, 5001, 0xA1B2C3D4u, 0x11223344u), (read.SourcePort, read.DestinationPort, read.VerificationTag, read.Checksum));
        Assert.Equal(SctpCodecStatus.Truncated, SctpCommonHeader.TryRead(bytes.AsSpan(0, 11), out _));
    }

    [Fact]
    public void State_cookie_round_trips_and_any_changed_byte_breaks_its_hmac()
    {
        var key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var cookie = new StateCookie(TimeSpan.FromSeconds(12.5), 1, 2, 3, 4, 5, 6, 7, PeerCapabilities.ForwardTsn | PeerCapabilities.Interleaving, 8, 9);
        var bytes = new byte[StateCookie.Size];
        Assert.Equal(StateCookie.Size, cookie.Write(bytes, key));
        Assert.True(StateCookie.TryRead(bytes, key, out var read));
        Assert.Equal(cookie, read);
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] ^= 0x10;
            Assert.False(StateCookie.TryRead(bytes, key, out _));
            bytes[i] ^= 0x10;
        }
        key[0] ^= 1;
        Assert.False(StateCookie.TryRead(bytes, key, out _)); // another association's key
        Assert.False(StateCookie.TryRead(bytes.AsSpan(0, 75), key, out _));
    }

    [Fact]
    public void Serial_number_comparisons_wrap()
    {
        Assert.True(SerialNumber.Lt(uint.MaxValue, 0));
        Assert.True(SerialNumber.Gt(5, uint.MaxValue - 5));
        Assert.True(SerialNumber.Lt16(65535, 0));
        Assert.False(SerialNumber.Lt16(0, 65535));
        Assert.Equal(3u, SerialNumber.Max(uint.MaxValue, 3));
    }

    [Fact]
    public void Tsn_tracker_merges_ranges_reports_gaps_and_moves_forward()
    {
        var tracker = new ReceivedTsnTracker();
        tracker.Reset(uint.MaxValue - 1);
        Assert.True(tracker.Add(1));          // gap: MaxValue and 0 missing
        Assert.True(tracker.Add(3));
        Assert.False(tracker.Add(3));
        Span<SackGapBlock> blocks = stackalloc SackGapBlock[8];
        Assert.Equal(2, tracker.WriteGapBlocks(blocks));
        Assert.Equal(new SackGapBlock(3, 3), blocks[0]);
        Assert.Equal(new SackGapBlock(5, 5), blocks[1]);
        Assert.True(tracker.Add(uint.MaxValue));
        Assert.True(tracker.Add(0));          // fills: cumulative jumps to 1
        Assert.Equal(1u, tracker.CumulativeTsn);
        Assert.Equal(1, tracker.RangeCount);
        tracker.ForwardTo(2);                 // FORWARD-TSN over 2 joins the range at 3
        Assert.Equal(3u, tracker.CumulativeTsn);
        Assert.False(tracker.HasGaps);
        Assert.True(tracker.IsReceived(2) && !tracker.IsReceived(4));
    }
}
