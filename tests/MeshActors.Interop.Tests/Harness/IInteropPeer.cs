using MeshHost.Cli;

namespace MeshActors.Interop.Tests.Harness;

/// <summary>Kinds of test message: numbered text or binary (see <see cref="NumberedMessage"/>), or empty.</summary>
internal enum MessageKind
{
    Text,
    Binary,
    EmptyText,
    EmptyBinary,
}

/// <summary>
/// One end of an interop scenario: the browser page (<see cref="BrowserPeer"/>) or the .NET stack.
/// Scenarios are written once against this and run with every pairing.
/// </summary>
internal interface IInteropPeer : IAsyncDisposable
{
    /// <summary>"chromium" or "dotnet".</summary>
    string Name { get; }

    /// <summary>Called with every local candidate (empty candidate = end of candidates), on any thread.</summary>
    Action<CandidateMessage>? OnCandidate { get; set; }

    Task CreateConnectionAsync();

    Task CreateChannelAsync(ChannelSpec spec);

    Task<string> CreateOfferAsync();

    Task<string> AcceptOfferAsync(string sdp);

    Task AcceptAnswerAsync(string sdp);

    Task AddCandidateAsync(CandidateMessage candidate);

    Task<ChannelSummary> WaitOpenAsync(string label, TimeSpan timeout);

    /// <summary>Echo every message back on its channel with the same type instead of checking it.</summary>
    Task SetEchoAsync(string label, bool echo);

    /// <summary>The size every numbered message on <paramref name="label"/> has (checks the exact length).</summary>
    Task ExpectSizeAsync(string label, int size);

    /// <summary>Sends messages <paramref name="first"/> .. first+count-1 of <paramref name="size"/> (pausing on a full buffer).</summary>
    Task SendAsync(string label, int first, int count, int size, MessageKind kind);

    Task<ChannelSummary> WaitReceivedAsync(string label, int count, TimeSpan timeout);

    Task<ChannelSummary> ReceivedAsync(string label);

    Task CloseChannelAsync(string label);

    Task<ChannelSummary> WaitClosedAsync(string label, TimeSpan timeout);

    Task CloseConnectionAsync();

    /// <summary>The candidates this side gathered (the text after "candidate:" included).</summary>
    Task<IReadOnlyList<string>> LocalCandidatesAsync();
}
