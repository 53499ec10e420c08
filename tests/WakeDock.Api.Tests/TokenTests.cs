using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using WakeDock.Api.Tests.Support;
using WakeDock.Functions.Security;

namespace WakeDock.Api.Tests;

/// <summary>Short-lived tokens: issued for a key, accepted in its place, refused when expired, tampered, unsigned or for another audience.</summary>
public sealed class TokenTests
{
    private const string Api = "/api/v1/monitoring";
    private const string TokenPath = "/api/v1/auth/token";
    private static readonly byte[] SigningKey = Encoding.UTF8.GetBytes("a-test-signing-key-of-more-than-32-bytes!");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string?> Settings(Dictionary<string, string?>? more = null)
        => Keys.Configured(new(more ?? [])
        {
            ["WakeDock:Security:Tokens:SigningKey"] = Convert.ToBase64String(SigningKey),
            ["WakeDock:Security:ApiKeys:2:Name"] = "team-shop",
            ["WakeDock:Security:ApiKeys:2:Role"] = "Reader",
            ["WakeDock:Security:ApiKeys:2:Hash"] = KeyHash.Of(ScopedKey),
            ["WakeDock:Security:ApiKeys:2:Scope:Projects:0"] = "shop",
            ["WakeDock:Security:ApiKeys:2:Scope:Hosts:0"] = "host-1",
        });

    private const string ScopedKey = "wd-scoped-7a1c3e5b9d2f4a6c8e0b";

