using Microsoft.Extensions.Configuration;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace WakeDock.ServiceDefaults.Tracing;

/// <summary>
/// Exports spans over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (or <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c>)
/// is set, with the standard <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> (<c>grpc</c>, the default, or
/// <c>http/protobuf</c>), <c>OTEL_EXPORTER_OTLP_HEADERS</c> and <c>OTEL_SERVICE_NAME</c>. Without an
/// endpoint no tracer provider exists, nothing listens and no span is created.
/// </summary>
public static class OtlpTracing
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string TracesEndpointVariable = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
    public const string ProtocolVariable = "OTEL_EXPORTER_OTLP_PROTOCOL";
    public const string HeadersVariable = "OTEL_EXPORTER_OTLP_HEADERS";
    public const string ServiceNameVariable = "OTEL_SERVICE_NAME";

    public static bool IsConfigured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration[TracesEndpointVariable]) || !string.IsNullOrWhiteSpace(configuration[EndpointVariable]);
    }

    /// <summary>The tracer provider for <paramref name="sources"/>, or null when no endpoint is set.</summary>
    public static TracerProvider? Create(IConfiguration configuration, string serviceName, IEnumerable<string> sources)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (!IsConfigured(configuration))
        {
            return null;
        }

        var protocol = configuration[ProtocolVariable]?.Trim().ToLowerInvariant() switch
        {
            null or "" or "grpc" => OtlpExportProtocol.Grpc,
            "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            var other => throw new InvalidOperationException($"{ProtocolVariable}: '{other}' is not valid; expected grpc or http/protobuf."),
        };
        var endpoint = TracesEndpoint(configuration, protocol);
        var name = configuration[ServiceNameVariable] is { Length: > 0 } configured ? configured : serviceName;
        return Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService(name, serviceVersion: typeof(OtlpTracing).Assembly.GetName().Version?.ToString()))
            .AddSource([.. sources])
            .AddOtlpExporter(options =>
            {
                options.Protocol = protocol;
                options.Endpoint = endpoint;
                if (configuration[HeadersVariable] is { Length: > 0 } headers)
                {
                    options.Headers = headers;
                }
            })
            .Build();
    }

    /// <summary>As the OTLP specification says: the traces endpoint as given; the base endpoint plus <c>/v1/traces</c> over HTTP.</summary>
    public static Uri TracesEndpoint(IConfiguration configuration, OtlpExportProtocol protocol)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration[TracesEndpointVariable] is { Length: > 0 } traces)
        {
            return Parse(traces, TracesEndpointVariable);
        }

        var endpoint = Parse(configuration[EndpointVariable]!, EndpointVariable);
        return protocol == OtlpExportProtocol.HttpProtobuf ? new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/v1/traces") : endpoint;
    }

    private static Uri Parse(string text, string variable)
        => Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new InvalidOperationException($"{variable}: '{text}' is not an http or https URL.");
}
