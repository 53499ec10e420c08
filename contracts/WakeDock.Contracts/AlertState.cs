using System.Text.Json.Serialization;

namespace WakeDock.Contracts;

/// <summary>Where an alert's episode stands.</summary>
public enum AlertState
{
    /// <summary>The condition holds.</summary>
    [JsonStringEnumMemberName("firing")] Firing,

    /// <summary>The condition has cleared; the record closes the episode.</summary>
    [JsonStringEnumMemberName("resolved")] Resolved,
}
