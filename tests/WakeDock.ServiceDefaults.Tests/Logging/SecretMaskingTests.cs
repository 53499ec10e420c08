using System.Text.Json;
using Serilog.Events;
using Serilog.Parsing;
using WakeDock.ServiceDefaults.Logging;

namespace WakeDock.ServiceDefaults.Tests.Logging;

public sealed class SecretMaskingTests
{
    [Theory]
    [InlineData("Token")]
    [InlineData("AppApiToken")]
    [InlineData("dapr-api-token")]
    [InlineData("AccountKey")]
    [InlineData("ApiKey")]
    [InlineData("x-api-key")]
    [InlineData("AgentKey")]
    [InlineData("Password")]
    [InlineData("ClientSecret")]
    [InlineData("Authorization")]
    [InlineData("ConnectionString")]
    [InlineData("key")]
    public void PropertiesNamedLikeSecretsAreMasked(string name)
        => Assert.True(SecretMasking.IsSecretName(name), name);

    [Theory]
    [InlineData("AlertId")]
    [InlineData("Host")]
    [InlineData("ContainerName")]
    [InlineData("Monkey")]
    [InlineData("SegmentKeys")]
    [InlineData("StatusCode")]
    public void OrdinaryPropertiesAreLeftAlone(string name)
        => Assert.False(SecretMasking.IsSecretName(name), name);

    [Fact]
    public void ASecretNeverReachesTheRenderedLineNorItsProperties()
    {
        var logEvent = ClefFormatterTests.Capture(log => log.Information("Calling the sidecar with {DaprApiToken} for {Host}", "s3cr3t-token-value", "h1"));

        var line = ClefFormatterTests.Format(logEvent);
        var root = JsonDocument.Parse(line).RootElement;

        Assert.DoesNotContain("s3cr3t", line, StringComparison.Ordinal);
        Assert.Equal("Calling the sidecar with \"***\" for \"h1\"", root.GetProperty("@m").GetString());
        Assert.Equal("***", root.GetProperty("DaprApiToken").GetString());
        Assert.Equal("h1", root.GetProperty("Host").GetString());
    }

    [Fact]
    public void SecretsInsideDestructuredObjectsListsAndDictionariesAreMasked()
    {
        var settings = new { Endpoint = "http://azurite:10000", AccountName = "dev", AccountKey = "Eby8vdM02xNO==" };
        var logEvent = ClefFormatterTests.Capture(log => log.Information("Blob {@Storage} hooks {@Hooks} headers {@Headers}",
            settings, new[] { new { Url = "https://hooks.example/x", Secret = "abc" } }, new Dictionary<string, string> { ["Authorization"] = "Bearer xyz", ["Accept"] = "json" }));

        var line = ClefFormatterTests.Format(logEvent);
        var root = JsonDocument.Parse(line).RootElement;

        Assert.DoesNotContain("Eby8vdM02xNO", line, StringComparison.Ordinal);
        Assert.DoesNotContain("xyz", line, StringComparison.Ordinal);
        Assert.Equal("***", root.GetProperty("Storage").GetProperty("AccountKey").GetString());
        Assert.Equal("dev", root.GetProperty("Storage").GetProperty("AccountName").GetString());
        Assert.Equal("***", root.GetProperty("Hooks")[0].GetProperty("Secret").GetString());
        Assert.Equal("https://hooks.example/x", root.GetProperty("Hooks")[0].GetProperty("Url").GetString());
        Assert.Equal("***", root.GetProperty("Headers").GetProperty("Authorization").GetString());
        Assert.Equal("json", root.GetProperty("Headers").GetProperty("Accept").GetString());
    }

    [Theory]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=dev;AccountKey=Eby8vdM02==;BlobEndpoint=x", "DefaultEndpointsProtocol=http;AccountName=dev;AccountKey=***;BlobEndpoint=x")]
    [InlineData("GET https://acct.blob.core.windows.net/c/b?sv=2022&sig=AbC%2Bd&se=1", "GET https://acct.blob.core.windows.net/c/b?sv=2022&sig=***&se=1")]
    [InlineData("sent Authorization: Bearer eyJhbGciOi.x.y to the hub", "sent Authorization: Bearer *** to the hub")]
    [InlineData("SharedKey devstoreaccount1:Zm9vYmFy= refused", "SharedKey *** refused")]
    [InlineData("password=hunter2 and token: t0k", "password=*** and token: ***")]
    [InlineData("DB_PASSWORD=hunter2 GITHUB_TOKEN=ghp_x1 AWS_SECRET_ACCESS_KEY=abc/def", "DB_PASSWORD=*** GITHUB_TOKEN=*** AWS_SECRET_ACCESS_KEY=***")]
    [InlineData("{\"user\":\"ann\",\"password\":\"pw1\",\"api_key\": \"k2\"}", "{\"user\":\"ann\",\"password\":\"***\",\"api_key\": \"***\"}")]
    [InlineData("x-api-key: sk-77 client_secret='s3'", "x-api-key: *** client_secret='***'")]
    [InlineData("tokens: 5, design=flat, monkey=3, passwords rotated", "tokens: 5, design=flat, monkey=3, passwords rotated")]
    [InlineData("nothing to hide here", "nothing to hide here")]
    public void CredentialsAreMaskedByTheirFormInAnyText(string text, string masked)
        => Assert.Equal(masked, SecretMasking.MaskText(text));

    [Fact]
    public void AnExceptionMessageCarryingACredentialIsMaskedInTheLine()
    {
        var logEvent = ClefFormatterTests.Capture(log => log.Error(new InvalidOperationException("upload failed for AccountKey=Zm9vYmFy;"), "Storage refused"));

        var line = ClefFormatterTests.Format(logEvent);

        Assert.DoesNotContain("Zm9vYmFy", line, StringComparison.Ordinal);
        Assert.Contains("AccountKey=***", line, StringComparison.Ordinal);
    }

    [Fact]
    public void APropertyWithoutSecretsIsTheSameInstance()
    {
        var host = new ScalarValue("h1");
        var logEvent = new LogEvent(DateTimeOffset.UtcNow, LogEventLevel.Information, null, new MessageTemplateParser().Parse("Plain {Host}"), [new LogEventProperty("Host", host)]);

        new SecretMasking().Enrich(logEvent, null!);

        Assert.Same(host, logEvent.Properties["Host"]);
    }
}
