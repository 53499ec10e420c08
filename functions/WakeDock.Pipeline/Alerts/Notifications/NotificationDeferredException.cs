namespace WakeDock.Pipeline.Alerts.Notifications;

/// <summary>A delivery that may succeed later (the channel answered 5xx or 429, or an SMTP 4xx): retry it.</summary>
public sealed class NotificationDeferredException(string route, string reason, Exception? inner = null)
    : Exception($"Route {route}: {reason}", inner)
{
    public string Route { get; } = route;
}
