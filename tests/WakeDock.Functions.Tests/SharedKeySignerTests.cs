using WakeDock.Pipeline.Storage.Azure;

namespace WakeDock.Functions.Tests;

public sealed class SharedKeySignerTests
{
    [Fact]
    public void TheStringToSignFollowsTheBlobServiceLayout()
    {
        var signer = new SharedKeySigner("devstoreaccount1", Convert.ToBase64String("key"u8.ToArray()));
        using var request = new HttpRequestMessage(HttpMethod.Put, "http://127.0.0.1:10000/devstoreaccount1/c/metrics_2025-01-16.jsonl?comp=appendblock");
        request.Headers.Add("x-ms-version", "2023-11-03");
        request.Headers.Add("x-ms-date", "Thu, 16 Jan 2025 10:30:00 GMT");
        request.Headers.Add("x-ms-blob-condition-appendpos", "42");
        request.Content = new ByteArrayContent("{}\n"u8.ToArray());
        request.Content.Headers.ContentType = new("application/octet-stream");

        var text = signer.StringToSign(request);

        Assert.Equal(
            "PUT\n\n\n3\n\napplication/octet-stream\n\n\n\n\n\n\n" +
            "x-ms-blob-condition-appendpos:42\nx-ms-date:Thu, 16 Jan 2025 10:30:00 GMT\nx-ms-version:2023-11-03\n" +
            "/devstoreaccount1/devstoreaccount1/c/metrics_2025-01-16.jsonl\ncomp:appendblock",
            text);
    }

    [Fact]
    public void AnEmptyBodyLeavesContentLengthEmptyAndQueryParametersAreSorted()
    {
        var signer = new SharedKeySigner("acct", Convert.ToBase64String("key"u8.ToArray()));
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://acct.blob.core.windows.net/c?restype=container&comp=list&prefix=metrics_");
        request.Headers.Add("x-ms-version", "2023-11-03");
        request.Content = new ByteArrayContent([]);

        var text = signer.StringToSign(request);

        Assert.StartsWith("GET\n\n\n\n", text, StringComparison.Ordinal);
        Assert.EndsWith("/acct/c\ncomp:list\nprefix:metrics_\nrestype:container", text, StringComparison.Ordinal);
    }
}
