using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WakeDock.Pipeline.Options;
using WakeDock.Pipeline.Storage;
using WakeDock.Testing;

namespace WakeDock.Functions.Tests.Hosting;

/// <summary>
/// The spec's default storage path when this process may write there, the working directory's <c>.wakedock/metrics</c>
/// otherwise, and a startup line that says which. The "system" folder is a temporary one here, so that the test neither
/// needs nor touches <c>/var/log</c>.
/// </summary>
public sealed class StoragePathDefaultTests
{
    [Fact]
    public void TheSpecsPathsAreTheCandidates()
        => Assert.Equal(("/var/log/wakedock/metrics", ".wakedock/metrics"), (StoragePathDefault.SystemPath, StoragePathDefault.LocalPath));

    [Fact]
    public void AWritableSystemFolderIsChosenAndCreated()
    {
        var root = TempFolder.Create("storage-default");
        try
        {
            var system = Path.Combine(root, "var", "log", "wakedock", "metrics");

            var choice = new StoragePathDefault(system, ".wakedock/metrics").Choose(null);

            Assert.Equal(system, choice.Path);
            Assert.Equal($"default: {system} is writable", choice.Reason);
            Assert.Empty(Directory.EnumerateFileSystemEntries(system));
        }
        finally
        {
            TempFolder.Delete(root);
        }
    }

    [Fact]
    public void ASystemFolderThatCannotBeWrittenFallsBackToTheWorkingDirectory()
    {
        var root = TempFolder.Create("storage-default");
        try
        {
            // a regular file where a parent folder should be: no process, root included, can create the folder
            var blocker = Path.Combine(root, "log");
            File.WriteAllText(blocker, "not a folder");

            var choice = new StoragePathDefault(Path.Combine(blocker, "wakedock", "metrics"), ".wakedock/metrics").Choose("  ");

            Assert.Equal(".wakedock/metrics", choice.Path);
            Assert.StartsWith($"default: {Path.Combine(blocker, "wakedock", "metrics")} is not writable", choice.Reason, StringComparison.Ordinal);
            Assert.EndsWith("so .wakedock/metrics under the working directory", choice.Reason, StringComparison.Ordinal);
        }
        finally
        {
            TempFolder.Delete(root);
        }
    }

    [Fact]
    public void AConfiguredPathIsKeptWithoutProbingTheDefault()
    {
        var choice = new StoragePathDefault("/proc/no-such/wakedock", ".wakedock/metrics").Choose("/srv/metrics");

        Assert.Equal(new StoragePathChoice("/srv/metrics", "configured (WAKEDOCK_METRICS_STORAGE_PATH or WakeDock:Storage:Path)"), choice);
    }

    [Fact]
    public async Task WithoutAPathTheHostStoresInTheChosenFolderAndItsStartupLogSaysWhy()
    {
        var root = TempFolder.Create("storage-default");
        var logs = new StartupLines();
        try
        {
            var system = Path.Combine(root, "var-log-wakedock-metrics");
            await using (var app = FunctionsApplication.Create(storagePath: root, settings: new Dictionary<string, string?> { ["WakeDock:Storage:Path"] = "" }, services: s =>
                         {
                             s.Replace(ServiceDescriptor.Singleton(new StoragePathDefault(system, Path.Combine(root, "local"))));
                             s.AddSingleton<ILoggerProvider>(logs);
                         }))
            {
                _ = app.Server;

                Assert.Equal(system, app.Service<IOptions<WakeDockOptions>>().Value.Storage.Path);
                Assert.Equal(system, app.Service<IBlobStore>().Location);
                Assert.Contains($"Storage: {system} (default: {system} is writable)", logs.Lines);
            }
        }
        finally
        {
            TempFolder.Delete(root);
        }
    }

    private sealed class StartupLines : ILoggerProvider
    {
        private readonly List<string> _lines = [];

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lines)
                {
                    return [.. _lines];
                }
            }
        }

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(StartupLines owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (owner._lines)
                {
                    owner._lines.Add(formatter(state, exception));
                }
            }
        }
    }
}
