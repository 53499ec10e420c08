using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Azure.Functions.Worker;
using WakeDock.Pipeline.Triggers;

namespace WakeDock.Deployment.Tests.Support;

/// <summary>
/// The app settings every deployment of the Functions app must give it, read from the code: the Functions host's own
/// (runtime, version, AzureWebJobsStorage), the blob storage kind, and each <c>%setting%</c> that a
/// <c>[QueueTrigger]</c> or <c>[TimerTrigger]</c> names (the host does not index a function whose setting is missing).
/// </summary>
internal static partial class FunctionsAppSettings
{
    public const string WorkerRuntime = "FUNCTIONS_WORKER_RUNTIME";
    public const string ExtensionVersion = "FUNCTIONS_EXTENSION_VERSION";
    public const string Storage = "AzureWebJobsStorage";

    /// <summary>The settings the Functions host reads itself (Microsoft's app settings reference).</summary>
    public static IReadOnlySet<string> Host { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        WorkerRuntime, ExtensionVersion, Storage, "AzureWebJobsScriptRoot", "AzureFunctionsJobHost__Logging__Console__IsEnabled",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
    };

    /// <summary>Each <c>%setting%</c> of a trigger attribute of a <c>[Function]</c> method.</summary>
    public static IReadOnlyList<string> TriggerSettings { get; } =
    [
        .. typeof(WakeDock.Functions.Hosting.FunctionsWorkerHost).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .SelectMany(m => m.GetParameters())
            .Select(p => p.GetCustomAttribute<QueueTriggerAttribute>()?.QueueName ?? p.GetCustomAttribute<TimerTriggerAttribute>()?.Schedule)
            .OfType<string>()
            .Select(value => Percent().Match(value))
            .Where(match => match.Success)
            .Select(match => match.Groups[1].Value)
            .Distinct()
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>The timer settings and their defaults in the trigger table.</summary>
    public static IReadOnlyList<(string Setting, string Schedule)> Schedules { get; } =
        [.. TriggerTable.Timers.Select(t => (t.ScheduleSetting!, t.Schedule!))];

    public static IReadOnlyList<string> Required { get; } = [WorkerRuntime, ExtensionVersion, Storage, "WAKEDOCK_STORAGE", .. TriggerSettings];

    /// <summary>The required settings that <paramref name="given"/> lacks.</summary>
    public static IReadOnlyList<string> Missing(IEnumerable<string> given) => [.. Required.Except(given, StringComparer.Ordinal)];

    [GeneratedRegex("^%([A-Za-z0-9_]+)%$")]
    private static partial Regex Percent();
}
