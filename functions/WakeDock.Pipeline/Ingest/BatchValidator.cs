using WakeDock.Contracts;

namespace WakeDock.Pipeline.Ingest;

/// <summary>Decides whether a batch CloudEvent can be stored; the reason names what is wrong.</summary>
public static class BatchValidator
{
    public static string? Problem(CloudEvent<SampleBatch> batch, DateTimeOffset now, TimeSpan maxSkew, TimeSpan retention)
    {
        if (batch.SpecVersion != CloudEventTypes.SpecVersion)
        {
            return $"specversion is '{batch.SpecVersion}', expected '{CloudEventTypes.SpecVersion}'";
        }

        if (string.IsNullOrWhiteSpace(batch.Id) || string.IsNullOrWhiteSpace(batch.Source))
        {
            return "the CloudEvent has no id or no source";
        }

        if (batch.Type != CloudEventTypes.SampleBatch)
        {
            return $"type is '{batch.Type}', expected '{CloudEventTypes.SampleBatch}'";
        }

        if (batch.Data is not { } data)
        {
            return "the CloudEvent has no data";
        }

        if (string.IsNullOrWhiteSpace(data.Host))
        {
            return "data.host is missing";
        }

        if (data.Samples is null || data.Events is null)
        {
            return "data.samples or data.events is null";
        }

        for (var i = 0; i < data.Samples.Count; i++)
        {
            var sample = data.Samples[i];
            if (sample is null || string.IsNullOrWhiteSpace(sample.ContainerId))
            {
                return $"data.samples[{i}] has no container_id";
            }

            if (sample.Timestamp - now > maxSkew)
            {
                return $"data.samples[{i}].timestamp {sample.Timestamp:O} is more than {maxSkew} ahead of the host's clock";
            }

            if (now - sample.Timestamp > retention)
            {
                return $"data.samples[{i}].timestamp {sample.Timestamp:O} is older than the retention ({retention.TotalDays} days)";
            }

            if (!double.IsFinite(sample.CpuPercent) || !double.IsFinite(sample.MemoryPercent) || !double.IsFinite(sample.NetworkRxBytesPerSec) || !double.IsFinite(sample.NetworkTxBytesPerSec))
            {
                return $"data.samples[{i}] holds a value that is not a finite number";
            }

            if (sample.Host is { } host && host != data.Host)
            {
                return $"data.samples[{i}].host '{host}' is not the batch's host '{data.Host}'";
            }
        }

        for (var i = 0; i < data.Events.Count; i++)
        {
            if (data.Events[i] is not { } e || string.IsNullOrWhiteSpace(e.ContainerId) || string.IsNullOrWhiteSpace(e.Action))
            {
                return $"data.events[{i}] has no container_id or no action";
            }
        }

        return null;
    }

    /// <summary>
    /// The sample as stored: the host filled in, percentages to 0.01 and rates to 1 B/s (what <c>docker stats</c>
    /// shows, and what keeps closed segments small: the digits beyond are noise).
    /// </summary>
    public static ContainerSample Normalize(ContainerSample sample, string host)
    {
        var cpu = Math.Round(sample.CpuPercent, 2);
        var memory = Math.Round(sample.MemoryPercent, 2);
        var rx = Math.Round(sample.NetworkRxBytesPerSec);
        var tx = Math.Round(sample.NetworkTxBytesPerSec);
        if (sample.Host == host && cpu == sample.CpuPercent && memory == sample.MemoryPercent && rx == sample.NetworkRxBytesPerSec && tx == sample.NetworkTxBytesPerSec)
        {
            return sample; // already as stored: no copy
        }

        return sample with { Host = host, CpuPercent = cpu, MemoryPercent = memory, NetworkRxBytesPerSec = rx, NetworkTxBytesPerSec = tx };
    }
}
