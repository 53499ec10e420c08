using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;

namespace WakeDock.Functions.Hosting;

/// <summary>An HTTP-triggered function: its name (that of the endpoint it answers with), route, methods and method.</summary>
public sealed record HttpFunction(string Name, string Route, IReadOnlyList<string> Methods, MethodInfo Method);

/// <summary>
/// The embedded host's routing of the HTTP-triggered functions: each function's route (as its trigger declares it to the
/// Functions host; the tests hold the two equal under the default settings) calls the function, with the metadata of the endpoint it answers with, so that the host's middleware
/// (keys, roles, rate limits, size limits, CORS) and OpenAPI treat it as they treat any endpoint.
/// </summary>
public static class HttpFunctionRoutes
{
    public static IReadOnlyList<HttpFunction> All { get; } = Discover(typeof(HttpFunctionRoutes).Assembly);

    public static IReadOnlyList<HttpFunction> Discover(Assembly assembly)
        => [.. from type in assembly.GetTypes()
               from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
               let function = method.GetCustomAttribute<FunctionAttribute>()
               where function is not null
               let trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).SingleOrDefault(t => t is not null)
               where trigger is not null
               select new HttpFunction(function.Name, trigger.Route ?? function.Name, [.. (trigger.Methods ?? []).Select(m => m.ToUpperInvariant())], method)];

    public static WebApplication MapHttpFunctions(this WebApplication app)
    {
        var api = app.Services.GetRequiredService<HttpApi>();
        foreach (var function in All)
        {
            // a function whose endpoint this configuration does not serve (negotiate without Azure SignalR Service)
            if (!api.Endpoints.TryGetValue(function.Name, out var endpoint))
            {
                continue;
            }

            // at the endpoint's route: the function's own unless a setting moved it (WakeDock:Observability:MetricsPath)
            var invoke = Invoker(function);
            app.MapMethods(endpoint.RoutePattern.RawText!, function.Methods, invoke)
                .WithMetadata([.. endpoint.Metadata])
                .WithDisplayName(endpoint.DisplayName ?? function.Name);
        }

        return app;
    }

    private static RequestDelegate Invoker(HttpFunction function)
    {
        var create = ActivatorUtilities.CreateFactory(function.Method.DeclaringType!, []);
        // the arguments' binders, found once rather than on every request
        var binders = function.Method.GetParameters().Select(Binder).ToArray();
        return async context =>
        {
            var instance = create(context.RequestServices, null);
            var arguments = new object[binders.Length];
            for (var i = 0; i < binders.Length; i++)
            {
                arguments[i] = binders[i](context);
            }

            var result = await (Task<IActionResult>)function.Method.Invoke(instance, arguments)!;
            await result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
        };

        Func<HttpContext, object> Binder(ParameterInfo parameter)
            => parameter.ParameterType == typeof(HttpRequest) ? context => context.Request
                : parameter.ParameterType == typeof(CancellationToken) ? context => context.RequestAborted
                : throw new InvalidOperationException($"The embedded host cannot bind {parameter.Name} of {function.Name}.");
    }
}
