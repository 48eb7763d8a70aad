using Akka.Actor;
using Akka.Event;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Xunit.Abstractions;

namespace MeshActors.Tests.Support;

/// <summary>
/// Base of the actor and facade specs: the library's HOCON defaults, an optional TestScheduler, and
/// a check at the end of each test that no dead letter was produced and no actor is left under /user.
/// </summary>
public abstract class MeshSpec : TestKit
{
    /// <summary>Config that replaces the scheduler by the TestKit's virtual one.</summary>
    protected const string VirtualTime = "akka.scheduler.implementation = \"Akka.TestKit.TestScheduler, Akka.TestKit\"";

    private readonly TestProbe _deadLetters;

    protected MeshSpec(string? config = null, ITestOutputHelper? output = null)
        : base(MeshActorsConfig.WithDefaults(Akka.Configuration.ConfigurationFactory.ParseString(
            (config ?? "") + "\nakka.loglevel = INFO\nakka.log-dead-letters-during-shutdown = off")), output: output)
    {
        _deadLetters = CreateTestProbe("dead-letters");
        Sys.EventStream.Subscribe(_deadLetters.Ref, typeof(DeadLetter));
    }

    /// <summary>The virtual scheduler (only with <see cref="VirtualTime"/>).</summary>
    protected TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    /// <summary>Children of /user that are still alive.</summary>
    protected IReadOnlyList<IActorRef> UserActors() =>
        [.. ((ActorRefWithCell)((ExtendedActorSystem)Sys).Guardian).Children];

    /// <summary>Every user actor is gone and nothing went to dead letters.</summary>
    protected void AssertClean()
    {
        AwaitAssert(() => Assert.Empty(UserActors()), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(10));
        _deadLetters.ExpectNoMsg(TimeSpan.FromMilliseconds(20));
    }

    /// <summary>Stops an actor and waits for it.</summary>
    protected void StopAndWait(IActorRef actor)
    {
        var watcher = CreateTestProbe();
        watcher.Watch(actor);
        Sys.Stop(actor);
        watcher.ExpectTerminated(actor, TimeSpan.FromSeconds(10));
    }
}
