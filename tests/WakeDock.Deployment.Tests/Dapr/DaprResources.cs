using System.Globalization;
using WakeDock.Contracts;
using WakeDock.Deployment.Tests.Support;
using WakeDock.Functions.Triggers;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Storage.Azure;
using WakeDock.Pipeline.Triggers;
using WakeDock.Testing;
using YamlDotNet.RepresentationModel;

namespace WakeDock.Deployment.Tests.Dapr;

/// <summary>One Dapr resource file (Component, Configuration or Resiliency).</summary>
internal sealed record DaprResource(string File, YamlMappingNode Document)
{
    public string Kind => Document.Text("kind") ?? "";

    public string Name => Document.Text("metadata", "name") ?? "";

    public string Type => Document.Text("spec", "type") ?? "";

    public IReadOnlyList<string> Scopes => Document.Texts("scopes");

    /// <summary>The component's metadata items by name: a plain value, or the secret a <c>secretKeyRef</c> names.</summary>
    public IReadOnlyDictionary<string, (string? Value, string? Secret)> Metadata
        => Document.Items("spec", "metadata").ToDictionary(
            item => item.Text("name") ?? "",
            item => (item.Text("value"), item.Text("secretKeyRef", "name")));

    public static IReadOnlyList<DaprResource> LoadFolder(string folder)
        => [.. Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal).Select(f => new DaprResource(f, Yaml.LoadFile(f)))];
}

/// <summary>
/// The checks that tie <c>dapr/</c> to the code: component, topic, binding and app names from
/// <see cref="PipelineNames"/> and <see cref="TriggerTable"/>, schedules, scopes, secrets and resiliency targets.
/// Each method returns the problems found, so a test can also show that a drifted file is caught.
/// </summary>
internal static class DaprResourceCheck
{
    public static IReadOnlyList<string> Components(string folder, string expectedPubSubType)
    {
        var problems = new List<string>();
        var resources = DaprResource.LoadFolder(folder);
        problems.AddRange(resources.Where(r => r.Kind != "Component").Select(r => $"{r.File}: kind {r.Kind}, not Component"));

        var pubsubs = resources.Where(r => r.Type.StartsWith("pubsub.", StringComparison.Ordinal)).ToList();
        if (pubsubs is not [var pubsub])
        {
            problems.Add($"{folder}: {pubsubs.Count} pub/sub components, expected one");
        }
        else
        {
            Expect(problems, pubsub.Name, PipelineNames.PubSub, $"{pubsub.File}: pub/sub name");
            Expect(problems, pubsub.Type, expectedPubSubType, $"{pubsub.File}: pub/sub type");
            if (pubsub.Metadata.ContainsKey("consumerID"))
            {
                problems.Add($"{pubsub.File}: consumerID is set; the app id default gives the functions one group and each agent its own");
            }
        }

        var crons = resources.Where(r => r.Type == "bindings.cron").ToDictionary(r => r.Name, StringComparer.Ordinal);
        foreach (var timer in TriggerTable.Timers)
        {
            if (!crons.Remove(timer.DaprBinding!, out var cron))
            {
                problems.Add($"{folder}: no cron binding {timer.DaprBinding} for the {timer.Function} timer");
                continue;
            }

            Expect(problems, "/" + cron.Name, timer.Route, $"{cron.File}: the route daprd POSTs to");
            Expect(problems, cron.Metadata.GetValueOrDefault("schedule").Value, timer.Schedule, $"{cron.File}: schedule of {timer.Function}");
            Expect(problems, cron.Metadata.GetValueOrDefault("direction").Value, "input", $"{cron.File}: direction");
            Expect(problems, string.Join(",", cron.Scopes), PipelineNames.FunctionsAppId, $"{cron.File}: scopes");
        }

        problems.AddRange(crons.Values.Select(c => $"{c.File}: cron binding {c.Name} runs no timer of the trigger table"));
        problems.AddRange(Bindings(folder, resources));

        var stores = resources.Where(r => r.Type.StartsWith("secretstores.", StringComparison.Ordinal)).Select(r => r.Name).ToHashSet();
        foreach (var resource in resources)
        {
            var secrets = resource.Metadata.Values.Where(m => m.Secret is not null).ToList();
            var store = resource.Document.Text("auth", "secretStore");
            if (secrets.Count > 0 && (store is null || !stores.Contains(store)))
            {
                problems.Add($"{resource.File}: refers to secrets but its auth.secretStore '{store}' is not a secret store of the folder");
            }
        }

        return problems;
    }

