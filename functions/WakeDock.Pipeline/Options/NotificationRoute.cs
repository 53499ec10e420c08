using WakeDock.Contracts;

namespace WakeDock.Pipeline.Options;

/// <summary>Where a route delivers, and in which shape.</summary>
public enum ChannelKind
{
    /// <summary>The alert record as JSON, plus <c>change</c>.</summary>
    Webhook,
    Slack,
    Teams,
    Discord,
    Ntfy,
    Email,
}

/// <summary>One notification route (<c>WakeDock:Alerts:Routes:N</c>): a channel, the lowest level it takes, its quiet hours.</summary>
public sealed class NotificationRoute
{
    public string Name { get; set; } = "";

    public ChannelKind Kind { get; set; } = ChannelKind.Webhook;

    /// <summary>The webhook, Teams workflow, Discord webhook or ntfy topic URL (not for email).</summary>
    public Uri? Url { get; set; }

    /// <summary>Alerts below this level (and their resolutions) are not sent.</summary>
    public AlertLevel MinLevel { get; set; } = AlertLevel.Warning;

    /// <summary>Whether resolutions are sent too.</summary>
    public bool SendResolved { get; set; } = true;

    public QuietHours? QuietHours { get; set; }

    public EmailSettings? Email { get; set; }
}

/// <summary>A daily window (in a time zone) during which only critical alerts go out, or none.</summary>
public sealed class QuietHours
{
    /// <summary>Local time of day the quiet starts, e.g. <c>22:00</c>.</summary>
    public TimeOnly Start { get; set; } = new(22, 0);

    /// <summary>Local time of day it ends, e.g. <c>07:00</c> (the next day when before <see cref="Start"/>).</summary>
    public TimeOnly End { get; set; } = new(7, 0);

    /// <summary>An IANA time zone id; UTC by default.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Critical alerts still go out during quiet hours unless this is false.</summary>
    public bool LetCriticalThrough { get; set; } = true;

    public bool Contains(DateTimeOffset at)
    {
        var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(TimeZone)).DateTime);
        return Start <= End ? local >= Start && local < End : local >= Start || local < End;
    }
}

/// <summary>SMTP delivery of one route.</summary>
public sealed class EmailSettings
{
    public string Host { get; set; } = "localhost";

    public int Port { get; set; } = 25;

    public bool UseSsl { get; set; }

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "wakedock@localhost";

    public IList<string> To { get; } = [];
}
