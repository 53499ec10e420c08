using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace WakeDock.Functions.Live.Azure;

/// <summary>
/// The JWTs Azure SignalR Service accepts from an app that holds the AccessKey: HS256, signed with the UTF-8 bytes of
/// the key, claims <c>aud</c> (the URL called, without its query; or the client URL for a browser) and <c>exp</c>.
/// </summary>
public static class ServiceAccessToken
{
    private static readonly string Header = Base64Url("""{"alg":"HS256","typ":"JWT"}"""u8);

    public static string Create(string audience, DateTimeOffset expires, string accessKey, DateTimeOffset? issuedAt = null)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("aud", audience);
            writer.WriteNumber("exp", expires.ToUnixTimeSeconds());
            if (issuedAt is { } iat)
            {
                writer.WriteNumber("iat", iat.ToUnixTimeSeconds());
                writer.WriteNumber("nbf", iat.ToUnixTimeSeconds());
            }

            writer.WriteEndObject();
        }

        var signingInput = $"{Header}.{Base64Url(buffer.ToArray())}";
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(accessKey), Encoding.ASCII.GetBytes(signingInput));
        return $"{signingInput}.{Base64Url(signature)}";
    }

    /// <summary>The audience of a REST call: its URL without the query string.</summary>
    public static string AudienceOf(Uri requestUri) => requestUri.GetLeftPart(UriPartial.Path);

    public static string Base64Url(ReadOnlySpan<byte> bytes)
        => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
