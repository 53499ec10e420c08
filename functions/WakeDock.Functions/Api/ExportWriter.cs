using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using WakeDock.Contracts;

namespace WakeDock.Functions.Api;

/// <summary>The export formats: a JSON array (what the dashboard's "export JSON" saves), NDJSON (one object a line, as the JSONL files), CSV.</summary>
public enum ExportFormat
{
    Json,
    Ndjson,
    Csv,
}

/// <summary>Writes records to a response as they come, chunk by chunk, flushing after each, so an export of days never sits in memory whole.</summary>
public sealed class ExportWriter<T>(Stream body, ExportFormat format, JsonTypeInfo<T> type, IReadOnlyList<(string Name, Func<T, string?> Value)> columns)
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private bool _first = true;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var start = format switch
        {
            ExportFormat.Json => "[",
            ExportFormat.Csv => string.Join(',', columns.Select(c => c.Name)) + "\r\n",
            _ => "",
        };
        await body.WriteAsync(Encoding.UTF8.GetBytes(start), cancellationToken);
    }

    public async Task WriteAsync(IEnumerable<T> records, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        foreach (var record in records)
        {
            switch (format)
            {
                case ExportFormat.Csv:
                    buffer.Write(Encoding.UTF8.GetBytes(string.Join(',', columns.Select(c => ExportText.Csv(c.Value(record)))) + "\r\n"));
                    break;
                case ExportFormat.Ndjson:
                    JsonSerializer.Serialize(buffer, record, type);
                    buffer.Write(NewLine);
                    break;
                default:
                    if (!_first)
                    {
                        buffer.WriteByte((byte)',');
                    }

                    buffer.Write(NewLine);
                    JsonSerializer.Serialize(buffer, record, type);
                    break;
            }

            _first = false;
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(body, cancellationToken);
        await body.FlushAsync(cancellationToken);
    }

    public async Task EndAsync(CancellationToken cancellationToken)
    {
        if (format == ExportFormat.Json)
        {
            await body.WriteAsync(_first ? "]\n"u8.ToArray() : "\n]\n"u8.ToArray(), cancellationToken);
        }
    }
}

/// <summary>The export's text: media types, file extensions, CSV cells.</summary>
public static class ExportText
{
    public static string ContentType(ExportFormat format) => format switch
    {
        ExportFormat.Ndjson => "application/x-ndjson; charset=utf-8",
        ExportFormat.Csv => "text/csv; charset=utf-8",
        _ => "application/json; charset=utf-8",
    };

    public static string Extension(ExportFormat format) => format switch
    {
        ExportFormat.Ndjson => "ndjson",
        ExportFormat.Csv => "csv",
        _ => "json",
    };

    /// <summary>RFC 4180 quoting; a text cell that a spreadsheet would run as a formula (=, +, -, @) is prefixed with a quote.</summary>
    public static string Csv(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    public static string? Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string? Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);

    public static string? Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string? Time(DateTimeOffset value) => JsonSerializer.Serialize(value, WakeDockJson.Context.Options).Trim('"');
}
