using Microsoft.Extensions.Options;
using WakeDock.EdgeAgent.Docker;

namespace WakeDock.EdgeAgent.Configuration;

/// <summary>Refuses to start on settings that cannot work, saying which setting and why.</summary>
public sealed class AgentOptionsValidator : IValidateOptions<AgentOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentOptions options)
    {
        var errors = new List<string>();
        if (!(options.IntervalSeconds is >= 0.1 and <= 3600))
        {
            errors.Add($"{AgentEnvironment.MetricsInterval} (WakeDock:Agent:IntervalSeconds) must be a number of seconds from 0.1 to 3600.");
        }

        if (string.IsNullOrWhiteSpace(options.HostName))
        {
            errors.Add($"{AgentEnvironment.HostName} (WakeDock:Agent:HostName) must not be empty.");
        }

        try
        {
            DockerEndpoint.Parse(options.DockerHost);
        }
        catch (FormatException e)
        {
            errors.Add(e.Message);
        }

        if (options.Concurrency is < 1 or > 1024)
        {
            errors.Add("WakeDock:Agent:Concurrency must be from 1 to 1024.");
        }

        if (options.DockerTimeoutSeconds <= 0 || options.ReconcileSeconds <= 0)
        {
            errors.Add("WakeDock:Agent:DockerTimeoutSeconds and ReconcileSeconds must be positive.");
        }

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            errors.Add("WakeDock:Agent:DataDirectory must be set.");
        }

        var publisher = options.Publisher;
        if (publisher.Target is PublisherTarget.Dapr or PublisherTarget.DaprQueueBinding && publisher.DaprHttpPort is < 1 or > 65535)
        {
            errors.Add($"{AgentEnvironment.DaprHttpPort} (WakeDock:Agent:Publisher:DaprHttpPort) must be a TCP port.");
        }

        if (publisher.Target == PublisherTarget.DaprGrpc && publisher.DaprGrpcPort is < 1 or > 65535)
        {
            errors.Add($"{AgentEnvironment.DaprGrpcPort} (WakeDock:Agent:Publisher:DaprGrpcPort) must be a TCP port.");
        }

        if (publisher.Target == PublisherTarget.Http
            && !(Uri.TryCreate(publisher.IngestUrl, UriKind.Absolute, out var ingest) && ingest.Scheme is "http" or "https"))
        {
            errors.Add("WakeDock:Agent:Publisher:IngestUrl must be an absolute http(s) URL when the target is Http.");
        }

        if (string.IsNullOrWhiteSpace(publisher.PubSubName) || string.IsNullOrWhiteSpace(publisher.Topic) || publisher.TimeoutSeconds <= 0)
        {
            errors.Add("WakeDock:Agent:Publisher needs a PubSubName, a Topic and a positive TimeoutSeconds.");
        }

        var spool = options.Spool;
        if (spool.MaxBytes < 64 * 1024)
        {
            errors.Add("WakeDock:Agent:Spool:MaxBytes must be at least 65536.");
        }

        if (spool.InitialBackoffSeconds <= 0 || spool.MaxBackoffSeconds < spool.InitialBackoffSeconds)
        {
            errors.Add("WakeDock:Agent:Spool backoff: 0 < InitialBackoffSeconds <= MaxBackoffSeconds.");
        }

        if (options.Logs.MaxLines < 1 || options.Logs.MaxBytes < 1024 || options.Logs.DefaultTail < 0)
        {
            errors.Add("WakeDock:Agent:Logs: MaxLines >= 1, MaxBytes >= 1024, DefaultTail >= 0.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
