using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using WakeDock.EdgeAgent.Diagnostics;

namespace WakeDock.EdgeAgent.Docker;

/// <summary>
/// The Docker Engine API over HTTP on a unix socket or TCP, GET requests only, so that the agent
/// works behind a read-only socket proxy and never changes anything in Docker — except
/// <see cref="PostContainerActionAsync"/>, used only when an operator allowed container actions. The API version is
/// negotiated once from <c>/version</c>: the engine's own, capped at what this client knows.
/// </summary>
public sealed class DockerEngineClient : IDisposable
{
    public static readonly Version MinimumApiVersion = new(1, 41);
    public static readonly Version MaximumApiVersion = new(1, 47);

    private const string EventFilter = """{"type":["container"],"event":["start","stop","die","oom","restart","health_status","destroy"]}""";

    private readonly HttpClient _http;
    private readonly TimeSpan _requestTimeout;
    private readonly AgentMetrics? _metrics;
    private string? _versionPrefix;

    public DockerEngineClient(DockerEndpoint endpoint, TimeSpan requestTimeout, AgentMetrics? metrics = null, int maxConnections = 16)
    {
        Endpoint = endpoint;
        _requestTimeout = requestTimeout;
        _metrics = metrics;
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
        };
        if (endpoint.SocketPath is { } socketPath)
        {
            handler.ConnectCallback = (_, cancellationToken) => ConnectUnixAsync(endpoint, socketPath, cancellationToken);
        }

        _http = new HttpClient(handler)
        {
            BaseAddress = endpoint.HttpBase ?? new Uri("http://docker/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public DockerEndpoint Endpoint { get; }

    /// <summary>The negotiated API version, once a call has succeeded.</summary>
    public string? ApiVersion => _versionPrefix?[2..];

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync("ping", "/_ping", versioned: false, HttpCompletionOption.ResponseContentRead, cancellationToken);
        await EnsureSuccessAsync("_ping", response, cancellationToken);
    }

    public async Task<DockerVersion> GetVersionAsync(CancellationToken cancellationToken)
        => await GetJsonAsync("version", "/version", DockerJsonContext.Default.DockerVersion, versioned: false, cancellationToken)
           ?? throw new DockerApiException("/version", 404, "no version");

    public async Task<DockerInfo> GetInfoAsync(CancellationToken cancellationToken)
        => await GetJsonAsync("info", "/info", DockerJsonContext.Default.DockerInfo, versioned: true, cancellationToken)
           ?? throw new DockerApiException("/info", 404, "no info");

    /// <summary>The running containers.</summary>
    public async Task<IReadOnlyList<DockerContainer>> ListContainersAsync(CancellationToken cancellationToken)
        => await GetJsonAsync("containers", "/containers/json", DockerJsonContext.Default.ListDockerContainer, versioned: true, cancellationToken) ?? [];

    /// <summary>A container's details, or null when it does not exist.</summary>
    public Task<DockerContainerDetails?> InspectContainerAsync(string id, CancellationToken cancellationToken)
        => GetJsonAsync("inspect", $"/containers/{Uri.EscapeDataString(id)}/json", DockerJsonContext.Default.DockerContainerDetails, versioned: true, cancellationToken);

    /// <summary>
    /// One stats reading, answered at once (<c>one-shot</c>): <c>precpu_stats</c> is empty, the caller
    /// keeps the previous reading. Null when the container no longer exists.
    /// </summary>
    public Task<DockerStats?> GetStatsAsync(string id, CancellationToken cancellationToken)
        => GetJsonAsync("stats", $"/containers/{Uri.EscapeDataString(id)}/stats?stream=false&one-shot=true", DockerJsonContext.Default.DockerStats, versioned: true, cancellationToken);

    /// <summary>Container lifecycle events from <paramref name="since"/> (Unix nanoseconds) on, until cancelled or the engine closes the stream.</summary>
    public async IAsyncEnumerable<DockerEvent> StreamEventsAsync(long? since, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = "/events?filters=" + Uri.EscapeDataString(EventFilter);
        if (since is { } nanos)
        {
            query += "&since=" + string.Create(CultureInfo.InvariantCulture, $"{nanos / 1_000_000_000}.{nanos % 1_000_000_000:D9}");
        }

        using var response = await SendAsync("events", query, versioned: true, HttpCompletionOption.ResponseHeadersRead, cancellationToken, timeout: false);
        await EnsureSuccessAsync("/events", response, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(body);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length > 0 && JsonSerializer.Deserialize(line, DockerJsonContext.Default.DockerEvent) is { } dockerEvent)
            {
                yield return dockerEvent;
            }
        }
    }

