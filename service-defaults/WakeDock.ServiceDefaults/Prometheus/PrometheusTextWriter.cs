using System.Globalization;
using System.Text;

namespace WakeDock.ServiceDefaults.Prometheus;

/// <summary>The metric types of the Prometheus text exposition format.</summary>
public enum PrometheusMetricType
{
    /// <summary>A value that only grows; the name ends in <c>_total</c>.</summary>
    Counter,

    /// <summary>A value that goes up and down.</summary>
    Gauge,

    /// <summary>Cumulative buckets, sum and count.</summary>
    Histogram,
}

/// <summary>
/// Writes the Prometheus text exposition format 0.0.4: one <c># HELP</c> and <c># TYPE</c> per
/// family, then its samples, with label values and help text escaped as the format requires.
/// </summary>
public sealed class PrometheusTextWriter(TextWriter output)
{
    /// <summary>The content type of a scrape response.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly HashSet<string> _families = new(StringComparer.Ordinal);

    /// <summary>Starts a family; returns false (and writes nothing) when a family of that name was already written.</summary>
    public bool BeginFamily(string name, PrometheusMetricType type, string? help)
    {
        if (!_families.Add(name))
        {
            return false;
        }

        if (!string.IsNullOrEmpty(help))
        {
            output.Write("# HELP ");
            output.Write(name);
            output.Write(' ');
            output.Write(help.Replace("\\", @"\\", StringComparison.Ordinal).Replace("\n", @"\n", StringComparison.Ordinal));
            output.Write('\n');
        }

        output.Write("# TYPE ");
        output.Write(name);
        output.Write(' ');
        output.Write(type switch
        {
            PrometheusMetricType.Counter => "counter",
            PrometheusMetricType.Histogram => "histogram",
            _ => "gauge",
        });
        output.Write('\n');
        return true;
    }

    /// <summary>Writes one sample line: <c>name{label="value",…} value</c>.</summary>
    public void Sample(string name, IReadOnlyList<KeyValuePair<string, string>> labels, double value)
    {
        output.Write(name);
        if (labels.Count > 0)
        {
            output.Write('{');
            for (var i = 0; i < labels.Count; i++)
            {
                if (i > 0)
                {
                    output.Write(',');
                }

                output.Write(labels[i].Key);
                output.Write("=\"");
                WriteEscapedLabelValue(labels[i].Value);
                output.Write('"');
            }

            output.Write('}');
        }

        output.Write(' ');
        output.Write(FormatValue(value));
        output.Write('\n');
    }

    /// <summary>Formats a sample value as Prometheus parses it (<c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>, shortest round-trip otherwise).</summary>
    public static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>Turns an instrument or tag name into a valid metric or label name: <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>.</summary>
    public static string SanitizeName(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or ':' ? c : '_');
        }

        if (builder.Length == 0 || char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }

    private void WriteEscapedLabelValue(string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': output.Write(@"\\"); break;
                case '"': output.Write("\\\""); break;
                case '\n': output.Write(@"\n"); break;
                default: output.Write(c); break;
            }
        }
    }
}
