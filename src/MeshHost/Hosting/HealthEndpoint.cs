using System.Globalization;
using Akka.Actor;
using Akka.Cluster;
using MeshHost.Signaling;
using Microsoft.AspNetCore.Http;

namespace MeshHost.Hosting;

/// <summary>
/// <c>GET /healthz</c>: 200 with <c>{"status":"ok","connections":N,"lobbies":N}</c> while serving, 503 with
/// status "stopping" once shutdown began or the actor system is gone. A cluster node adds
/// <c>"cluster":{"self":"Up","members":N,"unreachable":N}</c> and is healthy only while it is Up: a joining node
/// cannot host lobbies yet and a leaving one no longer should, so a load balancer sends clients elsewhere.
/// </summary>
internal static class HealthEndpoint
{
    public const string Path = "/healthz";

    public static IResult Handle(ActorSystem system, SignalingMetrics metrics, SignalingConnections connections)
    {
        var serving = !connections.IsStopping && !system.WhenTerminated.IsCompleted;
        var status = serving ? "ok" : "stopping";
        var cluster = string.Empty;
        if (serving && ((ExtendedActorSystem)system).Provider is IClusterActorRefProvider)
        {
            var node = Akka.Cluster.Cluster.Get(system);
            var self = node.SelfMember.Status;
            var state = node.State;
            cluster = string.Create(CultureInfo.InvariantCulture,
                $",\"cluster\":{{\"self\":\"{self}\",\"members\":{state.Members.Count},\"unreachable\":{state.Unreachable.Count}}}");
            if (self != MemberStatus.Up)
            {
                serving = false;
                status = self is MemberStatus.Joining or MemberStatus.WeaklyUp ? "joining" : "leaving";
            }
        }
        var json = string.Create(CultureInfo.InvariantCulture,
            $"{{\"status\":\"{status}\",\"connections\":{metrics.Connections},\"lobbies\":{metrics.Lobbies}{cluster}}}");
        return Results.Text(json, "application/json", statusCode: serving ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
