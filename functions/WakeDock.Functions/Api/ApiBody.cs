using System.Text.Json.Serialization.Metadata;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using WakeDock.Functions.Http;
using WakeDock.Pipeline.Options;

namespace WakeDock.Functions.Api;

/// <summary>
/// Reads a JSON request body strictly: JSON media type (415), size bound (413), well-formed (400, field
/// <c>body</c>), every member known and of its type (400 naming the member).
/// </summary>
public static class ApiBody
{
    public const string Field = "body";

    public static async Task<T> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> type) where T : class
    {
        var request = context.Request;
        var limit = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.MaxRequestBodyBytes;
        if (!IsJson(request.ContentType))
        {
            throw new ApiProblemException(StatusCodes.Status415UnsupportedMediaType, HeaderNames.ContentType,
                $"The body must be JSON (Content-Type: application/json); got '{request.ContentType ?? "none"}'.");
        }

        if (request.ContentLength > limit)
        {
            throw TooLarge(limit);
        }

        var body = await ReadBoundedAsync(request.Body, limit, context.RequestAborted);
        if (body.Length == 0)
        {
            throw ApiProblem.Invalid(Field, "The body is empty; a JSON object is expected.");
        }

        CheckWellFormed(body);
        T? value;
        try
        {
            value = JsonSerializer.Deserialize(body, type);
        }
        catch (JsonException e)
        {
            var member = Member(e.Path);
            throw ApiProblem.Invalid(member ?? Field, member is null
                ? "The body must be a JSON object."
                : Unexpected(member, type));
        }

        return value ?? throw ApiProblem.Invalid(Field, "The body is JSON null; a JSON object is expected.");
    }

    public static bool IsJson(string? contentType)
        => MediaTypeHeaderValue.TryParse(contentType, out var media)
           && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase))
           && (!media.Charset.HasValue || media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));

    private static ApiProblemException TooLarge(int limit)
        => new(StatusCodes.Status413PayloadTooLarge, Field, $"The body is larger than {limit} bytes.");

    private static async Task<byte[]> ReadBoundedAsync(Stream stream, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw TooLarge(limit);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static void CheckWellFormed(byte[] body)
    {
        var reader = new Utf8JsonReader(body);
        try
        {
            while (reader.Read())
            {
            }
        }
        catch (JsonException e)
        {
            throw ApiProblem.Invalid(Field, $"The body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).");
        }
    }

    /// <summary><c>$.warning_threshold</c> → <c>warning_threshold</c>; null for the root.</summary>
    private static string? Member(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return null;
        }

        var name = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        if (name.StartsWith("['", StringComparison.Ordinal) && name.EndsWith("']", StringComparison.Ordinal))
        {
            name = name[2..^2];
        }

        return name;
    }

    private static string Unexpected<T>(string member, JsonTypeInfo<T> type)
    {
        if (type.Properties.FirstOrDefault(p => p.Name == member) is not { } property)
        {
            return $"Unknown member '{member}'; the body takes {string.Join(", ", type.Properties.Select(p => p.Name))}.";
        }

        var expected = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var what = expected == typeof(string) ? "a string"
            : expected == typeof(bool) ? "true or false"
            : expected == typeof(int) || expected == typeof(long) ? "a whole number"
            : expected == typeof(double) ? "a number"
            : expected == typeof(DateTimeOffset) ? "an RFC 3339 time such as \"2025-01-16T10:30:00Z\""
            : "a value of another type";
        return $"{member} must be {what}.";
    }
}
