using System.Threading.Channels;

namespace MeshActors.Interop.Tests.Harness;

/// <summary>
/// Signaling between two <see cref="IInteropPeer"/>s: creates the connections and channels, runs the
/// offer/answer exchange and trickles candidates each way, holding them until the receiving side has
/// its remote description (a candidate before it is an error in W3C WebRTC).
/// </summary>
internal static class PeerLink
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>Connects <paramref name="offerer"/> to <paramref name="answerer"/> and waits until every channel is open on both sides.</summary>
    /// <param name="offerer">The side that creates the offer.</param>
    /// <param name="answerer">The side that answers.</param>
    /// <param name="channels">Channels to create and wait for.</param>
    /// <param name="relayFromBrowser">
    /// Which of the browser's candidates reach the other side (null: all); end-of-candidates always does.
    /// </param>
    public static async Task ConnectAsync(IInteropPeer offerer, IInteropPeer answerer, IReadOnlyList<ChannelSpec> channels,
        Func<CandidateMessage, bool>? relayFromBrowser = null)
    {
        await offerer.CreateConnectionAsync();
        await answerer.CreateConnectionAsync();
        var toAnswerer = Relay(offerer, answerer, offerer is BrowserPeer ? relayFromBrowser : null, out var answererReady);
        var toOfferer = Relay(answerer, offerer, answerer is BrowserPeer ? relayFromBrowser : null, out var offererReady);

        foreach (var spec in channels)
        {
            if (spec.Negotiated)
            {
                await offerer.CreateChannelAsync(spec);
                await answerer.CreateChannelAsync(spec);
            }
            else
            {
                await (spec.By == Side.Offerer ? offerer : answerer).CreateChannelAsync(spec);
            }
        }
        var offer = await offerer.CreateOfferAsync();
        var answer = await answerer.AcceptOfferAsync(offer);
        answererReady.SetResult();
        await offerer.AcceptAnswerAsync(answer);
        offererReady.SetResult();

        foreach (var spec in channels)
        {
            await offerer.WaitOpenAsync(spec.Label, Timeout);
            await answerer.WaitOpenAsync(spec.Label, Timeout);
        }
        // Relays keep running for late candidates; their failures surface here if they already failed.
        if (toAnswerer.IsFaulted)
        {
            await toAnswerer;
        }
        if (toOfferer.IsFaulted)
        {
            await toOfferer;
        }
    }

    private static Task Relay(IInteropPeer from, IInteropPeer to, Func<CandidateMessage, bool>? filter, out TaskCompletionSource ready)
    {
        var queue = Channel.CreateUnbounded<CandidateMessage>();
        from.OnCandidate = c =>
        {
            if (c.Candidate.Length == 0 || filter is null || filter(c))
            {
                queue.Writer.TryWrite(c);
            }
        };
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ready = gate;
        return Task.Run(async () =>
        {
            await gate.Task;
            await foreach (var candidate in queue.Reader.ReadAllAsync())
            {
                await to.AddCandidateAsync(candidate);
                if (candidate.Candidate.Length == 0)
                {
                    return;
                }
            }
        });
    }
}
