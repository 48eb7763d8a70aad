using Akka.TestKit.Xunit2;

namespace MeshActors.Tests;

public class ProjectSmokeTests : TestKit
{
    [Fact]
    public void An_actor_system_starts_under_the_testkit()
    {
        Assert.False(Sys.WhenTerminated.IsCompleted);
    }
}
