using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace MeshHost.Relay.Bench;

/// <summary>
/// Diagnostics for finding allocations on hot paths: listens to the runtime's GC AllocationTick events (one about
/// every 100 KB allocated, naming the type of the allocation that crossed the mark) and counts them by type, so the
/// types that dominate allocation volume stand out. Costs little; enabled with <c>bench-relay --allocations</c>.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;

    private readonly ConcurrentDictionary<string, long> _bytesByType = new(StringComparer.Ordinal);

    /// <summary>The types with the most sampled bytes, largest first, as "type: MB" lines.</summary>
    public IEnumerable<string> Top(int count) => _bytesByType
        .OrderByDescending(e => e.Value)
        .Take(count)
        .Select(e => FormattableString.Invariant($"{e.Value / 1e6,8:0.0} MB  {e.Key}"));

    public void Reset() => _bytesByType.Clear();

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        // GCAllocationTick_V2+ (event 10): AllocationAmount64 and TypeName.
        if (eventData.EventId != 10 || eventData.Payload is null || eventData.PayloadNames is null)
        {
            return;
        }
        var type = eventData.PayloadNames.IndexOf("TypeName");
        var amount = eventData.PayloadNames.IndexOf("AllocationAmount64");
        if (type < 0 || amount < 0)
        {
            return;
        }
        var name = eventData.Payload[type] as string ?? "?";
        var bytes = Convert.ToInt64(eventData.Payload[amount], System.Globalization.CultureInfo.InvariantCulture);
        _bytesByType.AddOrUpdate(name, bytes, (_, old) => old + bytes);
    }
}
