using MeshActors.WebRtc.Net;
using MeshActors.WebRtc.Stun;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MeshHost.Hosting;

/// <summary>Runs <see cref="StunServer"/> on every configured endpoint for the host's lifetime.</summary>
internal sealed class StunService(StunSettings settings, ILogger<StunService> logger) : IHostedService
{
    private readonly List<StunServer> _servers = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!settings.Enabled)
        {
            logger.LogInformation("STUN disabled");
            return Task.CompletedTask;
        }
        foreach (var endPoint in settings.EndPoints)
        {
            var server = StunServer.Start(UdpNetwork.Instance, endPoint);
            _servers.Add(server);
            logger.LogInformation("STUN listening on udp://{EndPoint}", server.LocalEndPoint);
            Console.WriteLine($"MeshHost: STUN listening on udp://{server.LocalEndPoint}");
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var server in _servers)
        {
            logger.LogInformation("STUN on {EndPoint} answered {Requests} requests, dropped {Dropped}", server.LocalEndPoint, server.Requests, server.Dropped);
            server.Dispose();
        }
        _servers.Clear();
        return Task.CompletedTask;
    }
}
