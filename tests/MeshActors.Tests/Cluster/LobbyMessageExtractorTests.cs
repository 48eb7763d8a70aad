using MeshActors.Cluster;

namespace MeshActors.Tests.Cluster;

public sealed class LobbyMessageExtractorTests
{
    private static readonly LobbyMessageExtractor Extractor = LobbyMessageExtractor.Instance;

    [Fact]
    public void A_home_node_name_is_in_the_shard_of_its_token()
    {
        var envelope = new LobbyEnvelope("AbCd0123456789Xy", "hello");
        Assert.Equal("AbCd0123456789Xy", Extractor.EntityId(envelope));
        Assert.Equal("AbCd", Extractor.ShardId(envelope));
        Assert.Equal("AbCd", Extractor.ShardId("AbCd0123456789Xy"));
        Assert.Equal("hello", Extractor.EntityMessage(envelope));
    }

    [Fact]
    public void Other_names_go_to_the_FNV_1a_bucket_of_the_name()
    {
        // FNV-1a 32 of "foobar" is 0xbf9cf968 (the published test vector); 0xbf9cf968 mod 64 = 40.
        Assert.Equal("#40", Extractor.ShardId(new LobbyEnvelope("foobar", "m")));
        // The empty string hashes to the offset basis 0x811c9dc5; mod 64 = 5.
        Assert.Equal("#5", LobbyMessageExtractor.ShardOf(""));
        var buckets = Enumerable.Range(0, 2000).Select(i => LobbyMessageExtractor.ShardOf("relay-game" + i)).ToHashSet();
        Assert.Equal(LobbyMessageExtractor.BucketCount, buckets.Count);
    }

    [Fact]
    public void Messages_that_are_not_envelopes_have_no_entity()
    {
        Assert.Null(Extractor.EntityId("not an envelope"));
        Assert.Null(Extractor.ShardId((object)"not an envelope"));
        Assert.Equal("not an envelope", Extractor.EntityMessage("not an envelope"));
    }

    [Fact]
    public void Envelopes_are_equal_by_name_and_message_and_say_what_they_carry()
    {
        Assert.Equal(new LobbyEnvelope("a", "m"), new LobbyEnvelope("a", "m"));
        Assert.NotEqual(new LobbyEnvelope("a", "m"), new LobbyEnvelope("b", "m"));
        Assert.NotEqual(new LobbyEnvelope("a", "m"), new LobbyEnvelope("a", "n"));
        Assert.Equal(new LobbyEnvelope("a", "m").GetHashCode(), new LobbyEnvelope("a", "m").GetHashCode());
        Assert.Equal("LobbyEnvelope(a, m)", new LobbyEnvelope("a", "m").ToString());
        Assert.Throws<ArgumentException>(() => new LobbyEnvelope("", "m"));
    }
}
