using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace WakeDock.Testing.FunctionsHost;

/// <summary>
/// The host's HTTP side for a worker with ASP.NET Core integration: each HTTP-triggered function is routed at
/// <c>{routePrefix}/{route}</c> with its methods (ASP.NET Core routing, as in the real host); a matching request is
/// forwarded to the worker's HTTP endpoint with the <see cref="FunctionsTestHost.InvocationIdHeader"/>, the matching
/// InvocationRequest goes over gRPC, and the worker's HTTP answer is the answer — a 500 when the invocation failed.
/// </summary>
internal sealed class HttpFrontDoor : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _toWorker;

    private HttpFrontDoor(WebApplication app, HttpClient toWorker, Uri baseAddress)
    {
        _app = app;
        _toWorker = toWorker;
        BaseAddress = baseAddress;
        Client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = baseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public static async Task<HttpFrontDoor> StartAsync(FunctionsTestHost host, IReadOnlyList<HostedFunction> functions, Uri workerHttp, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRouting();
        var app = builder.Build();
        var toWorker = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = workerHttp,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var prefix = host.HostJson.RoutePrefix.Trim('/');
        foreach (var function in functions)
        {
            var route = (HostedFunction.Text(function.Trigger, "route") ?? function.Name).Trim('/');
            var pattern = prefix.Length == 0 ? route : $"{prefix}/{route}";
            var methods = HostedFunction.Node(function.Trigger, "methods")?.AsArray().Select(method => method!.GetValue<string>().ToUpperInvariant()).ToArray() ?? [];
            var endpoint = app.Map(pattern, context => ServeAsync(host, function, toWorker, context)).WithDisplayName(function.Name);
            if (methods.Length > 0)
            {
                endpoint.WithMetadata(new HttpMethodMetadata(methods));
            }
        }

        await app.StartAsync(cancellationToken);
        var address = new Uri(app.Urls.Single() + "/");
        host.Log.Add("host", $"HTTP functions at {address}, forwarded to the worker at {workerHttp}");
        return new HttpFrontDoor(app, toWorker, address);
    }

    private static async Task ServeAsync(FunctionsTestHost host, HostedFunction function, HttpClient toWorker, HttpContext context)
    {
        var invocationId = Guid.NewGuid().ToString();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        deadline.CancelAfter(host.InvocationTimeout);
        using var forwarded = Forwarded(context.Request, invocationId);
        var forwarding = toWorker.SendAsync(forwarded, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        InvocationResult outcome;
        try
        {
            outcome = await host.InvokeAsync(function, invocationId, TriggerInputs.Http(function, context.Request), deadline.Token);
        }
        catch
        {
            await deadline.CancelAsync();
            await ((Task)forwarding).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        using var answer = await forwarding;
        if (!outcome.Succeeded)
        {
            host.Log.Add("host", $"{function.Name} failed; the worker answered {(int)answer.StatusCode}, the client gets 500 as from the real host");
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }

        context.Response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
        {
            if (!HopByHop.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await answer.Content.CopyToAsync(context.Response.Body, deadline.Token);
    }

    private static HttpRequestMessage Forwarded(HttpRequest request, string invocationId)
    {
        var forwarded = new HttpRequestMessage(new HttpMethod(request.Method), request.PathBase + request.Path + request.QueryString);
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            forwarded.Content = new StreamContent(request.Body);
        }

        foreach (var (name, values) in request.Headers)
        {
            if (HopByHop.Contains(name) || string.Equals(name, FunctionsTestHost.InvocationIdHeader, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!forwarded.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                forwarded.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        forwarded.Headers.TryAddWithoutValidation(FunctionsTestHost.InvocationIdHeader, invocationId);
        return forwarded;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        _toWorker.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
