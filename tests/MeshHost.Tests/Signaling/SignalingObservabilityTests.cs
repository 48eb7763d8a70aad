using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using MeshActors.Signaling;
using MeshHost.Signaling;
using Microsoft.Extensions.DependencyInjection;

namespace MeshHost.Tests.Signaling;

public sealed class SignalingObservabilityTests
{
    [Fact]
    public async Task The_server_counts_connections_lobbies_messages_bytes_and_relays_on_its_meter()
    {
        await using var server = await SignalingServerFixture.StartAsync(SignalingServerFixture.FastArgs);
        var meter = server.Services.GetRequiredService<SignalingMetrics>().Meter;
        var totals = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => totals.AddOrUpdate(instrument.Name, value, (_, old) => old + value));
        listener.Start();

        var (host, _, lobby) = await SignalingTestClient.JoinAsync(server.SignalingUri, "", mesh: true);
        var (guest, guestId, _) = await SignalingTestClient.JoinAsync(server.SignalingUri, lobby, mesh: true);
        await host.ReceiveAsync(); // PEER_CONNECT(guest)
        await guest.SendAsync(SignalingMessageType.Offer, 1, "offer");
        Assert.Equal(new SignalingMessage(SignalingMessageType.Offer, guestId, "offer"), await host.ReceiveAsync());
        await guest.DisposeAsync();
        Assert.Equal(new SignalingMessage(SignalingMessageType.PeerDisconnect, guestId, ""), await host.ReceiveAsync());
        await host.DisposeAsync();
        await server.StopAsync();

        Assert.Equal(2, totals.GetValueOrDefault("meshhost.signaling.connections.opened"));
        Assert.Equal(2, totals.GetValueOrDefault("meshhost.signaling.connections.closed"));
        Assert.Equal(1, totals.GetValueOrDefault("meshhost.signaling.lobbies.created"));
        Assert.Equal(1, totals.GetValueOrDefault("meshhost.signaling.messages.relayed"));
        // Received: JOIN ×2 and the OFFER. Sent: ID+JOIN to the host, ID+PEER_CONNECT+JOIN to the guest, then
        // PEER_CONNECT, OFFER and PEER_DISCONNECT to the host.
        Assert.Equal(3, totals.GetValueOrDefault("meshhost.signaling.messages.received"));
        Assert.Equal(8, totals.GetValueOrDefault("meshhost.signaling.messages.sent"));
        Assert.True(totals.GetValueOrDefault("meshhost.signaling.bytes.received") > 0);
        Assert.True(totals.GetValueOrDefault("meshhost.signaling.bytes.sent") > 0);
    }

    [Fact]
    public async Task The_default_join_timeout_of_one_second_applies_when_nothing_overrides_it()
    {
        await using var server = await SignalingServerFixture.StartAsync("--no-stun", "--signaling", "127.0.0.1:0");
        await using var client = await SignalingTestClient.ConnectAsync(server.SignalingUri);
        var stopwatch = Stopwatch.StartNew();
        Assert.Equal((4000, "Have not joined lobby yet"), await client.ExpectCloseAsync());
        // A timer never fires early; the upper side is left to the hang timeout.
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(950), $"closed after {stopwatch.Elapsed}");
        await server.StopAsync();
    }
}