    [Fact]
    public async Task AKeyIsExchangedForATokenThatCarriesItsRoleAndScopeAndEndsWithin15Minutes()
    {
        await using var app = ApiApplication.Create(Settings());
        await app.IngestAsync(Batches.SpecSample(DateTimeOffset.UtcNow.AddSeconds(-2), id: "c1", name: "shop-web-1"));
        await app.IngestAsync(Batches.SpecSample(DateTimeOffset.UtcNow.AddSeconds(-2), id: "c2", name: "blog-web-1"));
        using var client = app.Client();

        var answer = await IssueAsync(client, r => r.Headers.Add("X-Api-Key", ScopedKey));
        var token = (string)answer["access_token"]!;
        var payload = Payload(token);
        var header = JsonNode.Parse(Base64UrlEncoder.Decode(token.Split('.')[0]))!;

        Assert.Equal("HS256", (string)header["alg"]!);
        Assert.Equal("wakedock", (string)payload["iss"]!);
        Assert.Equal("wakedock-api", (string)payload["aud"]!);
        Assert.Equal("team-shop", (string)payload["sub"]!);
        Assert.Equal("reader", (string)payload["role"]!);
        Assert.Equal("shop", (string)payload["wakedock_project"]![0]!);
        Assert.Equal("host-1", (string)payload["wakedock_host"]![0]!);
        Assert.InRange((long)payload["exp"]! - (long)payload["iat"]!, 1, 15 * 60);
        Assert.Equal(600, (int)answer["expires_in"]!);
        Assert.Equal("shop", (string)answer["scope"]!["projects"]![0]!);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Api}/containers");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var containers = await client.SendAsync(request, Ct);
        var listed = JsonNode.Parse(await containers.Content.ReadAsStringAsync(Ct))!["containers"]!.AsArray().Select(c => (string)c!["container_name"]!);
        Assert.Equal(HttpStatusCode.OK, containers.StatusCode);
        Assert.Equal(["shop-web-1"], listed);
    }

    [Fact]
    public async Task AReaderTokenIsForbiddenAnAdminRouteAndATokenCannotBeExchanged()
    {
        await using var app = ApiApplication.Create(Settings());
        using var client = app.Client();
        var reader = (string)(await IssueAsync(client, r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Keys.Reader)))["access_token"]!;
        var admin = (string)(await IssueAsync(client, r => r.Headers.Add("X-Api-Key", Keys.Admin)))["access_token"]!;

        using var readerStops = await SendAsync(client, HttpMethod.Post, $"{Api}/stop", reader);
        using var adminReads = await SendAsync(client, HttpMethod.Get, $"{Api}/statistics", admin);
        using var exchanged = await SendAsync(client, HttpMethod.Post, TokenPath, reader);
        using var noKey = await client.PostAsync(TokenPath, null, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, readerStops.StatusCode);
        Assert.Equal("application/problem+json", readerStops.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, adminReads.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, exchanged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
    }

    public static TheoryData<string> Refused => ["expired", "tampered", "alg-none", "wrong-audience", "wrong-issuer", "other-key", "no-exp"];

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task ABadTokenIsRefusedWith401ProblemDetails(string kind)
    {
        await using var app = ApiApplication.Create(Settings());
        using var client = app.Client();
        var now = DateTime.UtcNow;
        var token = kind switch
        {
            "expired" => Mint(now.AddMinutes(-20), now.AddMinutes(-5)),
            "tampered" => Tamper((string)(await IssueAsync(client, r => r.Headers.Add("X-Api-Key", Keys.Reader)))["access_token"]!),
            "alg-none" => Unsigned(now),
            "wrong-audience" => Mint(now, now.AddMinutes(5), audience: "someone-else"),
            "wrong-issuer" => Mint(now, now.AddMinutes(5), issuer: "evil"),
            "other-key" => Mint(now, now.AddMinutes(5), key: Encoding.UTF8.GetBytes("another-signing-key-of-more-than-32-bytes")),
            _ => Mint(now, null),
        };

        using var response = await SendAsync(client, HttpMethod.Get, $"{Api}/containers", token);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Authorization", (string)problem["field"]!);
        Assert.Equal(401, (int)problem["status"]!);
        if (kind == "expired")
        {
            Assert.Contains("expired", (string)problem["detail"]!, StringComparison.Ordinal);
        }

        // the same claims, well signed and current, are let in: the refusal is the token's fault only
        using var good = await SendAsync(client, HttpMethod.Get, $"{Api}/containers", Mint(now, now.AddMinutes(5)));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
    }

    [Fact]
    public async Task AGeneratedSigningKeyIsKeptBesideTheDataDirectoryAndOutlivesTheHost()
    {
        string token;
        string dataPath;
        await using (var first = ApiApplication.Create(Keys.Configured()))
        {
            using var client = first.Client();
            token = (string)(await IssueAsync(client, r => r.Headers.Add("X-Api-Key", Keys.Reader)))["access_token"]!;
            dataPath = first.DataPath;
            var file = Path.Combine(dataPath, TokenSigningKey.FileName);
            Assert.True(File.Exists(file));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }

            Assert.Equal(32, Convert.FromBase64String(await File.ReadAllTextAsync(file, Ct)).Length);

            await using var second = ApiApplication.Create(Keys.Configured(new()
            {
                ["WakeDock:Storage:Path"] = Path.Combine(dataPath, "metrics"),
            }));
            using var secondClient = second.Client();
            using var accepted = await SendAsync(secondClient, HttpMethod.Get, $"{Api}/status", token);
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }
    }

    [Fact]
    public async Task TheWebSocketTakesATokenInItsUrlAndRefusesAKeyThereWhenTold()
    {
        await using var app = ApiApplication.Create(Settings(new() { ["WakeDock:Security:AllowKeyInQuery"] = "false" }));
        using var client = app.Client();
        var token = (string)(await IssueAsync(client, r => r.Headers.Add("X-Api-Key", Keys.Reader)))["access_token"]!;

        using var withToken = await UpgradeAsync(client, token);
        using var withKey = await UpgradeAsync(client, Keys.Reader);

        Assert.Equal(HttpStatusCode.OK, withToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withKey.StatusCode);
        Assert.Contains("token", JsonNode.Parse(await withKey.Content.ReadAsStringAsync(Ct))!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> UpgradeAsync(HttpClient client, string credential)
    {
        // an upgrade the test server answers as a plain request: authentication decides before the endpoint runs
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Api}/status?access_token={Uri.EscapeDataString(credential)}");
        request.Headers.Connection.Add("Upgrade");
        request.Headers.Upgrade.Add(new ProductHeaderValue("websocket"));
        return await client.SendAsync(request, Ct);
    }

    private static async Task<JsonObject> IssueAsync(HttpClient client, Action<HttpRequestMessage> present)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, TokenPath);
        present(request);
        using var response = await client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string token)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request, Ct);
    }

    private static JsonNode Payload(string token) => JsonNode.Parse(Base64UrlEncoder.Decode(token.Split('.')[1]))!;

    private static string Mint(DateTime issued, DateTime? expires, string audience = "wakedock-api", string issuer = "wakedock", byte[]? key = null)
        => new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = issued,
            NotBefore = issued,
            Expires = expires,
            Claims = new Dictionary<string, object> { ["sub"] = "grafana", ["role"] = "reader" },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key ?? SigningKey), SecurityAlgorithms.HmacSha256),
        });

    /// <summary>The payload rewritten to claim the admin role, the signature left as it was.</summary>
    private static string Tamper(string token)
    {
        var parts = token.Split('.');
        var payload = Payload(token).AsObject();
        payload["role"] = "admin";
        return $"{parts[0]}.{Base64UrlEncoder.Encode(payload.ToJsonString())}.{parts[2]}";
    }

    private static string Unsigned(DateTime now)
    {
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        var seconds = new DateTimeOffset(now).ToUnixTimeSeconds();
        var payload = Base64UrlEncoder.Encode($$"""{"iss":"wakedock","aud":"wakedock-api","sub":"grafana","role":"admin","iat":{{seconds}},"nbf":{{seconds}},"exp":{{seconds + 300}}}""");
        return $"{header}.{payload}.";
    }
}