    /// <summary>
    /// The agents' output bindings: the storage queue the Functions app's queue trigger reads (its message text as
    /// is: host.json's messageEncoding is none), and the claim-check blobs in the container the ingest reads them from.
    /// </summary>
    private static List<string> Bindings(string folder, IReadOnlyList<DaprResource> resources)
    {
        var problems = new List<string>();
        var queue = resources.SingleOrDefault(r => r.Type == "bindings.azure.storagequeues");
        var blob = resources.SingleOrDefault(r => r.Type == "bindings.azure.blobstorage");
        if (queue is null || blob is null)
        {
            problems.Add($"{folder}: no storage-queue or blob output binding for the agents");
            return problems;
        }

        var messageEncoding = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(RepoFiles.PathOf("functions/WakeDock.Functions/host.json")))!["extensions"]!["queues"]!["messageEncoding"]!.ToString();
        Expect(problems, queue.Name, PipelineNames.SamplesQueueBinding, $"{queue.File}: binding name");
        Expect(problems, queue.Metadata.GetValueOrDefault("queueName").Value, PipelineNames.SamplesQueue, $"{queue.File}: queueName");
        Expect(problems, queue.Metadata.GetValueOrDefault("encodeBase64").Value, messageEncoding == "base64" ? "true" : "false", $"{queue.File}: encodeBase64 (host.json messageEncoding {messageEncoding})");
        Expect(problems, blob.Name, PipelineNames.ClaimCheckBinding, $"{blob.File}: binding name");
        Expect(problems, blob.Metadata.GetValueOrDefault("containerName").Value, new BlobStorageOptions().Container, $"{blob.File}: containerName");
        foreach (var binding in new[] { queue, blob })
        {
            Expect(problems, binding.Metadata.GetValueOrDefault("direction").Value, "output", $"{binding.File}: direction");
            if (binding.Metadata.GetValueOrDefault("accountKey").Secret is null)
            {
                problems.Add($"{binding.File}: accountKey is not read from the secret store");
            }
        }

