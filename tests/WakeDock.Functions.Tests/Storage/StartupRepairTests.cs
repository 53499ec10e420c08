using System.Text;
using WakeDock.Contracts;
using WakeDock.Pipeline.Ingest;
using WakeDock.Pipeline.Query;
using WakeDock.Pipeline.Storage;
using WakeDock.Testing;

namespace WakeDock.Functions.Tests.Storage;

public sealed class StartupRepairTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ASegmentLeftWithATornLineIsRepairedAtStartAndItsSamplesStillCount()
    {
        var folder = TempFolder.Create("torn");
        try
        {
            var at = DateTimeOffset.UtcNow.AddMinutes(-1);
            var whole = Samples.Of("abc123", at, sequence: 1);
            var segment = Path.Combine(folder, $"metrics_{at:yyyy-MM-dd}.000.jsonl");
            var complete = LineEncoder.Line(whole, WakeDockJson.Context.ContainerSample);
            var torn = Encoding.UTF8.GetBytes("{\"container_id\":\"abc123\",\"timestamp\":\"20");
            await File.WriteAllBytesAsync(segment, [.. complete, .. torn], Ct);

            await using var app = FunctionsApplication.Create(folder);
            var ingest = app.Service<IBatchIngest>();

            Assert.True(!File.Exists(segment) || new FileInfo(segment).Length == complete.Length, "the torn line is cut at start-up");
            Assert.True((await ingest.IngestAsync(Samples.Batch("again", [whole]), IngestOrigin.Dapr, Ct)).Duplicate, "the sample of the repaired segment is known to the dedupe");
            Assert.Equal(IngestOutcome.Stored(1), await ingest.IngestAsync(Samples.Batch("next", [Samples.Of("abc123", at.AddSeconds(5), sequence: 2)]), IngestOrigin.Dapr, Ct));
            var samples = await app.Service<SampleQueries>().QueryAsync(new SampleQuery { From = at.AddMinutes(-1), To = at.AddMinutes(1) }, Ct);
            Assert.Equal([2L, 1L], samples.Samples.Select(s => s.Sequence));
        }
        finally
        {
            TempFolder.Delete(folder);
        }
    }
}
