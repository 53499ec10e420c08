using System.Globalization;
using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Events;

namespace WakeDock.ServiceDefaults.Logging;

/// <summary>How log lines are written to the console.</summary>
public enum LogFormat
{
    /// <summary>CLEF, one JSON object a line (<see cref="ClefFormatter"/>): for production and log shippers.</summary>
    Json,

    /// <summary>One readable line an event: for a developer's terminal.</summary>
    Console,
}

/// <summary>The optional rolling log file, always CLEF.</summary>
public sealed record FileLogSettings(string Path, RollingInterval RollingInterval, long? FileSizeLimitBytes, int? RetainedFileCountLimit);

/// <summary>
/// Logging settings of both hosts, read by hand (no assembly scanning at start-up): levels from the
/// <c>Serilog:MinimumLevel</c> section (a level, or <c>Default</c> and <c>Override:&lt;source&gt;</c>) with
/// <c>WAKEDOCK_LOG_LEVEL</c> as the floor of every line (the default, and any source configured lower); format and file from <c>WakeDock:Logging</c>, with
/// <c>WAKEDOCK_LOG_FORMAT</c> and <c>WAKEDOCK_LOG_FILE</c> winning. Unless configured: DEBUG and readable lines in
/// Development, INFO and JSON otherwise (the 003 document's levels).
/// </summary>
public sealed record LogSettings(LogEventLevel MinimumLevel, IReadOnlyDictionary<string, LogEventLevel> Overrides, LogFormat Format, FileLogSettings? File)
{
    public const string LevelVariable = "WAKEDOCK_LOG_LEVEL";
    public const string FormatVariable = "WAKEDOCK_LOG_FORMAT";
    public const string FileVariable = "WAKEDOCK_LOG_FILE";
    public const string Section = "WakeDock:Logging";
    public const string ConsoleTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    /// <summary>Reads the settings; throws naming the setting when a value is not valid.</summary>
    public static LogSettings Read(IConfiguration configuration, bool development, IReadOnlyDictionary<string, LogEventLevel>? defaultOverrides = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var minimum = configuration.GetSection("Serilog:MinimumLevel");
        var floor = Level(configuration[LevelVariable], LevelVariable);
        var level = floor
                    ?? Level(minimum.Value, "Serilog:MinimumLevel")
                    ?? Level(minimum["Default"], "Serilog:MinimumLevel:Default")
                    ?? (development ? LogEventLevel.Debug : LogEventLevel.Information);

        var overrides = new Dictionary<string, LogEventLevel>(defaultOverrides ?? new Dictionary<string, LogEventLevel>(), StringComparer.Ordinal);
        foreach (var source in minimum.GetSection("Override").GetChildren())
        {
            overrides[source.Key] = Level(source.Value, source.Path) ?? throw Invalid(source.Path, source.Value, "a log level");
        }

        // The variable is the threshold of every line: a source configured below it is raised to it, one above stays.
        foreach (var source in overrides.Where(o => o.Value < floor).Select(o => o.Key).ToList())
        {
            overrides[source] = floor!.Value;
        }

        var logging = configuration.GetSection(Section);
        var formatText = configuration[FormatVariable] is { Length: > 0 } variable ? variable : logging["Format"];
        var format = formatText switch
        {
            null or "" => development ? LogFormat.Console : LogFormat.Json,
            _ when Enum.TryParse<LogFormat>(formatText, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) => parsed,
            _ => throw Invalid(configuration[FormatVariable] is { Length: > 0 } ? FormatVariable : $"{Section}:Format", formatText, "json or console"),
        };

        return new LogSettings(level, overrides, format, ReadFile(configuration, logging.GetSection("File")));
    }

    /// <summary>Levels, enrichers (trace context, then secret masking, last) and sinks.</summary>
    public LoggerConfiguration Apply(LoggerConfiguration logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        logger.MinimumLevel.Is(MinimumLevel);
        foreach (var (source, level) in Overrides)
        {
            logger.MinimumLevel.Override(source, level);
        }

        logger.Enrich.FromLogContext()
            .Enrich.With<TraceContextEnricher>()
            .Enrich.With<SecretMasking>();
        if (Format == LogFormat.Json)
        {
            logger.WriteTo.Console(new ClefFormatter());
        }
        else
        {
            logger.WriteTo.Console(outputTemplate: ConsoleTemplate, formatProvider: CultureInfo.InvariantCulture);
        }

        if (File is { } file)
        {
            logger.WriteTo.File(new ClefFormatter(), file.Path, rollingInterval: file.RollingInterval, fileSizeLimitBytes: file.FileSizeLimitBytes,
                rollOnFileSizeLimit: file.FileSizeLimitBytes is not null, retainedFileCountLimit: file.RetainedFileCountLimit);
        }

        return logger;
    }

    private static FileLogSettings? ReadFile(IConfiguration configuration, IConfigurationSection file)
    {
        var path = configuration[FileVariable] is { Length: > 0 } variable ? variable : file["Path"];
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        var rolling = file["RollingInterval"] is { Length: > 0 } interval
            ? Enum.TryParse<RollingInterval>(interval, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : throw Invalid(file.Path + ":RollingInterval", interval, "Infinite, Year, Month, Day, Hour or Minute")
            : RollingInterval.Day;
        return new FileLogSettings(path, rolling,
            Positive(file, "FileSizeLimitBytes", 100L * 1024 * 1024),
            (int?)Positive(file, "RetainedFileCountLimit", 14));
    }

    /// <summary>A positive number, the default when unset, or null (no limit) when 0.</summary>
    private static long? Positive(IConfigurationSection section, string key, long fallback)
    {
        if (section[key] is not { Length: > 0 } text)
        {
            return fallback;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > int.MaxValue && key == "RetainedFileCountLimit")
        {
            throw Invalid($"{section.Path}:{key}", text, "a whole number (0: no limit)");
        }

        return value == 0 ? null : value;
    }

    private static LogEventLevel? Level(string? text, string setting)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return text.Trim().ToLowerInvariant() switch
        {
            "verbose" or "trace" => LogEventLevel.Verbose,
            "debug" => LogEventLevel.Debug,
            "information" or "info" => LogEventLevel.Information,
            "warning" or "warn" => LogEventLevel.Warning,
            "error" => LogEventLevel.Error,
            "fatal" or "critical" => LogEventLevel.Fatal,
            _ => throw Invalid(setting, text, "verbose, debug, information, warning, error or fatal"),
        };
    }

    private static InvalidOperationException Invalid(string setting, string? value, string expected)
        => new($"{setting}: '{value}' is not valid; expected {expected}.");
}