    /// <summary>The raw log stream of a container (multiplexed unless it has a TTY), or null when it does not exist.</summary>
    public async Task<HttpResponseMessage?> OpenLogsAsync(string id, int tail, DateTimeOffset? since, bool timestamps, CancellationToken cancellationToken)
    {
        var query = string.Create(CultureInfo.InvariantCulture,
            $"/containers/{Uri.EscapeDataString(id)}/logs?stdout=1&stderr=1&tail={tail}&timestamps={(timestamps ? 1 : 0)}");
        if (since is { } from)
        {
            query += string.Create(CultureInfo.InvariantCulture, $"&since={from.ToUnixTimeMilliseconds() / 1000.0:0.000}");
        }

        var response = await SendAsync("logs", query, versioned: true, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            response.Dispose();
            return null;
        }

        try
        {
            await EnsureSuccessAsync("/logs", response, cancellationToken);
        }
        catch
        {
            response.Dispose();
            throw;
        }

        return response;
    }

    /// <summary>
    /// <c>POST /containers/{id}/start|stop|restart</c> (<c>?t=</c> the seconds the engine waits before killing): the one
    /// call that changes anything in Docker, made only for container actions an operator allowed
    /// (<c>WakeDock:Agent:AllowContainerActions</c>). Answers the engine's status: 204 done, 304 already so, 404 no such container.
    /// </summary>
    public async Task<int> PostContainerActionAsync(string id, string action, int? waitSeconds, CancellationToken cancellationToken)
    {
        var path = $"/containers/{Uri.EscapeDataString(id)}/{action}"
                   + (waitSeconds is { } wait ? string.Create(CultureInfo.InvariantCulture, $"?t={wait}") : "");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(_requestTimeout + TimeSpan.FromSeconds(waitSeconds ?? 10));
        var started = Stopwatch.GetTimestamp();
        var failed = true;
        try
        {
            var prefix = await VersionPrefixAsync(limit.Token);
            using var response = await _http.PostAsync(prefix + path, content: null, limit.Token);
            failed = response.StatusCode is not (HttpStatusCode.NoContent or HttpStatusCode.NotModified or HttpStatusCode.NotFound);
            if (failed)
            {
                await EnsureSuccessAsync(path, response, limit.Token);
            }

            return (int)response.StatusCode;
        }
        catch (HttpRequestException e) when (e.InnerException is DockerUnavailableException unavailable)
        {
            throw unavailable;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Docker API {path} did not answer in time at {Endpoint}.");
        }
        finally
        {
            _metrics?.DockerRequest(action, Stopwatch.GetElapsedTime(started), failed);
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<T?> GetJsonAsync<T>(string name, string path, JsonTypeInfo<T> type, bool versioned, CancellationToken cancellationToken)
        where T : class
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_requestTimeout);
        try
        {
            using var response = await SendAsync(name, path, versioned, HttpCompletionOption.ResponseContentRead, timeout.Token, timeout: false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            await EnsureSuccessAsync(path, response, timeout.Token);
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            return await JsonSerializer.DeserializeAsync(body, type, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Docker API {path} did not answer within {_requestTimeout.TotalSeconds:0.#} s at {Endpoint}.");
        }
    }

    private async Task<HttpResponseMessage> SendAsync(string name, string path, bool versioned, HttpCompletionOption completion,
        CancellationToken cancellationToken, bool timeout = true)
    {
        using var limit = timeout ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken) : null;
        limit?.CancelAfter(_requestTimeout);
        var started = Stopwatch.GetTimestamp();
        var failed = true;
        try
        {
            var prefix = versioned ? await VersionPrefixAsync(limit?.Token ?? cancellationToken) : "";
            var response = await _http.GetAsync(prefix + path, completion, limit?.Token ?? cancellationToken);
            failed = !response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.NotFound;
            return response;
        }
        catch (HttpRequestException e) when (e.InnerException is DockerUnavailableException unavailable)
        {
            throw unavailable;
        }
        catch (OperationCanceledException) when (limit is not null && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Docker API {path} did not answer within {_requestTimeout.TotalSeconds:0.#} s at {Endpoint}.");
        }
        finally
        {
            _metrics?.DockerRequest(name, Stopwatch.GetElapsedTime(started), failed);
        }
    }

    private async ValueTask<string> VersionPrefixAsync(CancellationToken cancellationToken)
    {
        if (_versionPrefix is { } known)
        {
            return known;
        }

        var version = await GetVersionAsync(cancellationToken);
        if (!Version.TryParse(version.ApiVersion, out var server))
        {
            throw new DockerApiException("/version", 200, $"unreadable ApiVersion '{version.ApiVersion}'");
        }

        if (server < MinimumApiVersion)
        {
            throw new NotSupportedException(
                $"The Docker engine at {Endpoint} speaks API {server}; WakeDock needs {MinimumApiVersion} or later (Docker Engine 20.10+).");
        }

        var chosen = server < MaximumApiVersion ? server : MaximumApiVersion;
        return _versionPrefix = $"/v{chosen.Major}.{chosen.Minor}";
    }

    private static async Task EnsureSuccessAsync(string path, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new DockerApiException(path, (int)response.StatusCode, body.Trim());
        }
    }

    private static async ValueTask<Stream> ConnectUnixAsync(DockerEndpoint endpoint, string path, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            var reason = DockerUnavailableException.Classify(e);
            if (reason == DockerUnavailableReason.Other && !File.Exists(path))
            {
                reason = DockerUnavailableReason.SocketMissing;
            }

            throw new DockerUnavailableException(endpoint, reason, e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
