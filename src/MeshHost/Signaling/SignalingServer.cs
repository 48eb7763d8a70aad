using System.Net.WebSockets;
using Akka.Actor;
using Akka.Hosting;
using MeshActors.Signaling;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MeshHost.Signaling;

/// <summary>
/// The WebSocket endpoint: accepts a connection, gives it a <see cref="SignalingSocket"/> and a
/// <see cref="SignalingConnectionActor"/>, and keeps the request alive until the connection ends.
/// </summary>
internal sealed class SignalingServer(
    ActorSystem system,
    IRequiredActor<LobbyManagerActor> lobbies,
    SignalingSettings settings,
    SignalingMetrics metrics,
    SignalingConnections connections,
    ILogger<SignalingServer> logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            // A browser opening the server's address gets the demo page, which connects back here.
            await Hosting.DemoPage.WriteAsync(context);
            return;
        }
        if (connections.IsStopping)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }
        var accept = new WebSocketAcceptContext { KeepAliveInterval = settings.KeepAliveInterval };
        if (!connections.TryReserve())
        {
            // As the demo server does: accept, then close with 4000 so the client sees the reason.
            using var refused = await context.WebSockets.AcceptWebSocketAsync(accept);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            timeout.CancelAfter(settings.CloseTimeout);
            try
            {
                await refused.CloseAsync((WebSocketCloseStatus)SignalingCloseCodes.ProtocolError, SignalingCloseCodes.TooManyPeers, timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
            {
                // The client went away first.
            }
            logger.LogWarning("Signaling connection refused: {Limit} connections open", settings.MaxConnections);
            return;
        }
        long id = 0;
        try
        {
            var manager = await lobbies.GetAsync(context.RequestAborted);
            using var webSocket = await context.WebSockets.AcceptWebSocketAsync(accept);
            var socket = new SignalingSocket(webSocket, settings, metrics);
            id = connections.Add(socket);
            metrics.ConnectionOpened();
            var actor = system.ActorOf(SignalingConnectionActor.Props(socket, manager, settings), "ws-" + id);
            var code = await socket.RunAsync(actor, context.RequestAborted);
            metrics.ConnectionClosed(code);
        }
        finally
        {
            if (id == 0)
            {
                connections.Release();
            }
            else
            {
                connections.Remove(id);
            }
        }
    }
}
