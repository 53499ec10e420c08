using Microsoft.Extensions.Logging;

namespace WakeDock.EdgeAgent.Docker;

/// <summary>Says once, clearly, when the engine goes away and when it is back, instead of one line per failed call.</summary>
public sealed partial class EngineConnectivity(DockerEngineClient client, ILogger<EngineConnectivity> logger)
{
    private readonly string _endpoint = client.Endpoint.ToString();
    private int _down;

    public bool IsDown => Volatile.Read(ref _down) == 1;

    public void Failed(Exception exception, TimeSpan retryIn)
    {
        if (Interlocked.Exchange(ref _down, 1) == 0)
        {
            LogLost(_endpoint, exception.Message, retryIn.TotalSeconds);
        }
    }

    public void Succeeded()
    {
        if (Interlocked.Exchange(ref _down, 0) == 1)
        {
            LogBack(_endpoint);
        }
    }

    /// <summary>The failures that mean "the engine is not there right now", as opposed to a bug.</summary>
    public static bool IsOutage(Exception exception)
        => exception is DockerUnavailableException or HttpRequestException or IOException or TimeoutException or DockerApiException { StatusCode: >= 500 };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Docker engine unreachable at {Endpoint}: {Reason} Retrying with backoff (first retry in {Seconds:0.#} s).")]
    private partial void LogLost(string endpoint, string reason, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Docker engine reachable again at {Endpoint}")]
    private partial void LogBack(string endpoint);
}
