using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WakeDock.Functions.Embedded;
using WakeDock.Testing;

namespace WakeDock.Observability.Tests.Support;

/// <summary>
/// The functions host in memory (or on Kestrel with <see cref="WebApplicationFactory{T}.UseKestrel(int)"/>),
/// on a folder of its own that goes with it; embedded agent off unless a setting turns it on.
/// </summary>
internal sealed class ObservedHost(
    IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? time = null, string environment = "Development", Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("wakedock-observed-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("WakeDock:Storage:Path", Path.Combine(Folder, "metrics"));
        builder.UseSetting("WakeDock:Agent:DataDirectory", Path.Combine(Folder, "agent"));
        builder.UseSetting("WakeDock:Timers:UseInternalSchedule", "false");
        builder.UseSetting(EmbeddedAgent.EnabledKey, "false");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        if (time is not null)
        {
            builder.ConfigureServices(s => s.Replace(ServiceDescriptor.Singleton(time)));
        }

        if (services is not null)
        {
            builder.ConfigureServices(services);
        }
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    public async Task<Exposition> ScrapeAsync(HttpClient? client = null)
    {
        using var own = client is null ? CreateClient() : null;
        var text = await (client ?? own!).GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        return new Exposition(text);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await TempFolder.DeleteAsync(Folder);
    }
}
