using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using WakeDock.Contracts;
using WakeDock.Functions.Http;
using WakeDock.Functions.Security;

namespace WakeDock.Functions.Api;

/// <summary>
/// The OpenAPI document (<c>/openapi/v1.json</c>): the API-key schemes, each operation's query parameters from its
/// <see cref="ApiParameters"/> (types, defaults, bounds, choices), the keys and roles it needs, and its problem answers.
/// </summary>
internal static class ApiOpenApi
{
    private const string ApiKeyScheme = "ApiKey";
    private const string BearerScheme = "Bearer";

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "WakeDock monitoring API",
                Version = "v1",
                Description = "The REST API of the WakeDock functions host: the spec's /api/v1/monitoring endpoints, container logs and health. "
                              + "Send an API key as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>' (none needed while the host runs without keys, on loopback).",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, Name = ApiKeyDefaults.HeaderName, In = ParameterLocation.Header,
                Description = "An API key (reader: every GET; admin: start, stop and thresholds).",
            };
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "The same API key as a bearer token.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<ApiParameters>().LastOrDefault() is { } parameters)
            {
                operation.Parameters ??= [];
                foreach (var parameter in parameters.All)
                {
                    // A request record's parameter is in the document already, named and typed by the framework; it gains its default, bounds and choices.
                    var described = Describe(parameter);
                    if (operation.Parameters.OfType<OpenApiParameter>().FirstOrDefault(p => p is { In: ParameterLocation.Query } && p.Name == parameter.Name) is { } bound)
                    {
                        bound.Description = described.Description;
                        bound.Schema = described.Schema;
                    }
                    else
                    {
                        operation.Parameters.Add(described);
                    }
                }
            }

            var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).ToList();
            if (policies.Count > 0)
            {
                var document = context.Document;
                operation.Security ??= [];
                foreach (var scheme in new[] { ApiKeyScheme, BearerScheme })
                {
                    operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, document)] = [] });
                }

                var role = policies.Contains(WakeDockPolicies.Admin) ? "an admin key" : "a reader or admin key";
                operation.Description = $"Needs {role} once keys are configured.";
                operation.Responses ??= [];
                operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No API key, or not a valid one (problem details)." });
                operation.Responses.TryAdd("403", new OpenApiResponse { Description = "The key's role does not allow this (problem details)." });
                operation.Responses.TryAdd("429", new OpenApiResponse { Description = "Rate limited: retry after the Retry-After header's seconds (problem details)." });
            }

            foreach (var path in operation.Parameters?.OfType<OpenApiParameter>().Where(p => p is { In: ParameterLocation.Path, Name: "metric_type", Schema: OpenApiSchema }) ?? [])
            {
                ((OpenApiSchema)path.Schema!).Enum = [.. WireNames.All<MetricType>().Select(c => (JsonNode)JsonValue.Create(c))];
            }

            if (metadata.OfType<ApiParameters>().Any() || context.Description.ParameterDescriptions.Count > 0 || context.Description.SupportedRequestFormats.Count > 0)
            {
                operation.Responses ??= [];
                // The query check answers before the handler runs, so an endpoint whose own union has no ValidationProblem gets its schema here.
                operation.Responses.TryAdd("400", new OpenApiResponse());
                if (operation.Responses["400"] is OpenApiResponse invalid)
                {
                    invalid.Description = "A parameter or the body is not valid; `field` names it (RFC 7807 problem details).";
                    invalid.Content ??= new Dictionary<string, OpenApiMediaType>();
                    invalid.Content.TryAdd("application/problem+json", new OpenApiMediaType { Schema = new OpenApiSchemaReference(nameof(HttpValidationProblemDetails), context.Document) });
                }
            }

            return Task.CompletedTask;
        });
    }

    private static OpenApiParameter Describe(ApiParameter parameter)
    {
        var schema = new OpenApiSchema
        {
            Type = parameter.Kind switch
            {
                ParameterKind.WholeNumber => JsonSchemaType.Integer,
                ParameterKind.Number => JsonSchemaType.Number,
                ParameterKind.Boolean => JsonSchemaType.Boolean,
                _ => JsonSchemaType.String,
            },
            Format = parameter.Kind switch
            {
                ParameterKind.Time => "date-time",
                ParameterKind.WholeNumber => "int32",
                ParameterKind.Number => "double",
                _ => null,
            },
        };
        if (parameter.Default is { } value)
        {
            schema.Default = value switch
            {
                int i => JsonValue.Create(i),
                double d => JsonValue.Create(d),
                bool b => JsonValue.Create(b),
                _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
            };
        }

        if (parameter.Minimum is { } minimum)
        {
            if (parameter.ExclusiveMinimum)
            {
                schema.ExclusiveMinimum = minimum.ToString(CultureInfo.InvariantCulture);
            }
            else
            {
                schema.Minimum = minimum.ToString(CultureInfo.InvariantCulture);
            }
        }

        if (parameter.Maximum is { } maximum)
        {
            schema.Maximum = maximum.ToString(CultureInfo.InvariantCulture);
        }

        if (parameter.Choices.Count > 0)
        {
            schema.Enum = [.. parameter.Choices.Select(c => (JsonNode)JsonValue.Create(c))];
        }

        return new OpenApiParameter { Name = parameter.Name, In = ParameterLocation.Query, Description = parameter.Description, Schema = schema };
    }
}
