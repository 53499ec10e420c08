using System.Text.Json;
using WakeDock.Contracts;
using WakeDock.Pipeline.Storage;

namespace WakeDock.Pipeline.Tiers;

/// <summary>Up to when the tiers are complete, kept in <c>state/rollup.json</c>.</summary>
public sealed record TierWatermark(DateTimeOffset RolledUpTo);

/// <summary>The rollup tiers (1 min, 15 min, 1 h) and how far they reach.</summary>
public sealed class TierStore(IBlobStore store)
{
    public const string StateName = "state/rollup.json";

    public TierLog Minute { get; } = new(store, Tier.Minute);

    public TierLog Quarter { get; } = new(store, Tier.Quarter);

    public TierLog Hour { get; } = new(store, Tier.Hour);

    /// <summary>Finest first.</summary>
    public IReadOnlyList<TierLog> All => [Minute, Quarter, Hour];

    /// <summary>Everything before this instant is in both tiers; null before the first rollup.</summary>
    public DateTimeOffset? RolledUpTo { get; private set; }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var bytes = await store.ReadAsync(StateName, cancellationToken: cancellationToken);
        RolledUpTo = bytes is { Length: > 0 } ? JsonSerializer.Deserialize(bytes, TierJsonContext.Default.TierWatermark)?.RolledUpTo : null;
    }

    public async Task SaveAsync(DateTimeOffset rolledUpTo, CancellationToken cancellationToken)
    {
        await store.WriteAsync(StateName, JsonSerializer.SerializeToUtf8Bytes(new TierWatermark(rolledUpTo), TierJsonContext.Default.TierWatermark), cancellationToken);
        RolledUpTo = rolledUpTo;
    }

    public TierLog For(Tier tier) => All.Single(t => t.Tier == tier);

    /// <summary>The coarsest tier whose buckets are no wider than <paramref name="step"/>; null when raw samples are needed.</summary>
    public static Tier? Fitting(TimeSpan step) => step >= Tier.Hour.Step ? Tier.Hour : step >= Tier.Quarter.Step ? Tier.Quarter : step >= Tier.Minute.Step ? Tier.Minute : null;

    /// <summary>Rolls one hour of samples (any order) up into every tier and appends it to the day's files.</summary>
    public async Task AppendHourAsync(DateTimeOffset hour, IEnumerable<ContainerSample> samples, CancellationToken cancellationToken)
    {
        var minutes = new List<RollupPoint>();
        var quarters = new List<RollupPoint>();
        var hours = new List<RollupPoint>();
        foreach (var container in samples.GroupBy(s => s.ContainerId, StringComparer.Ordinal))
        {
            var points = RollupAccumulator.Bucket(container.OrderBy(s => s.Timestamp), s => s.Timestamp, (a, s) => a.Add(s), DateTimeOffset.UnixEpoch, Tier.Minute.Step);
            minutes.AddRange(points);
            quarters.AddRange(RollupAccumulator.Bucket(points, p => p.Timestamp, (a, p) => a.Add(p), DateTimeOffset.UnixEpoch, Tier.Quarter.Step));
            hours.AddRange(RollupAccumulator.Bucket(points, p => p.Timestamp, (a, p) => a.Add(p), DateTimeOffset.UnixEpoch, Tier.Hour.Step));
        }

        var day = DateOnly.FromDateTime(hour.UtcDateTime);
        await Minute.AppendAsync(day, minutes, cancellationToken);
        await Quarter.AppendAsync(day, quarters, cancellationToken);
        await Hour.AppendAsync(day, hours, cancellationToken);
    }
}
