using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using WakeDock.Pipeline.Options;

namespace WakeDock.Testing;

/// <summary>
/// The functions host of every test project: in memory (or on Kestrel after <see cref="WebApplicationFactory{T}.UseKestrel(int)"/>),
/// with the test's settings, clock and registrations, every log line captured in <see cref="Logs"/> and <see cref="Records"/>,
/// on a folder of its own deleted with it. Each test project picks its settings in a small static helper.
/// </summary>
public sealed class WakeDockApplication : WebApplicationFactory<Program>
{
    private readonly WakeDockApplicationOptions _options;
    private HttpClient? _sharedClient;

    public WakeDockApplication(WakeDockApplicationOptions? options = null)
    {
        _options = options ?? new WakeDockApplicationOptions();
        DataPath = _options.DataPath ?? TempFolder.Create("host");
    }

    /// <summary>The folder of this application (storage, agent data … as the settings place them).</summary>
    public string DataPath { get; }

    /// <summary>The clock the host was given, if any.</summary>
    public TimeProvider? Time => _options.Time;

    /// <summary>Every log line: level, category, message and exception.</summary>
    public ConcurrentQueue<string> Logs { get; } = new();

    /// <summary>Every log entry's category and structured fields (the message template's values).</summary>
    public ConcurrentQueue<LogRecord> Records { get; } = new();

    /// <summary>Where the server listens (the in-memory server's address unless on Kestrel).</summary>
    public Uri BaseAddress => ClientOptions.BaseAddress;

    /// <summary>One client of the application, made on first use and disposed with it.</summary>
    public HttpClient Http => _sharedClient ??= CreateClient();

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Starts the host on Kestrel, on a free loopback port (real sockets: WebSockets, a browser, another process).</summary>
    public WakeDockApplication StartOnKestrel()
    {
        UseKestrel(FreePort.Next());
        StartServer();
        return this;
    }

    /// <summary>A client that sends <paramref name="key"/> as a bearer token (none: no key).</summary>
    public HttpClient Client(string? key = null)
    {
        var client = CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_options.Environment);
        foreach (var (key, value) in _options.Settings)
        {
            if (SpecEnvironmentVariables.ListMap.TryGetValue(key, out var list))
            {
                var items = (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                for (var i = 0; i < items.Length; i++)
                {
                    builder.UseSetting($"{list}:{i}", items[i]);
                }

                continue;
            }

            builder.UseSetting(SpecEnvironmentVariables.Map.GetValueOrDefault(key, key), value);
        }

        builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(new CollectingLoggerProvider(Logs, Records));
            if (_options.MinimumLogLevel is { } level)
            {
                logging.SetMinimumLevel(level);
            }
        });
        builder.ConfigureTestServices(services =>
        {
            if (_options.Time is { } time)
            {
                services.Replace(ServiceDescriptor.Singleton(time));
            }

            _options.Services?.Invoke(services);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        _sharedClient?.Dispose();
        await base.DisposeAsync();
        if (_options.DeleteDataPath)
        {
            await TempFolder.DeleteAsync(DataPath);
        }
    }
}
