using WakeDock.Contracts;

namespace WakeDock.Pipeline.Predictions;

/// <summary>Raised alerts of one host or service that came within a window of one another: one incident.</summary>
public sealed record Incident(string Key, DateTimeOffset Started, DateTimeOffset LastRaised, AlertLevel Level, IReadOnlyList<Alert> Members);

/// <summary>Groups correlated alerts: same service (or, without one, same host), each member within the window of the previous one.</summary>
public static class Incidents
{
    public static IReadOnlyList<Incident> Group(IEnumerable<Alert> alerts, TimeSpan window)
    {
        var incidents = new List<Incident>();
        foreach (var bySubject in alerts.Where(a => a.State == AlertState.Firing).GroupBy(KeyOf))
        {
            var members = new List<Alert>();
            foreach (var alert in bySubject.OrderBy(a => a.Timestamp))
            {
                if (members.Count > 0 && alert.Timestamp - members[^1].Timestamp > window)
                {
                    incidents.Add(Close(bySubject.Key, members));
                    members = [];
                }

                members.Add(alert);
            }

            incidents.Add(Close(bySubject.Key, members));
        }

        return [.. incidents.OrderByDescending(i => i.LastRaised)];
    }

    private static string KeyOf(Alert a) => a.ServiceName is { Length: > 0 } service ? $"service:{service}" : $"host:{a.Host}";

    private static Incident Close(string key, List<Alert> members)
        => new(key, members[0].Timestamp, members[^1].Timestamp, members.Max(m => m.Level), members);
}
