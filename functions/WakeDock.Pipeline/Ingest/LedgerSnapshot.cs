namespace WakeDock.Pipeline.Ingest;

/// <summary>The dedupe state as saved in <c>state/ingest-ledger.json</c>: per host the agent sequence ranges stored, and recent event ids.</summary>
public sealed record LedgerSnapshot
{
    public required DateTimeOffset SavedAt { get; init; }

    public Dictionary<string, List<long[]>> Hosts { get; set; } = [];

    public List<string> RecentEvents { get; set; } = [];
}
