using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace WakeDock.EdgeAgent.Configuration;

/// <summary>The environment variables of the spec and of Docker and Dapr, laid over <see cref="AgentOptions"/>.</summary>
public static class AgentEnvironment
{
    public const string MetricsInterval = "WAKEDOCK_METRICS_INTERVAL";
    public const string HostName = "WAKEDOCK_HOST_NAME";
    public const string DockerHost = "DOCKER_HOST";
    public const string DaprHttpPort = "DAPR_HTTP_PORT";
    public const string DaprGrpcPort = "DAPR_GRPC_PORT";
    public const string DaprApiToken = "DAPR_API_TOKEN";
    public const string AppApiToken = "APP_API_TOKEN";

    public static void Apply(AgentOptions options, IConfiguration configuration)
    {
        if (Value(configuration, MetricsInterval) is { } interval)
        {
            options.IntervalSeconds = double.TryParse(interval, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? seconds : double.NaN;
        }

        if (Value(configuration, HostName) is { } host)
        {
            options.HostName = host;
        }

        if (Value(configuration, DockerHost) is { } docker)
        {
            options.DockerHost = docker;
        }

        if (Value(configuration, DaprHttpPort) is { } port)
        {
            options.Publisher.DaprHttpPort = int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : -1;
        }

        if (Value(configuration, DaprGrpcPort) is { } grpcPort)
        {
            options.Publisher.DaprGrpcPort = int.TryParse(grpcPort, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : -1;
        }

        if (Value(configuration, DaprApiToken) is { } token)
        {
            options.Publisher.DaprApiToken = token;
        }

        if (Value(configuration, AppApiToken) is { } appToken)
        {
            options.AppApiToken = appToken;
        }
    }

    private static string? Value(IConfiguration configuration, string name) => configuration[name] is { Length: > 0 } value ? value.Trim() : null;
}
