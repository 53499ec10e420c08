using System.Text.Json;
using WakeDock.Functions.Storage;

namespace WakeDock.Functions.Tiers;

/// <summary>Up to when the tiers are complete, kept in <c>state/rollup.json</c>.</summary>
public sealed record TierWatermark(DateTimeOffset RolledUpTo);

/// <summary>The two rollup tiers and how far they reach.</summary>
public sealed class TierStore(IBlobStore store)
{
    public const string StateName = "state/rollup.json";

    public TierLog Minute { get; } = new(store, Tier.Minute);

    public TierLog Hour { get; } = new(store, Tier.Hour);

    /// <summary>Everything before this instant is in both tiers; null before the first rollup.</summary>
    public DateTimeOffset? RolledUpTo { get; private set; }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var bytes = await store.ReadAsync(StateName, cancellationToken: cancellationToken);
        RolledUpTo = bytes is { Length: > 0 } ? JsonSerializer.Deserialize(bytes, StorageJsonContext.Default.TierWatermark)?.RolledUpTo : null;
    }

    public async Task SaveAsync(DateTimeOffset rolledUpTo, CancellationToken cancellationToken)
    {
        await store.WriteAsync(StateName, JsonSerializer.SerializeToUtf8Bytes(new TierWatermark(rolledUpTo), StorageJsonContext.Default.TierWatermark), cancellationToken);
        RolledUpTo = rolledUpTo;
    }

    public TierLog For(Tier tier) => tier == Tier.Hour ? Hour : Minute;
}
