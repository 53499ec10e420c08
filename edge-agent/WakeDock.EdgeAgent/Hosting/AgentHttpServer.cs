using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WakeDock.EdgeAgent.Publishing;

namespace WakeDock.EdgeAgent.Hosting;

/// <summary>
/// Carries <see cref="AgentHttpSurface"/> on <see cref="HttpListener"/>: four small routes do not
/// need Kestrel, and leaving ASP.NET Core out keeps the resident agent about 30 MB smaller.
/// Addresses come from <c>--urls</c> / <c>ASPNETCORE_URLS</c> (default <c>http://127.0.0.1:7072</c>).
/// </summary>
public sealed partial class AgentHttpServer(AgentHttpSurface surface, IConfiguration configuration, ILogger<AgentHttpServer> logger) : BackgroundService
{
    public const string DefaultUrls = "http://127.0.0.1:7072";

    private readonly HttpListener _listener = new();

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var urls = configuration["urls"] ?? configuration["ASPNETCORE_URLS"] ?? DefaultUrls;
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // HttpListener names "every address" with a wildcard host.
            _listener.Prefixes.Add(url.Replace("://0.0.0.0:", "://*:", StringComparison.Ordinal).Replace("://[::]:", "://*:", StringComparison.Ordinal).TrimEnd('/') + "/");
        }

        _listener.Start();
        LogListening(urls);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _listener.Stop();
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _listener.Close();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().WaitAsync(stoppingToken);
            }
            catch (Exception e) when (e is OperationCanceledException or HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context, stoppingToken), stoppingToken);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var response = context.Response;
        try
        {
            var answer = await surface.HandleAsync(request.HttpMethod, request.Url?.AbsolutePath ?? "/", request.QueryString,
                request.Headers[DaprPublisher.ApiTokenHeader], request.InputStream, cancellationToken);
            response.StatusCode = answer.StatusCode;
            response.ContentType = answer.ContentType;
            response.ContentLength64 = answer.Body.Length;
            if (request.HttpMethod != "HEAD")
            {
                await response.OutputStream.WriteAsync(answer.Body, cancellationToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(request.HttpMethod, request.Url?.AbsolutePath, e);
            response.StatusCode = 500;
        }
        finally
        {
            response.Close();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent HTTP surface listening on {Urls}")]
    private partial void LogListening(string urls);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private partial void LogFailed(string method, string? path, Exception exception);
}
