using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WakeDock.Testing.FunctionsHost;

/// <summary>The parts of the app's host.json this host honours, with the real host's defaults.</summary>
public sealed record HostJson(string RoutePrefix, QueuesSettings Queues)
{
    public static HostJson Read(string appDirectory)
    {
        var path = Path.Combine(appDirectory, "host.json");
        if (!File.Exists(path))
        {
            throw new FunctionsHostException($"{path} is missing: a Functions app needs a host.json.");
        }

        var root = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })?.AsObject()
            ?? throw new FunctionsHostException($"{path} is not a JSON object.");
        var extensions = Child(root, "extensions");
        var http = extensions is null ? null : Child(extensions, "http");
        var queues = extensions is null ? null : Child(extensions, "queues");
        return new HostJson(
            (http is null ? null : Value(http, "routePrefix")) ?? "api",
            new QueuesSettings(
                MaxDequeueCount: Number(queues, "maxDequeueCount") ?? 5,
                BatchSize: Number(queues, "batchSize") ?? 16,
                VisibilityTimeout: Duration(queues, "visibilityTimeout") ?? TimeSpan.Zero,
                MaxPollingInterval: Duration(queues, "maxPollingInterval") ?? TimeSpan.FromMinutes(1),
                MessageEncoding: (queues is null ? null : Value(queues, "messageEncoding")) ?? "base64"));
    }

    private static JsonObject? Child(JsonObject parent, string name)
        => parent.FirstOrDefault(pair => string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase)).Value as JsonObject;

    private static string? Value(JsonObject parent, string name)
        => parent.FirstOrDefault(pair => string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.ToString();

    private static int? Number(JsonObject? parent, string name)
        => parent is not null && Value(parent, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : null;

    private static TimeSpan? Duration(JsonObject? parent, string name)
        => parent is not null && Value(parent, name) is { } text ? TimeSpan.Parse(text, CultureInfo.InvariantCulture) : null;
}

/// <summary>host.json's <c>extensions.queues</c>.</summary>
public sealed record QueuesSettings(int MaxDequeueCount, int BatchSize, TimeSpan VisibilityTimeout, TimeSpan MaxPollingInterval, string MessageEncoding)
{
    public bool Base64 => string.Equals(MessageEncoding, "base64", StringComparison.OrdinalIgnoreCase);
}
