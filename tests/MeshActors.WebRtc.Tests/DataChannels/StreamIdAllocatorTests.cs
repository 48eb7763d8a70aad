using MeshActors.WebRtc.DataChannels;

namespace MeshActors.WebRtc.Tests.DataChannels;

public class StreamIdAllocatorTests
{
    [Fact]
    public void Dtls_client_gets_even_ids_from_zero_and_server_odd_ids_from_one()
    {
        var ids = new StreamIdAllocator();
        Assert.True(ids.TryAllocate(odd: false, 65535, out var a));
        Assert.True(ids.TryAllocate(odd: false, 65535, out var b));
        Assert.True(ids.TryAllocate(odd: true, 65535, out var c));
        Assert.True(ids.TryAllocate(odd: true, 65535, out var d));
        Assert.Equal([0, 2, 1, 3], new[] { a, b, c, d });
        Assert.Equal(4, ids.Count);
    }

    [Fact]
    public void Allocation_skips_ids_in_use_and_reuses_released_ones_lowest_first()
    {
        var ids = new StreamIdAllocator();
        Assert.True(ids.TryReserve(1)); // Godot's negotiated channels
        Assert.True(ids.TryReserve(3));
        Assert.True(ids.TryReserve(5));
        Assert.True(ids.TryAllocate(odd: true, 65535, out var first));
        Assert.Equal(7, first);
        ids.Release(3);
        Assert.True(ids.TryAllocate(odd: true, 65535, out var reused));
        Assert.Equal(3, reused);
        Assert.False(ids.TryReserve(3));
    }

    [Fact]
    public void Allocation_crosses_word_boundaries_and_respects_the_stream_limit()
    {
        var ids = new StreamIdAllocator();
        for (var i = 0; i < 200; i += 2)
        {
            Assert.True(ids.TryReserve(i));
        }
        Assert.True(ids.TryAllocate(odd: false, 65535, out var next));
        Assert.Equal(200, next);
        Assert.False(ids.TryAllocate(odd: false, 201, out _)); // 202 would be beyond a 201-stream association
        Assert.True(ids.TryAllocate(odd: true, 201, out var odd));
        Assert.Equal(1, odd);
    }

    [Fact]
    public void Every_id_up_to_65534_can_be_taken_and_65535_never()
    {
        var ids = new StreamIdAllocator();
        while (ids.TryAllocate(odd: false, 65535, out _))
        {
        }
        while (ids.TryAllocate(odd: true, 65535, out _))
        {
        }
        Assert.Equal(65535, ids.Count);
        Assert.False(ids.TryReserve(65535));
        Assert.True(ids.IsUsed(65534));
        ids.Release(65534);
        Assert.True(ids.TryAllocate(odd: false, 65535, out var last));
        Assert.Equal(65534, last);
    }
}
