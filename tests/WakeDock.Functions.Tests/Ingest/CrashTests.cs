using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using WakeDock.Contracts;
using WakeDock.Testing;

namespace WakeDock.Functions.Tests.Ingest;

/// <summary>The real host as a child process, killed with SIGKILL in the middle of ingesting, then restarted.</summary>
public sealed class CrashTests : IDisposable
{
    private const int Agents = 6;
    private const int SamplesPerBatch = 50;
    private readonly string _storage = TempFolder.Create("crash");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose()
    {
        _http.Dispose();
        TempFolder.Delete(_storage);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NothingAcknowledgedIsLostAndNothingIsStoredTwiceAcrossAKill9()
    {
        var acknowledged = new ConcurrentDictionary<(string Host, long Sequence), bool>();
        var sent = new ConcurrentDictionary<string, CloudEvent<SampleBatch>>();
        var start = DateTimeOffset.UtcNow.AddMinutes(-30);

        using (var host = await HostProcess.StartAsync(_storage, Ct))
        {
            using var stop = new CancellationTokenSource();
            var workers = Enumerable.Range(0, Agents).Select(agent => Task.Run(async () =>
            {
                for (var batch = 0; !stop.IsCancellationRequested; batch++)
                {
                    var first = (long)batch * SamplesPerBatch + 1;
                    var cloudEvent = Samples.NumberedBatch(first, SamplesPerBatch, start.AddSeconds(5 * batch), $"agent-{agent}");
                    sent[cloudEvent.Id] = cloudEvent;
                    try
                    {
                        if (await PostAsync(host.Url, cloudEvent, stop.Token) == "SUCCESS")
                        {
                            foreach (var sample in cloudEvent.Data!.Samples)
                            {
                                acknowledged[(cloudEvent.Data.Host, sample.Sequence)] = true;
                            }
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or OperationCanceledException)
                    {
                        return;
                    }
                }
            }, Ct)).ToList();

            await Eventually.TrueAsync(() => acknowledged.Count >= 20_000, $"20000 samples acknowledged (only {acknowledged.Count})", seconds: 60);

            host.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(workers);
        }

        var afterCrash = await StoredSamples.InFolderAsync(_storage, Ct);
        var lost = acknowledged.Keys.Where(k => !afterCrash.ContainsKey(k)).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged samples lost, e.g. {lost.FirstOrDefault()}");
        Assert.All(afterCrash, s => Assert.Equal(1, s.Value));

        using (var restarted = await HostProcess.StartAsync(_storage, Ct))
        {
            foreach (var batch in sent.Values)
            {
                Assert.Equal("SUCCESS", await PostAsync(restarted.Url, batch, Ct));
            }

            var final = await StoredSamples.InFolderAsync(_storage, Ct);
            var expected = sent.Values.SelectMany(b => b.Data!.Samples.Select(s => (b.Data.Host, s.Sequence))).ToHashSet();
            Assert.Equal(expected.Count, final.Count);
            Assert.True(expected.SetEquals(final.Keys));
            var duplicated = final.Where(s => s.Value > 1).ToList();
            Assert.True(duplicated.Count == 0, $"{duplicated.Count} samples stored twice, e.g. {duplicated.FirstOrDefault().Key}");
        }
    }

    private async Task<string> PostAsync(Uri url, CloudEvent<SampleBatch> batch, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(batch, WakeDockJson.Context.CloudEventSampleBatch));
        content.Headers.ContentType = new MediaTypeHeaderValue(CloudEventTypes.MediaType);
        using var response = await _http.PostAsync(new Uri(url, PipelineNames.IngestRoute), content, cancellationToken);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!["status"]!.GetValue<string>();
    }
}
