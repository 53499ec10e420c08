using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing.Patterns;
using WakeDock.Functions.Status;
using WakeDock.Functions.Triggers.Http;

namespace WakeDock.Functions.Hosting;

/// <summary>
/// The HTTP endpoints of the API, built once from the same <c>Map…</c> code in either host, by name. The HTTP-triggered
/// functions hand their request to <see cref="RunAsync"/>: the embedded host has already run the HTTP middleware
/// (observability, problem details, security) around the function's route, which carries the endpoint's metadata; under
/// the Functions host, whose worker pipeline is fixed, the same middleware runs here, around the endpoint.
/// </summary>
public sealed class HttpApi : IHttpEndpoints
{
    private readonly Dictionary<string, RouteEndpoint> _endpoints;
    private readonly RequestDelegate? _middleware;

    public HttpApi(IServiceProvider services, IConfiguration configuration)
    {
        var table = new EndpointTable(services);
        table.MapHttpFunctionEndpoints();
        _endpoints = table.DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IEndpointNameMetadata>() is not null)
            .ToDictionary(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName, StringComparer.Ordinal);
        if (HostMode.IsWorker(configuration))
        {
            var pipeline = new ApplicationBuilder(services);
            pipeline.UseWakeDockHttpMiddleware();
            pipeline.Run(context => context.GetEndpoint()!.RequestDelegate!(context));
            _middleware = pipeline.Build();
        }
    }

    public IReadOnlyDictionary<string, RouteEndpoint> Endpoints => _endpoints;

    public RouteEndpoint Endpoint(string name)
        => _endpoints.TryGetValue(name, out var endpoint) ? endpoint : throw new InvalidOperationException($"No HTTP endpoint is named {name}.");

    public async Task<IActionResult> RunAsync(string name, HttpRequest request)
    {
        var context = request.HttpContext;
        if (!_endpoints.TryGetValue(name, out var endpoint))
        {
            return new NotFoundResult();
        }

        if (_middleware is null)
        {
            await endpoint.RequestDelegate!(context);
        }
        else
        {
            context.SetEndpoint(endpoint);
            await _middleware(context);
        }

        return Answered.Instance;
    }

    /// <summary>The answer is already in the response: nothing left for the Functions worker to write.</summary>
    private sealed class Answered : IActionResult
    {
        public static readonly Answered Instance = new();

        public Task ExecuteResultAsync(ActionContext context) => Task.CompletedTask;
    }

    /// <summary>Somewhere to map endpoints that is not an application: the endpoints are only looked up by name.</summary>
    private sealed class EndpointTable(IServiceProvider services) : IEndpointRouteBuilder
    {
        public IServiceProvider ServiceProvider { get; } = services;

        public ICollection<EndpointDataSource> DataSources { get; } = [];

        public IApplicationBuilder CreateApplicationBuilder() => new ApplicationBuilder(ServiceProvider);
    }
}

/// <summary>What an HTTP-triggered function's route must be: the endpoint's pattern without its leading slash.</summary>
public static class HttpFunctionRoute
{
    public static string Of(RouteEndpoint endpoint) => endpoint.RoutePattern.RawText!.TrimStart('/');

    public static RoutePattern Pattern(string route) => RoutePatternFactory.Parse("/" + route);
}
