using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WakeDock.Testing;

/// <summary>What a test changes in the functions host it starts through <see cref="WakeDockApplication"/>.</summary>
public sealed record WakeDockApplicationOptions
{
    /// <summary>
    /// Configuration key-values (<c>WakeDock:Storage:Path</c> …) or the spec's variables (<c>WAKEDOCK_METRICS_INTERVAL</c> …,
    /// mapped as the host maps them); applied in order, the last one of a key wins.
    /// </summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings { get; init; } = [];

    /// <summary>The host's clock (a <c>FakeTimeProvider</c>, or <see cref="ManualTimeProvider"/>); the system clock when null.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>Registrations applied after the host's own (<c>ConfigureTestServices</c>).</summary>
    public Action<IServiceCollection>? Services { get; init; }

    /// <summary>The folder the application owns and deletes with it; a new temporary folder when null.</summary>
    public string? DataPath { get; init; }

    /// <summary>Whether disposing deletes <see cref="DataPath"/> (false to restart another host on the same folder).</summary>
    public bool DeleteDataPath { get; init; } = true;

    /// <summary>The hosting environment.</summary>
    public string Environment { get; init; } = "Development";

    /// <summary>The lowest level captured into <see cref="WakeDockApplication.Logs"/> (and so of the whole host); the host's own setting when null.</summary>
    public LogLevel? MinimumLogLevel { get; init; }
}
