using WakeDock.Contracts;

namespace WakeDock.Pipeline.Alerts;

/// <summary>What an alert record changes in its episode.</summary>
public enum AlertChange
{
    Fired,
    Escalated,
    Resolved,
}

/// <summary>An alert record as written to <c>alerts_YYYY-MM-DD…jsonl</c>, with what it changed.</summary>
public sealed record AlertRecord(Alert Alert, AlertChange Change);
