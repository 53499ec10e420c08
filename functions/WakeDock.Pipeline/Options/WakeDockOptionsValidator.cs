using Microsoft.Extensions.Options;

namespace WakeDock.Pipeline.Options;

/// <summary>Refuses to start on settings that cannot work, naming the setting.</summary>
public sealed class WakeDockOptionsValidator : IValidateOptions<WakeDockOptions>
{
    public ValidateOptionsResult Validate(string? name, WakeDockOptions options)
    {
        var failures = new List<string>();
        void Check(bool ok, string message)
        {
            if (!ok)
            {
                failures.Add(message);
            }
        }

        Check(options.Collection.IntervalSeconds > 0, "WakeDock:Collection:IntervalSeconds (WAKEDOCK_METRICS_INTERVAL) must be positive.");
        Check(options.Retention.MetricsDays >= 1, "WakeDock:Retention:MetricsDays (WAKEDOCK_METRICS_RETENTION_DAYS) must be at least 1.");
        Check(options.Retention.AlertsDays >= 1, "WakeDock:Retention:AlertsDays (WAKEDOCK_ALERTS_RETENTION_DAYS) must be at least 1.");
        Check(options.Retention.MinuteTierDays >= 1 && options.Retention.QuarterTierDays >= 1 && options.Retention.HourTierDays >= 1 && options.Retention.DeadLetterDays >= 1, "WakeDock:Retention tier and dead-letter days must be at least 1.");
        Check(options.Storage.SegmentBytes >= 64 * 1024, "WakeDock:Storage:SegmentBytes must be at least 64 KiB.");
        Check(options.Storage.HotWindow >= TimeSpan.FromMinutes(10), "WakeDock:Storage:HotWindow must be at least 10 minutes.");
        Check(options.Storage.Kind != StorageKind.Local || !string.IsNullOrWhiteSpace(options.Storage.Path), "WakeDock:Storage:Path (WAKEDOCK_METRICS_STORAGE_PATH) must be set for local storage.");
        Check(options.Storage.WriterId is null || options.Storage.WriterId.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'), "WakeDock:Storage:WriterId may hold lower-case letters, digits and dashes only.");
        Check(options.ScaleOut.LeaseDuration >= TimeSpan.FromSeconds(15) && options.ScaleOut.LeaseDuration <= TimeSpan.FromSeconds(60), "WakeDock:ScaleOut:LeaseDuration must be within [15 s, 60 s] (the range of an Azure blob lease).");
        Check(options.ScaleOut.FollowInterval > TimeSpan.Zero && options.ScaleOut.IdleRelease > TimeSpan.Zero && options.ScaleOut.OwnershipWait >= TimeSpan.Zero, "WakeDock:ScaleOut:FollowInterval and IdleRelease must be positive, OwnershipWait not negative.");
        Check(!options.ScaleOut.Enabled || !string.IsNullOrEmpty(options.Storage.WriterId), "WakeDock:ScaleOut:Enabled needs WakeDock:Storage:WriterId (set from the instance's name when the platform gives one).");
        var t = options.Thresholds;
        foreach (var (setting, pair) in new[] { ("CpuPercent", t.CpuPercent), ("MemoryPercent", t.MemoryPercent), ("NetworkRx", t.NetworkRx), ("NetworkTx", t.NetworkTx), ("ContainerRestartLoop", t.ContainerRestartLoop), ("HostSilent", t.HostSilent) })
        {
            Check(pair.Warning > 0 && pair.Warning < pair.Critical, $"WakeDock:Thresholds:{setting}: the warning level ({pair.Warning}) must be positive and below the critical level ({pair.Critical}).");
        }

        Check(t.HysteresisPercent is >= 0 and < 100, "WakeDock:Thresholds:HysteresisPercent must be within [0, 100).");
        Check(t.ForSeconds is >= 0 and <= 86400, "WakeDock:Thresholds:ForSeconds must be within [0, 86400].");
        Check(options.Alerts.Cooldown >= TimeSpan.Zero && options.Alerts.Cooldown <= TimeSpan.FromDays(1), "WakeDock:Alerts:Cooldown must be within [0, 1 day].");
        Check(options.Ingest.MaxBatchBytes >= 1024, "WakeDock:Ingest:MaxBatchBytes must be at least 1024.");
        Check(options.Alerts.Webhooks.MaxAttempts >= 1, "WakeDock:Alerts:Webhooks:MaxAttempts must be at least 1.");
        foreach (var url in options.Alerts.Webhooks.Urls)
        {
            Check(url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp), $"WakeDock:Alerts:Webhooks:Urls: {url} is not an http(s) URL.");
            Check(url.IsAbsoluteUri && options.Alerts.Webhooks.AllowedHosts.Contains(url.Host, StringComparer.OrdinalIgnoreCase), $"WakeDock:Alerts:Webhooks:Urls: the host of {url} is not in WakeDock:Alerts:Webhooks:AllowedHosts.");
        }

        foreach (var route in options.Alerts.Routes)
        {
            Check(route.Name.Length > 0 && options.Alerts.Routes.Count(r => r.Name == route.Name) == 1, $"WakeDock:Alerts:Routes: every route needs a unique Name ('{route.Name}').");
            if (route.Kind == ChannelKind.Email)
            {
                Check(route.Email is { To.Count: > 0 }, $"WakeDock:Alerts:Routes: the email route '{route.Name}' needs Email:To.");
            }
            else
            {
                Check(route.Url is { IsAbsoluteUri: true } u && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp)
                    && options.Alerts.Webhooks.AllowedHosts.Contains(u.Host, StringComparer.OrdinalIgnoreCase),
                    $"WakeDock:Alerts:Routes: the route '{route.Name}' needs an http(s) Url on a host in WakeDock:Alerts:Webhooks:AllowedHosts.");
            }

            Check(route.QuietHours is null || TimeZoneInfo.TryFindSystemTimeZoneById(route.QuietHours.TimeZone, out _), $"WakeDock:Alerts:Routes: the quiet hours of '{route.Name}' name an unknown time zone.");
        }

        foreach (var (function, schedule) in options.Timers.Schedules)
        {
            Check(NCrontab.CrontabSchedule.TryParse(schedule, new NCrontab.CrontabSchedule.ParseOptions { IncludingSeconds = true }) is not null,
                $"WakeDock:Timers:Schedules:{function}: '{schedule}' is not a six-field NCRONTAB expression.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
