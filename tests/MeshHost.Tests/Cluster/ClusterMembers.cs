using Akka.Actor;
using Akka.Cluster;
using MeshHost.Hosting;
using MeshHost.Tests.Signaling;
using Microsoft.Extensions.DependencyInjection;

namespace MeshHost.Tests.Cluster;

/// <summary>Waits, from one node's point of view, until exactly a number of members are Up (no polling: cluster events).</summary>
internal static class ClusterMembers
{
    /// <summary>Generous: forming a cluster on loopback takes about a second; only a hang reaches this.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task WaitUntilUpAsync(MeshHostServer node, int count)
    {
        var system = node.Services.GetRequiredService<ActorSystem>();
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watcher = system.ActorOf(Props.Create(() => new UpWatcher(count, reached)));
        try
        {
            await reached.Task.WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            var members = string.Join(", ", Akka.Cluster.Cluster.Get(system).State.Members.Select(m => $"{m.Address} {m.Status}"));
            Assert.Fail($"{node.ClusterAddress} did not see {count} members up within {Timeout}; it sees: {members}");
        }
        finally
        {
            system.Stop(watcher);
        }
    }

    /// <summary>
    /// Starts a MeshHost cluster node on loopback (free ports) with the fast signaling settings and
    /// <paramref name="extraArgs"/>; the join timeout is generous (no test here is about it, and a loaded machine can
    /// take longer than the fast settings' 300 ms between a client connecting and its JOIN being read).
    /// </summary>
    public static Task<MeshHostServer> StartNodeAsync(params string[] extraArgs) =>
        SignalingServerFixture.StartAsync([.. SignalingServerFixture.FastArgs, "--MeshHost:Signaling:JoinTimeout=00:00:05", "--cluster", "127.0.0.1:0", .. extraArgs]);

    /// <summary>The <c>--seed-node</c> arguments naming <paramref name="seed"/>.</summary>
    public static string[] SeedArgs(MeshHostServer seed) => ["--seed-node", $"{seed.ClusterAddress!.Host}:{seed.ClusterAddress.Port}"];

    private sealed class UpWatcher : ReceiveActor
    {
        private readonly HashSet<Address> _up = [];

        public UpWatcher(int count, TaskCompletionSource reached)
        {
            Receive<ClusterEvent.CurrentClusterState>(state =>
            {
                _up.Clear();
                foreach (var member in state.Members)
                {
                    if (member.Status == MemberStatus.Up)
                    {
                        _up.Add(member.Address);
                    }
                }
                Check(count, reached);
            });
            Receive<ClusterEvent.MemberUp>(up =>
            {
                _up.Add(up.Member.Address);
                Check(count, reached);
            });
            Receive<ClusterEvent.IMemberEvent>(e =>
            {
                // Leaving, exiting, removed, downed: no longer up.
                _up.Remove(e.Member.Address);
                Check(count, reached);
            });
        }

        protected override void PreStart() =>
            Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.IMemberEvent));

        protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);

        private void Check(int count, TaskCompletionSource reached)
        {
            if (_up.Count == count)
            {
                reached.TrySetResult();
            }
        }
    }
}