        return problems;
    }

    /// <summary>The declarative subscriptions against the app's own <c>GET /dapr/subscribe</c> answer (its default options).</summary>
    public static IReadOnlyList<string> Subscriptions(string folder)
    {
        var problems = new List<string>();
        var resources = DaprResource.LoadFolder(folder);
        var declared = resources.ToDictionary(r => r.Document.Text("spec", "topic") ?? "", StringComparer.Ordinal);
        foreach (var trigger in TriggerTable.Topics)
        {
            // what the app declares on the route with Dapr.AspNetCore and answers on /dapr/subscribe
            var expected = IngestEndpoints.TopicOf(trigger.Function);
            var bulk = trigger.Function == TriggerTable.IngestSamples ? IngestEndpoints.BulkOf(new IngestOptions()) : null;
            if (!declared.Remove(expected.Name, out var subscription))
            {
                problems.Add($"{folder}: no subscription to the topic {expected.Name}");
                continue;
            }

            var document = subscription.Document;
            Expect(problems, document.Text("apiVersion"), "dapr.io/v2alpha1", $"{subscription.File}: apiVersion");
            Expect(problems, subscription.Kind, "Subscription", $"{subscription.File}: kind");
            Expect(problems, document.Text("spec", "pubsubname"), expected.PubsubName, $"{subscription.File}: pubsubname");
            Expect(problems, document.Text("spec", "routes", "default"), trigger.Route, $"{subscription.File}: route");
            Expect(problems, document.Text("spec", "deadLetterTopic"), expected.DeadLetterTopic, $"{subscription.File}: deadLetterTopic");
            Expect(problems, document.Text("spec", "bulkSubscribe", "enabled"), bulk is null ? null : "true", $"{subscription.File}: bulkSubscribe.enabled");
            Expect(problems, document.Text("spec", "bulkSubscribe", "maxMessagesCount"), bulk?.MaxMessagesCount.ToString(CultureInfo.InvariantCulture), $"{subscription.File}: bulkSubscribe.maxMessagesCount");
            Expect(problems, document.Text("spec", "bulkSubscribe", "maxAwaitDurationMs"), bulk?.MaxAwaitDurationMs.ToString(CultureInfo.InvariantCulture), $"{subscription.File}: bulkSubscribe.maxAwaitDurationMs");
            Expect(problems, string.Join(",", subscription.Scopes), PipelineNames.FunctionsAppId, $"{subscription.File}: scopes");
        }

        problems.AddRange(declared.Values.Select(d => $"{d.File}: a subscription the app does not declare"));
        return problems;
    }

    public static IReadOnlyList<string> Resiliency(string file)
    {
        var problems = new List<string>();
        var resiliency = Yaml.LoadFile(file);
        Expect(problems, resiliency.Text("kind"), "Resiliency", $"{file}: kind");
        var policies = resiliency.Map("spec", "policies");
        var components = resiliency.Entries("spec", "targets", "components").ToDictionary(e => e.Key, e => e.Value);
        if (!components.TryGetValue(PipelineNames.PubSub, out var pubsub))
        {
            problems.Add($"{file}: no target for the pub/sub component {PipelineNames.PubSub}");
            return problems;
        }

        var inboundRetry = pubsub.Text("inbound", "retry");
        var retry = inboundRetry is null ? null : policies.At("retries", inboundRetry);
        if (retry is null)
        {
            problems.Add($"{file}: deliveries to the ingest route have no retry policy");
        }
        else
        {
            Expect(problems, retry.Text("policy"), "exponential", $"{file}: ingest retry policy");
        }

        if (pubsub.Text("inbound", "circuitBreaker") is not { } breaker || policies.At("circuitBreakers", breaker) is null)
        {
            problems.Add($"{file}: deliveries to the ingest route have no circuit breaker");
        }

        foreach (var (target, node) in components.Select(c => (c.Key, c.Value)).Concat(resiliency.Entries("spec", "targets", "apps")))
        {
            foreach (var direction in new[] { "inbound", "outbound", "" })
            {
                var rules = direction.Length == 0 ? node : node.At(direction);
                foreach (var (kind, section) in new[] { ("retry", "retries"), ("timeout", "timeouts"), ("circuitBreaker", "circuitBreakers") })
                {
                    if (rules?.Text(kind) is { } name && policies.At(section, name) is null)
                    {
                        problems.Add($"{file}: {target} {direction} names {kind} policy '{name}', which is not defined");
                    }
                }
            }
        }

        var apps = resiliency.Entries("spec", "targets", "apps").Select(e => e.Key).ToList();
        problems.AddRange(apps.Where(a => a != PipelineNames.FunctionsAppId && !a.StartsWith(PipelineNames.AgentAppIdPrefix, StringComparison.Ordinal))
            .Select(a => $"{file}: app target {a} is no WakeDock app id"));
        return problems;
    }

    private static void Expect(List<string> problems, string? actual, string? expected, string what)
    {
        if (!string.Equals(actual, expected, StringComparison.Ordinal))
        {
            problems.Add($"{what} is '{actual}', the code says '{expected}'");
        }
    }
}
