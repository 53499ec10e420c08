using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WakeDock.Functions.Embedded;
using WakeDock.Testing;

namespace WakeDock.Functions.Tests;

/// <summary>
/// The functions host in memory, one per test, on a storage folder of its own (deleted with it unless
/// the test passes one in to restart on it). Settings and the clock can be swapped.
/// </summary>
internal sealed class FunctionsApplication(string? storagePath = null, IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? time = null, Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    private readonly bool _ownsFolder = storagePath is null;

    public string StoragePath { get; } = storagePath ?? TempFolder.Create("host");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("WakeDock:Storage:Path", StoragePath);
        builder.UseSetting("WakeDock:Timers:UseInternalSchedule", "false");
        builder.UseSetting(EmbeddedAgent.EnabledKey, "false");
        // These tests look at what one sample raises; the sustained window and cooldown are tested on their own.
        builder.UseSetting("WakeDock:Thresholds:ForSeconds", "0");
        builder.UseSetting("WakeDock:Alerts:Cooldown", "00:00:00");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(collection =>
        {
            if (time is not null)
            {
                collection.Replace(ServiceDescriptor.Singleton(time));
            }

            services?.Invoke(collection);
        });
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsFolder)
        {
            TempFolder.Delete(StoragePath);
        }
    }
}
