using WakeDock.ServiceDefaults.Health;
using Microsoft.Extensions.Options;
using WakeDock.Functions.Hosting;

// A setting out of range is the operator's to fix: the settings at fault, then exit code 1, no stack trace. Not a catch
// around the code below: a test's WebApplicationFactory runs this entry point and must see the exception itself.
AppDomain.CurrentDomain.UnhandledException += (_, e) =>
{
    if (e.ExceptionObject is OptionsValidationException invalid)
    {
        Console.Error.WriteLine($"WakeDock did not start: {string.Join(" ", invalid.Failures)}");
        Environment.Exit(1);
    }
};

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

var builder = WebApplication.CreateBuilder(args);
builder.AddWakeDockFunctions();

var app = builder.Build();
app.MapWakeDockFunctions();
await app.RunAsync();
return 0;

/// <summary>The embedded host (or, started by the Functions host, the isolated worker); public so that tests can start it through WebApplicationFactory.</summary>
public partial class Program;
