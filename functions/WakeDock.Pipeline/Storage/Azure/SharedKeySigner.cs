using System.Security.Cryptography;
using System.Text;

namespace WakeDock.Pipeline.Storage.Azure;

/// <summary>
/// Signs Blob service requests with Shared Key: an HMAC-SHA256 over the verb, the standard headers,
/// the <c>x-ms-*</c> headers and the canonicalized resource, as the Azure Storage REST reference
/// defines it.
/// </summary>
public sealed class SharedKeySigner(string accountName, string base64Key)
{
    private readonly byte[] _key = Convert.FromBase64String(base64Key);

    public string AccountName { get; } = accountName;

    public void Sign(HttpRequestMessage request)
    {
        var signature = Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(StringToSign(request))));
        request.Headers.TryAddWithoutValidation("Authorization", $"SharedKey {AccountName}:{signature}");
    }

    public string StringToSign(HttpRequestMessage request)
    {
        var content = request.Content?.Headers;
        var length = content?.ContentLength is > 0 ? content.ContentLength.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
        var builder = new StringBuilder()
            .Append(request.Method.Method).Append('\n')
            .Append(Join(content?.ContentEncoding)).Append('\n')
            .Append(Join(content?.ContentLanguage)).Append('\n')
            .Append(length).Append('\n')
            .Append(content?.ContentMD5 is { } md5 ? Convert.ToBase64String(md5) : "").Append('\n')
            .Append(content?.ContentType?.ToString() ?? "").Append('\n')
            .Append('\n') // Date: x-ms-date is always sent instead
            .Append(Header(request, "If-Modified-Since")).Append('\n')
            .Append(Header(request, "If-Match")).Append('\n')
            .Append(Header(request, "If-None-Match")).Append('\n')
            .Append(Header(request, "If-Unmodified-Since")).Append('\n')
            .Append(Header(request, "Range")).Append('\n');

        foreach (var (name, value) in request.Headers
                     .Where(h => h.Key.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
                     .Select(h => (Name: h.Key.ToLowerInvariant(), Value: string.Join(',', h.Value).Trim()))
                     .OrderBy(h => h.Name, StringComparer.Ordinal))
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }

        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI.");
        builder.Append('/').Append(AccountName).Append(uri.AbsolutePath);
        foreach (var (name, values) in ParseQuery(uri.Query).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            builder.Append('\n').Append(name).Append(':').Append(string.Join(',', values.Order(StringComparer.Ordinal)));
        }

        return builder.ToString();
    }

    private static string Join(IEnumerable<string>? values) => values is null ? "" : string.Join(',', values);

    private static string Header(HttpRequestMessage request, string name)
        => request.Headers.TryGetValues(name, out var values) ? string.Join(',', values) : "";

    private static Dictionary<string, List<string>> ParseQuery(string query)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(separator < 0 ? pair : pair[..separator]).ToLowerInvariant();
            var value = separator < 0 ? "" : Uri.UnescapeDataString(pair[(separator + 1)..]);
            if (!result.TryGetValue(name, out var list))
            {
                result[name] = list = [];
            }

            list.Add(value);
        }

        return result;
    }
}
