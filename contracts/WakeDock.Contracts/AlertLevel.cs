using System.Text.Json.Serialization;

namespace WakeDock.Contracts;

/// <summary>How serious an alert is.</summary>
public enum AlertLevel
{
    /// <summary>Above the warning threshold.</summary>
    [JsonStringEnumMemberName("warning")] Warning,

    /// <summary>Above the critical threshold.</summary>
    [JsonStringEnumMemberName("critical")] Critical,
}
