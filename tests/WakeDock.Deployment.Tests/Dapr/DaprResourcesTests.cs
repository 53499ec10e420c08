using WakeDock.Deployment.Tests.Support;
using WakeDock.Testing;

namespace WakeDock.Deployment.Tests.Dapr;

public sealed class DaprResourcesTests
{
    [Theory]
    [InlineData("dapr/components/local", "pubsub.redis")]
    [InlineData("dapr/components/azure", "pubsub.azure.servicebus.topics")]
    public void ComponentsUseTheNamesAndSchedulesOfTheCode(string folder, string pubSubType)
        => Assert.Empty(DaprResourceCheck.Components(RepoFiles.PathOf(folder), pubSubType));

    [Fact]
    public void TheDeclarativeSubscriptionsAreThoseTheAppAnswersOnDaprSubscribe()
        => Assert.Empty(DaprResourceCheck.Subscriptions(RepoFiles.PathOf("dapr/subscriptions")));

    [Fact]
    public void ADriftedQueueNameDeadLetterTopicOrBulkSizeIsReported()
    {
        var copy = TempFolder.Create("dapr");
        try
        {
            foreach (var folder in new[] { "components/local", "subscriptions" })
            {
                Directory.CreateDirectory(Path.Combine(copy, folder));
                foreach (var file in Directory.GetFiles(RepoFiles.PathOf($"dapr/{folder}")))
                {
                    File.WriteAllText(Path.Combine(copy, folder, Path.GetFileName(file)), File.ReadAllText(file)
                        .Replace("value: wakedock-samples\n", "value: wakedock-batches\n", StringComparison.Ordinal)
                        .Replace("deadLetterTopic: samples-deadletter", "deadLetterTopic: poison", StringComparison.Ordinal)
                        .Replace("maxMessagesCount: 100", "maxMessagesCount: 10", StringComparison.Ordinal));
                }
            }

            var components = DaprResourceCheck.Components(Path.Combine(copy, "components/local"), "pubsub.redis");
            var subscriptions = DaprResourceCheck.Subscriptions(Path.Combine(copy, "subscriptions"));

            Assert.Contains(components, p => p.EndsWith("queueName is 'wakedock-batches', the code says 'wakedock-samples'", StringComparison.Ordinal));
            Assert.Contains(subscriptions, p => p.EndsWith("deadLetterTopic is 'poison', the code says 'samples-deadletter'", StringComparison.Ordinal));
            Assert.Contains(subscriptions, p => p.EndsWith("bulkSubscribe.maxMessagesCount is '10', the code says '100'", StringComparison.Ordinal));
        }
        finally
        {
            TempFolder.Delete(copy);
        }
    }

    [Fact]
    public void ResiliencyRetriesAndBreaksDeliveriesToTheIngestRoute()
        => Assert.Empty(DaprResourceCheck.Resiliency(RepoFiles.PathOf("dapr/resiliency/resiliency.yaml")));

    [Fact]
    public void ADriftedBindingNameAndScheduleAreReported()
    {
        var copy = TempFolder.Create("dapr");
        try
        {
            foreach (var file in Directory.GetFiles(RepoFiles.PathOf("dapr/components/local")))
            {
                File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
            }

            var rollup = Path.Combine(copy, "cron-rollup.yaml");
            File.WriteAllText(rollup, File.ReadAllText(rollup).Replace("name: wakedock-rollup", "name: wakedock-rollups").Replace("0 */5 * * * *", "0 */10 * * * *"));
            var sweep = Path.Combine(copy, "cron-alert-sweep.yaml");
            File.WriteAllText(sweep, File.ReadAllText(sweep).Replace("*/15 * * * * *", "*/30 * * * * *"));

            var problems = DaprResourceCheck.Components(copy, "pubsub.redis");

            Assert.Contains(problems, p => p.Contains("no cron binding wakedock-rollup for the rollup timer"));
            Assert.Contains(problems, p => p.Contains("cron binding wakedock-rollups runs no timer"));
            Assert.Contains(problems, p => p.Contains("schedule of alert-sweep is '*/30 * * * * *', the code says '*/15 * * * * *'"));
        }
        finally
        {
            TempFolder.Delete(copy);
        }
    }

    [Fact]
    public void TheConfigurationTracesToOtlpAndOnlyOpensTheApisWakeDockCalls()
    {
        var config = Yaml.LoadFile(RepoFiles.PathOf("dapr/config.yaml"));

        Assert.Equal("Configuration", config.Text("kind"));
        Assert.Equal("1", config.Text("spec", "tracing", "samplingRate"));
        Assert.Equal("otel-collector:4317", config.Text("spec", "tracing", "otel", "endpointAddress"));
        Assert.Equal("grpc", config.Text("spec", "tracing", "otel", "protocol"));
        var allowed = config.Items("spec", "api", "allowed").Select(a => $"{a.Text("protocol")}:{a.Text("name")}/{a.Text("version")}").Order().ToList();
        // a gRPC rule is what makes daprd check gRPC calls at all: both protocols are listed
        Assert.Equal(["grpc:publish/v1", "grpc:subscribe/v1alpha1", "http:bindings/v1.0", "http:invoke/v1.0", "http:metadata/v1.0", "http:publish/v1.0", "http:publish/v1.0-alpha1"], allowed);

        var referenced = new[] { "local", "azure" }
            .SelectMany(env => DaprResource.LoadFolder(RepoFiles.PathOf($"dapr/components/{env}")))
            .SelectMany(r => r.Metadata.Values.Select(m => m.Secret).OfType<string>())
            .ToHashSet();
        var scope = config.Items("spec", "secrets", "scopes").Single();
        Assert.Equal("deny", scope.Text("defaultAccess"));
        Assert.Equal(referenced.Order(), scope.Texts("allowedSecrets").Order());
    }
}
