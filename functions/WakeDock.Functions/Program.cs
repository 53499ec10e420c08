using Microsoft.Extensions.Options;
using WakeDock.EdgeAgent.Cli;
using WakeDock.Functions.Hosting;

if (args.Contains(HealthCheckCommand.Flag))
{
    // The container image's HEALTHCHECK: the image has no shell or curl.
    return await HealthCheckCommand.RunAsync(args, Console.Error, HostingExtensions.DefaultUrls);
}

if (FunctionsWorkerHost.IsLaunchedByFunctionsHost(args))
{
    await FunctionsWorkerHost.RunAsync(args);
    return 0;
}

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddWakeDockFunctions();

    var app = builder.Build();
    app.MapWakeDockFunctions();
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException e)
{
    // A setting out of range is the operator's to fix: its message, not a stack trace.
    await Console.Error.WriteLineAsync("wakedock: invalid settings: " + string.Join(" ", e.Failures));
    return 1;
}

/// <summary>The embedded host (or, started by the Functions host, the isolated worker); public so that tests can start it through WebApplicationFactory.</summary>
public partial class Program;
