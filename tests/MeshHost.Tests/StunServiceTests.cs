using System.Net;
using System.Net.Sockets;
using MeshActors.WebRtc.Stun;

namespace MeshHost.Tests;

public class StunServiceTests
{
    [Fact]
    public async Task Serve_answers_stun_on_the_configured_endpoint_and_stops_on_cancel()
    {
        int port;
        using (var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
        {
            port = ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
        }
        using var cts = new CancellationTokenSource();
        var run = MeshHost.Cli.ServeCommand.RunAsync(["--stun", $"127.0.0.1:{port}", "--signaling", "127.0.0.1:0"], cts.Token);

        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var request = BindingRequest();
        var received = false;
        for (var attempt = 0; attempt < 50 && !received; attempt++)
        {
            await client.SendAsync(request, request.Length, new IPEndPoint(IPAddress.Loopback, port));
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            try
            {
                var reply = await client.ReceiveAsync(wait.Token);
                Assert.Equal(StunReadStatus.Ok, StunMessage.TryRead(reply.Buffer, out var m));
                Assert.True(m.TryGetXorMappedAddress(out var mapped));
                Assert.Equal(client.Client.LocalEndPoint, mapped);
                received = true;
            }
            catch (OperationCanceledException)
            {
                // The host may still be starting; ask again.
            }
        }
        Assert.True(received, "MeshHost did not answer STUN");
        cts.Cancel();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    private static byte[] BindingRequest()
    {
        var request = new byte[20];
        _ = new StunMessageWriter(request, StunMethod.Binding, StunClass.Request, TransactionId.NewRandom());
        return request;
    }

    [Fact]
    public async Task An_invalid_stun_endpoint_is_refused_at_start_with_exit_code_2()
    {
        Assert.Equal(2, await MeshHost.Cli.ServeCommand.RunAsync(["--stun", "not-an-endpoint"], CancellationToken.None));
    }
}
