using System.Globalization;
using WakeDock.Functions.Http;

namespace WakeDock.Functions.Api;

/// <summary>
/// The window of a query: the last <c>hours</c> (the spec's parameter), or absolute <c>from</c>/<c>to</c>
/// (<c>to</c> alone ends the <c>hours</c> window there), within what the retention still holds.
/// </summary>
public readonly record struct QueryWindow(DateTimeOffset From, DateTimeOffset To)
{
    public TimeSpan Length => To - From;

    /// <param name="retention">How far back the data asked for is kept, and the setting that says so.</param>
    public static QueryWindow Resolve(double? hours, DateTimeOffset? from, DateTimeOffset? to, double defaultHours, (int Days, string Setting) retention, DateTimeOffset now)
    {
        if (hours is not null && from is not null)
        {
            throw ApiProblem.Invalid("hours", "Give either hours or from (with an optional to), not both.");
        }

        var maxHours = retention.Days * 24.0;
        if (hours > maxHours)
        {
            throw ApiProblem.Invalid("hours", string.Create(CultureInfo.InvariantCulture,
                $"hours must be at most {maxHours}: data is kept {retention.Days} days ({retention.Setting})."));
        }

        var end = to ?? now;
        var start = from ?? end - TimeSpan.FromHours(hours ?? defaultHours);
        if (start > end)
        {
            throw ApiProblem.Invalid(to is null ? "from" : "to", "The window ends before it starts: from must not be after to.");
        }

        var oldest = now - TimeSpan.FromDays(retention.Days);
        if (start < oldest)
        {
            var field = from is not null ? "from" : to is not null ? "to" : "hours";
            throw ApiProblem.Invalid(field, string.Create(CultureInfo.InvariantCulture,
                $"The window starts before {oldest:yyyy-MM-ddTHH:mm:ssZ}: data is kept {retention.Days} days ({retention.Setting})."));
        }

        return new QueryWindow(start, end);
    }
}
