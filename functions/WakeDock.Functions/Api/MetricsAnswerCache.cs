using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Query;

namespace WakeDock.Functions.Api;

/// <summary>A metrics answer as written on the wire.</summary>
public sealed record MetricsAnswer(byte[] Json, SampleQueryResult Result);

/// <summary>
/// Serialized answers of newest-first metrics queries that the hot tier answers wholly, kept while they stay true:
/// until a sample is added, and — for windows ending now — until the oldest sample listed slides out of the window.
/// Dashboards and scripts polling "the last hour of a container" then cost a copy of bytes instead of hundreds of
/// samples serialized per request. Past its memory budget the cache starts over.
/// </summary>
public sealed class MetricsAnswerCache(RecentSamples recent, SampleQueries samples, IOptions<JsonOptions> json, IOptions<WakeDockOptions> options)
{
    private readonly ConcurrentDictionary<Key, Entry> _entries = new();
    private long _bytes;

    public int Count => _entries.Count;

    /// <param name="endsNow">The window is the last hours until now (not absolute), so it slides with the clock.</param>
    public async Task<MetricsAnswer> AnswerAsync(SampleQuery query, bool endsNow, CancellationToken cancellationToken)
    {
        var budget = options.Value.Storage.AnswerCacheBytes;
        var cacheable = budget > 0 && query.Order == SampleOrder.NewestFirst && query.From >= recent.Floor;
        var key = cacheable ? Key.Of(query, endsNow) : default;
        var generation = recent.Generation;
        if (cacheable && _entries.TryGetValue(key, out var entry) && entry.Generation == generation && query.To <= entry.ValidUntil)
        {
            return entry.Answer;
        }

        var result = await samples.QueryAsync(query, cancellationToken);
        var answer = new MetricsAnswer(JsonSerializer.SerializeToUtf8Bytes(result.Samples, json.Value.SerializerOptions.GetTypeInfo(typeof(IReadOnlyList<ContainerSample>))), result);
        if (cacheable && answer.Json.Length <= budget / 8 && !recent.HasAfter(query.Filter, query.To))
        {
            var validUntil = !endsNow ? DateTimeOffset.MaxValue
                : result.Samples.Count > 0 ? result.Samples[^1].Timestamp + (query.To - query.From)
                : DateTimeOffset.MaxValue;
            Store(key, new Entry(answer, generation, validUntil), budget);
        }

        return answer;
    }

    private void Store(Key key, Entry entry, long budget)
    {
        if (Interlocked.Add(ref _bytes, entry.Answer.Json.Length) > budget)
        {
            _entries.Clear();
            Interlocked.Exchange(ref _bytes, entry.Answer.Json.Length);
        }

        if (_entries.TryGetValue(key, out var replaced))
        {
            Interlocked.Add(ref _bytes, -replaced.Answer.Json.Length);
        }

        _entries[key] = entry;
    }

    /// <summary>A query's identity; a window ending now is known by its length, an absolute one by its bounds.</summary>
    private readonly record struct Key(string? ContainerId, string? ServiceName, string? Host, string? Scope, int Limit, long FromTicks, long ToTicks, bool EndsNow)
    {
        public static Key Of(SampleQuery query, bool endsNow) => endsNow
            ? new Key(query.ContainerId, query.ServiceName, query.Host, query.Scope?.Key, query.Limit, 0, (query.To - query.From).Ticks, true)
            : new Key(query.ContainerId, query.ServiceName, query.Host, query.Scope?.Key, query.Limit, query.From.UtcTicks, query.To.UtcTicks, false);
    }

    private sealed record Entry(MetricsAnswer Answer, long Generation, DateTimeOffset ValidUntil);
}
