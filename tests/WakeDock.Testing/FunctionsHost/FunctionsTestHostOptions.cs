namespace WakeDock.Testing.FunctionsHost;

/// <summary>What the test Functions host needs to run a built isolated-worker app.</summary>
public sealed class FunctionsTestHostOptions
{
    /// <summary>The app's build output folder: the one holding <c>functions.metadata</c>, <c>worker.config.json</c> and <c>host.json</c>.</summary>
    public required string AppDirectory { get; init; }

    /// <summary>App settings, given to the worker as environment variables (as <c>func</c> does with local.settings.json's Values) and used to resolve <c>%NAME%</c> in bindings.</summary>
    public IReadOnlyDictionary<string, string> AppSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>Where each line the worker writes or logs goes as well (e.g. the test's output).</summary>
    public Action<string>? Output { get; init; }

    /// <summary>How long the worker has to connect, initialise, report and load its functions.</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>How long one invocation may take before the host gives up on it.</summary>
    public TimeSpan InvocationTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The gRPC message size limit passed to the worker; the real host passes <see cref="int.MaxValue"/>.</summary>
    public int GrpcMaxMessageLength { get; init; } = int.MaxValue;
}
