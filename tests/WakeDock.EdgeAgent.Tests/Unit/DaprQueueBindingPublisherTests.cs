using System.Text.Json;
using WakeDock.Contracts;
using WakeDock.EdgeAgent.Configuration;
using WakeDock.EdgeAgent.Publishing;
using WakeDock.EdgeAgent.Tests.Support;

namespace WakeDock.EdgeAgent.Tests.Unit;

/// <summary>The queue-binding publisher against a real HTTP server speaking the sidecar's output-binding API.</summary>
public sealed class DaprQueueBindingPublisherTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ASmallBatchIsOneCreateOnTheQueueBindingWhoseDataIsTheCloudEventWithTheApiToken()
    {
        await using var sidecar = new DaprSidecarStub();
        await sidecar.StartAsync();
        using var publisher = new DaprQueueBindingPublisher(Options(sidecar, token: "s3cret"));
        var batch = Batches.Numbered(1, samples: 3);
        var json = JsonSerializer.SerializeToUtf8Bytes(batch, WakeDockJson.Context.CloudEventSampleBatch);

        Assert.Equal(BatchAcceptance.Accepted, await publisher.PublishAsync(batch, json, Ct));

        var request = Assert.Single(sidecar.Bindings);
        Assert.Equal(PipelineNames.SamplesQueueBinding, request.Binding);
        Assert.Equal("s3cret", request.ApiToken);
        Assert.Equal("application/json", request.ContentType);
        Assert.Equal("create", request.Operation);
        Assert.Equal(JsonValueKind.Object, request.Data.ValueKind);
        Assert.Equal(json, JsonSerializer.SerializeToUtf8Bytes(request.Data.Deserialize(WakeDockJson.Context.CloudEventSampleBatch)!, WakeDockJson.Context.CloudEventSampleBatch));
        Assert.Equal("batch-1", request.Data.GetProperty("id").GetString());
        Assert.Equal(3, request.Data.GetProperty("data").GetProperty("samples").GetArrayLength());
        Assert.False(request.Body.TryGetProperty("metadata", out _));
    }

    [Fact]
    public async Task ABatchOverTheQueueLimitIsUploadedAsAClaimCheckBlobAndTheQueueGetsItsName()
    {
        await using var sidecar = new DaprSidecarStub();
        await sidecar.StartAsync();
        using var publisher = new DaprQueueBindingPublisher(Options(sidecar, token: null));
        var batch = Batches.Numbered(100, samples: 600);
        var json = JsonSerializer.SerializeToUtf8Bytes(batch, WakeDockJson.Context.CloudEventSampleBatch);
        Assert.True(json.Length > DaprQueueBindingPublisher.MaxQueuedBytes, $"the batch is only {json.Length} bytes");

        Assert.Equal(BatchAcceptance.Accepted, await publisher.PublishAsync(batch, json, Ct));

        Assert.Equal(2, sidecar.Bindings.Count);
        var (upload, ticket) = (sidecar.Bindings[0], sidecar.Bindings[1]);
        Assert.All(sidecar.Bindings, r => Assert.Null(r.ApiToken));

        const string claim = "claims/wakedock---agent-test-host/batch-100.json";
        Assert.Equal(PipelineNames.ClaimCheckBinding, upload.Binding);
        Assert.Equal("create", upload.Operation);
        Assert.Equal(claim, upload.Metadata("blobName"));
        Assert.Equal("application/json", upload.Metadata("contentType"));
        Assert.Equal(600, upload.Data.GetProperty("data").GetProperty("samples").GetArrayLength());

        Assert.Equal(PipelineNames.SamplesQueueBinding, ticket.Binding);
        Assert.Equal("create", ticket.Operation);
        Assert.Equal($$"""{"claim_check":"{{claim}}"}""", ticket.Data.GetRawText());
        Assert.StartsWith(PipelineNames.ClaimCheckPrefix, claim, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailedUploadIsRetriedWithoutEnqueuingAClaimToAMissingBlob()
    {
        await using var sidecar = new DaprSidecarStub();
        await sidecar.StartAsync();
        sidecar.Failing.Add(PipelineNames.ClaimCheckBinding);
        using var publisher = new DaprQueueBindingPublisher(Options(sidecar, token: null));
        var batch = Batches.Numbered(1, samples: 600);

        var outcome = await publisher.PublishAsync(batch, JsonSerializer.SerializeToUtf8Bytes(batch, WakeDockJson.Context.CloudEventSampleBatch), Ct);

        Assert.Equal(BatchAcceptance.Retry, outcome);
        Assert.Equal([PipelineNames.ClaimCheckBinding], sidecar.Bindings.Select(r => r.Binding));
    }

    [Fact]
    public async Task AFailingQueueBindingOrNoSidecarIsARetry()
    {
        await using var sidecar = new DaprSidecarStub();
        await sidecar.StartAsync();
        sidecar.Failing.Add(PipelineNames.SamplesQueueBinding);
        var batch = Batches.Numbered(1);
        var json = JsonSerializer.SerializeToUtf8Bytes(batch, WakeDockJson.Context.CloudEventSampleBatch);
        using var failing = new DaprQueueBindingPublisher(Options(sidecar, token: null));
        using var absent = new DaprQueueBindingPublisher(new PublisherOptions { DaprHttpPort = WakeDock.Testing.FreePort.Next(), TimeoutSeconds = 5 });

        Assert.Equal(BatchAcceptance.Retry, await failing.PublishAsync(batch, json, Ct));
        await Assert.ThrowsAsync<HttpRequestException>(() => absent.PublishAsync(batch, json, Ct));
    }

    [Fact]
    public void TheClaimCheckNameKeepsOnlySafeCharactersAndStaysUnderTheClaimPrefix()
    {
        var batch = Batches.Numbered(1) with { Id = "../../etc/passwd", Source = "wakedock://agent/host one" };

        var name = DaprQueueBindingPublisher.ClaimCheckName(batch);

        Assert.Equal("claims/wakedock---agent-host-one/etc-passwd.json", name);
        Assert.DoesNotContain("..", name, StringComparison.Ordinal);
    }

    private static PublisherOptions Options(DaprSidecarStub sidecar, string? token) => new()
    {
        Target = PublisherTarget.DaprQueueBinding,
        DaprHttpPort = sidecar.Port,
        DaprApiToken = token,
    };
}
