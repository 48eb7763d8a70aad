using Akka.Actor;
using MeshActors.Cluster;

namespace MeshActors.Tests.Cluster;

public sealed class HomeNodeTests
{
    private static readonly Address Node = Address.Parse("akka.tcp://meshhost@10.0.0.1:4053");

    [Fact]
    public void A_token_is_four_letters_or_digits_and_the_same_for_the_same_address_every_time()
    {
        var token = HomeNode.TokenOf(Node);
        Assert.Matches("^[A-Za-z0-9]{4}$", token);
        Assert.Equal(token, HomeNode.TokenOf(Address.Parse("akka.tcp://meshhost@10.0.0.1:4053")));
    }

    [Fact]
    public void Neighbouring_ports_get_different_tokens()
    {
        var tokens = Enumerable.Range(4053, 50).Select(p => HomeNode.TokenOf(new Address("akka.tcp", "meshhost", "127.0.0.1", p))).ToHashSet();
        // 50 draws from 14.8 million values: a repeat here would mean the spread is broken, not bad luck.
        Assert.Equal(50, tokens.Count);
    }

    [Fact]
    public void A_local_address_has_no_token()
    {
        Assert.Throws<ArgumentException>(() => HomeNode.TokenOf(new Address("akka", "meshhost")));
    }

    [Fact]
    public void A_new_entity_id_is_the_token_and_twelve_random_letters_or_digits()
    {
        var token = HomeNode.TokenOf(Node);
        var ids = Enumerable.Range(0, 100).Select(_ => HomeNode.NewEntityId(token)).ToList();
        Assert.All(ids, id =>
        {
            Assert.Matches("^[A-Za-z0-9]{16}$", id);
            Assert.StartsWith(token, id, StringComparison.Ordinal);
            Assert.True(HomeNode.TryGetToken(id, out var back));
            Assert.Equal(token, back);
        });
        Assert.Equal(100, ids.Distinct().Count());
        Assert.Throws<ArgumentException>(() => HomeNode.NewEntityId("ab-d"));
        Assert.Throws<ArgumentException>(() => HomeNode.NewEntityId("abcde"));
    }

    [Theory]
    [InlineData("relay-game")]
    [InlineData("AbCd0123456789X")]
    [InlineData("AbCd0123456789XyZ")]
    [InlineData("AbCd-123456789Xy")]
    [InlineData("")]
    public void Only_ids_of_exactly_sixteen_letters_or_digits_carry_a_token(string id)
    {
        Assert.False(HomeNode.TryGetToken(id, out var token));
        Assert.Equal(string.Empty, token);
    }
}
