using System.Net;
using MeshActors.WebRtc.Ice;
using MeshActors.WebRtc.Stun;

namespace MeshActors.WebRtc.Tests.Ice;

public class IceAgentTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static IceAgentOptions Options(int seed) => new() { RandomSeed = seed };

    private static bool BothConnected(CoreLink link) =>
        link.A.State is IceConnectionState.Connected or IceConnectionState.Completed &&
        link.B.State is IceConnectionState.Connected or IceConnectionState.Completed;

    private static bool BothCompleted(CoreLink link) =>
        link.A.State == IceConnectionState.Completed && link.B.State == IceConnectionState.Completed;

    private static void AssertSamePath(CoreLink link)
    {
        var a = link.A.SelectedPair!;
        var b = link.B.SelectedPair!;
        Assert.True(a.Nominated);
        Assert.True(b.Nominated);
        Assert.Equal(link.BHost, a.RemoteEndPoint);
        Assert.Equal(link.ANatPublic ?? link.AHost, b.RemoteEndPoint);
    }

    [Theory]
    [InlineData(IceRole.Controlling, IceRole.Controlled)]
    [InlineData(IceRole.Controlled, IceRole.Controlling)]
    public void Two_cores_connect_and_complete_with_one_nominated_pair(IceRole roleA, IceRole roleB)
    {
        var link = new CoreLink(new IceAgent(roleA, IceParameters.Generate(), Options(1)), new IceAgent(roleB, IceParameters.Generate(), Options(2)));
        var states = new List<IceConnectionState>();
        link.A.StateChanged += states.Add;
        link.Start();

        Assert.True(link.RunUntil(() => BothCompleted(link), Limit));
        AssertSamePath(link);
        Assert.Equal([IceConnectionState.Checking, IceConnectionState.Connected, IceConnectionState.Completed], states);
        Assert.Equal(roleA, link.A.Role);
        Assert.Equal(0, link.A.MalformedDropped + link.A.IntegrityFailures + link.A.UnknownUsername + link.A.RoleConflicts);
        Assert.Equal(0, link.B.MalformedDropped + link.B.IntegrityFailures + link.B.UnknownUsername + link.B.RoleConflicts);
        Assert.True(link.Now < TimeSpan.FromSeconds(2), $"took {link.Now}");
    }

    [Theory]
    [InlineData(IceRole.Controlling)]
    [InlineData(IceRole.Controlled)]
    public void Agents_claiming_the_same_role_resolve_the_conflict_by_tie_breaker(IceRole both)
    {
        var a = new IceAgent(both, IceParameters.Generate(), Options(1), tieBreaker: 1000);
        var b = new IceAgent(both, IceParameters.Generate(), Options(2), tieBreaker: 2000);
        var roleChanges = new List<(string, IceRole)>();
        a.RoleChanged += r => roleChanges.Add(("a", r));
        b.RoleChanged += r => roleChanges.Add(("b", r));
        var link = new CoreLink(a, b);
        link.Start();

        Assert.True(link.RunUntil(() => BothCompleted(link), Limit));
        // The larger tie-breaker (b) ends controlling, the smaller controlled (RFC 8445 §7.3.1.1).
        Assert.Equal(IceRole.Controlled, a.Role);
        Assert.Equal(IceRole.Controlling, b.Role);
        Assert.Single(roleChanges);
        Assert.True(a.RoleConflicts + b.RoleConflicts > 0);
        AssertSamePath(link);
    }

    [Fact]
    public void A_controlling_agent_answers_487_when_its_tie_breaker_wins()
    {
        var local = IceParameters.Generate();
        var remote = IceParameters.Generate();
        var agent = new IceAgent(IceRole.Controlling, local, Options(1), tieBreaker: ulong.MaxValue);
        agent.AddHostCandidate(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 1000), 0);
        agent.SetRemoteParameters(remote, TimeSpan.Zero);

        var check = IceTestMessages.Check(local, remote, controlling: true, tieBreaker: 5);
        Assert.Equal(IceReceiveResult.Stun, agent.Receive(check, 0, new IPEndPoint(IPAddress.Parse("10.0.0.2"), 2000), TimeSpan.Zero));

        Assert.True(agent.TryDequeueTransmit(out var t));
        Assert.Equal(StunReadStatus.Ok, StunMessage.TryRead(t.Datagram, out var response));
        Assert.Equal(StunClass.ErrorResponse, response.Class);
        Assert.True(response.TryGetErrorCode(out var error));
        Assert.Equal(487, error.Code);
        Assert.Equal(StunReadStatus.Ok, response.VerifyMessageIntegrity(System.Text.Encoding.ASCII.GetBytes(local.Password)));
        Assert.Equal(IceRole.Controlling, agent.Role);
        Assert.Equal(1, agent.RoleConflicts);
    }

    [Fact]
    public void Candidates_trickled_late_and_one_by_one_still_connect_and_complete_after_end_of_candidates()
    {
        var a = new IceAgent(IceRole.Controlling, IceParameters.Generate(), Options(1));
        var b = new IceAgent(IceRole.Controlled, IceParameters.Generate(), Options(2));
        var link = new CoreLink(a, b);
        var aCandidates = new List<IceCandidate>();
        var bCandidates = new List<IceCandidate>();
        a.LocalCandidateGathered += aCandidates.Add;
        b.LocalCandidateGathered += bCandidates.Add;

        // Credentials first (offer/answer), candidates trickle in later, in different orders.
        a.SetRemoteParameters(b.LocalParameters, link.Now);
        b.SetRemoteParameters(a.LocalParameters, link.Now);
        a.AddHostCandidate(link.AHost, 0);
        // An unreachable extra candidate on B's side, trickled first.
        b.AddLocalCandidate(IceCandidate.Create(IceCandidateType.Host, new IPEndPoint(IPAddress.Parse("10.9.9.9"), 9), 2000000000, "9"), 1);
        link.At(TimeSpan.FromMilliseconds(200), () => a.AddRemoteCandidate(bCandidates[0], link.Now));
        link.At(TimeSpan.FromMilliseconds(400), () => b.AddHostCandidate(link.BHost, 0));
        link.At(TimeSpan.FromMilliseconds(600), () => a.AddRemoteCandidate(bCandidates[1], link.Now));
        Assert.Equal(IceConnectionState.Checking, a.State);
        Assert.True(link.RunUntil(() => BothConnected(link), Limit));
        Assert.NotEqual(IceConnectionState.Completed, a.State);

        a.EndLocalCandidates(link.Now);
        b.EndLocalCandidates(link.Now);
        a.AddRemoteEndOfCandidates(link.Now);
        b.AddRemoteEndOfCandidates(link.Now);
        Assert.True(link.RunUntil(() => BothCompleted(link), Limit));
        AssertSamePath(link);
    }

    [Fact]
    public void A_side_behind_address_rewriting_is_reached_through_a_peer_reflexive_candidate()
    {
        var a = new IceAgent(IceRole.Controlled, IceParameters.Generate(), Options(1));
        var b = new IceAgent(IceRole.Controlling, IceParameters.Generate(), Options(2));
        var link = new CoreLink(a, b) { ANatPublic = new IPEndPoint(IPAddress.Parse("203.0.113.7"), 61000) };
        IceCandidate? learned = null;
        b.RemotePeerReflexiveCandidate += c => learned = c;
        link.Start();

        Assert.True(link.RunUntil(() => BothCompleted(link), Limit));
        Assert.NotNull(learned);
        Assert.Equal(link.ANatPublic, learned!.EndPoint);
        Assert.Equal(IceCandidateType.PeerReflexive, b.SelectedPair!.Remote.Type);
        AssertSamePath(link);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Agents_connect_when_30_percent_of_datagrams_are_lost(int seed)
    {
        var link = new CoreLink(new IceAgent(IceRole.Controlling, IceParameters.Generate(), Options(seed)),
            new IceAgent(IceRole.Controlled, IceParameters.Generate(), Options(seed + 100)), seed) { LossRate = 0.3 };
        link.Start();
        Assert.True(link.RunUntil(() => BothCompleted(link), Limit));
        Assert.True(link.Lost > 0);
        AssertSamePath(link);
    }

    [Fact]
    public void Consent_loss_goes_disconnected_then_failed_on_rfc_7675_timeouts()
    {
        var link = new CoreLink(new IceAgent(IceRole.Controlling, IceParameters.Generate(), Options(1)),
            new IceAgent(IceRole.Controlled, IceParameters.Generate(), Options(2)));
        link.Start();
        Assert.True(link.RunUntil(() => BothCompleted(link), Limit));
        var lastResponse = link.Now;
        link.RunFor(TimeSpan.FromSeconds(20));
        Assert.Equal(IceConnectionState.Completed, link.A.State);

        var transitions = new List<(IceConnectionState, TimeSpan)>();
        link.A.StateChanged += s => transitions.Add((s, link.Now));
        link.LossRate = 1.0;
        var cut = link.Now;
        Assert.True(link.RunUntil(() => link.A.State == IceConnectionState.Failed, TimeSpan.FromSeconds(60)));

        Assert.Equal(IceConnectionState.Disconnected, transitions[0].Item1);
        Assert.Equal(IceConnectionState.Failed, transitions[1].Item1);
        // Disconnected 7.5 s after the last consent response (which came less than 6 s before the cut).
        var disconnectedAfterCut = transitions[0].Item2 - cut;
        Assert.InRange(disconnectedAfterCut, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(7.5));
        Assert.Equal(TimeSpan.FromSeconds(30) - TimeSpan.FromSeconds(7.5), transitions[1].Item2 - transitions[0].Item2);
        Assert.False(link.A.TryGetSendPath(out _, out _));
        Assert.Equal(IceConnectionState.Failed, link.B.State);
    }

    [Fact]
    public void Consent_that_returns_before_30_seconds_brings_the_agent_back_from_disconnected()
    {
        var link = new CoreLink(new IceAgent(IceRole.Controlling, IceParameters.Generate(), Options(1)),
            new IceAgent(IceRole.Controlled, IceParameters.Generate(), Options(2)));
        link.Start();
        Assert.True(link.RunUntil(() => BothCompleted(link), Limit));
        var states = new List<IceConnectionState>();
        link.A.StateChanged += states.Add;

        link.LossRate = 1.0;
        Assert.True(link.RunUntil(() => link.A.State == IceConnectionState.Disconnected, TimeSpan.FromSeconds(20)));
        link.RunFor(TimeSpan.FromSeconds(5));
        Assert.Equal(IceConnectionState.Disconnected, link.A.State);
        Assert.True(link.A.TryGetSendPath(out _, out _), "consent has not expired yet: sending is still allowed");

        link.LossRate = 0;
        Assert.True(link.RunUntil(() => BothCompleted(link), TimeSpan.FromSeconds(10)));
        Assert.Equal([IceConnectionState.Disconnected, IceConnectionState.Completed], states);
        link.RunFor(TimeSpan.FromSeconds(60));
        Assert.Equal(IceConnectionState.Completed, link.A.State);
    }

    [Fact]
    public void Every_pair_failing_after_end_of_candidates_fails_the_agent()
    {
        var link = new CoreLink(new IceAgent(IceRole.Controlling, IceParameters.Generate(), Options(1)),
            new IceAgent(IceRole.Controlled, IceParameters.Generate(), Options(2))) { LossRate = 1.0 };
        link.Start();
        Assert.True(link.RunUntil(() => link.A.State == IceConnectionState.Failed && link.B.State == IceConnectionState.Failed, Limit));
        Assert.All(link.A.CandidatePairs, p => Assert.Equal(IceCandidatePairState.Failed, p.State));
    }

    [Fact]
    public void Checks_are_paced_one_per_ta()
    {
        var a = new IceAgent(IceRole.Controlling, IceParameters.Generate(), Options(1));
        a.AddHostCandidate(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 1000), 0);
        a.SetRemoteParameters(IceParameters.Generate(), TimeSpan.Zero);
        for (var i = 0; i < 5; i++)
        {
            a.AddRemoteCandidate(IceCandidate.Create(IceCandidateType.Host, new IPEndPoint(IPAddress.Parse("10.0.1." + (i + 1)), 5000), 2130706431, (i + 10).ToString(System.Globalization.CultureInfo.InvariantCulture)), TimeSpan.Zero);
        }
        var sentAt = new List<TimeSpan>();
        var now = TimeSpan.Zero;
        while (sentAt.Count < 5)
        {
            now = a.NextDeadline;
            a.Poll(now);
            while (a.TryDequeueTransmit(out _))
            {
                sentAt.Add(now);
            }
        }
        for (var i = 1; i < sentAt.Count; i++)
        {
            Assert.Equal(TimeSpan.FromMilliseconds(50), sentAt[i] - sentAt[i - 1]);
        }
    }

    [Fact]
    public void An_unanswered_check_is_retransmitted_with_doubling_timeouts_then_the_pair_fails()
    {
        var a = new IceAgent(IceRole.Controlling, IceParameters.Generate(), Options(1));
        a.AddHostCandidate(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 1000), 0);
        a.SetRemoteParameters(IceParameters.Generate(), TimeSpan.Zero);
        a.AddRemoteCandidate(IceCandidate.Parse("candidate:1 1 udp 2130706431 10.0.0.2 2000 typ host"), TimeSpan.Zero);
        var sentAt = new List<TimeSpan>();
        var guard = 0;
        while (a.CandidatePairs[0].State != IceCandidatePairState.Failed && guard++ < 100)
        {
            var now = a.NextDeadline;
            a.Poll(now);
            while (a.TryDequeueTransmit(out _))
            {
                sentAt.Add(now);
            }
        }
        var expected = new[] { 0, 500, 1500, 3500, 6500, 9500, 12500 }.Select(ms => TimeSpan.FromMilliseconds(ms));
        Assert.Equal(expected, sentAt);
        Assert.Equal(IceCandidatePairState.Failed, a.CandidatePairs[0].State);
    }
}
