using System.Globalization;
using Akka.Actor;
using MeshHost.Signaling;
using Microsoft.AspNetCore.Http;

namespace MeshHost.Hosting;

/// <summary>
/// <c>GET /healthz</c>: 200 with <c>{"status":"ok","connections":N,"lobbies":N}</c> while serving, 503 with
/// status "stopping" once shutdown began or the actor system is gone.
/// </summary>
internal static class HealthEndpoint
{
    public const string Path = "/healthz";

    public static IResult Handle(ActorSystem system, SignalingMetrics metrics, SignalingConnections connections)
    {
        var serving = !connections.IsStopping && !system.WhenTerminated.IsCompleted;
        var json = string.Create(CultureInfo.InvariantCulture,
            $"{{\"status\":\"{(serving ? "ok" : "stopping")}\",\"connections\":{metrics.Connections},\"lobbies\":{metrics.Lobbies}}}");
        return Results.Text(json, "application/json", statusCode: serving ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
