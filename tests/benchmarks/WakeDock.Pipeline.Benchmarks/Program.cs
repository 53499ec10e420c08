namespace WakeDock.Pipeline.Benchmarks;

/// <summary>
/// The pipeline benchmarks, run by <c>scripts/bench/ingest.sh</c> and <c>scripts/bench/query.sh</c>:
/// <c>ingest --url U [--seconds 15] [--warmup 3] [--concurrency 32] [--containers 100]</c>;
/// <c>generate --path DIR [--days 7] [--containers 100] [--interval 5] [--hosts 4] [--busy-tenths 3]</c>;
/// <c>query --path DIR [--runs 200]</c>; <c>follow --path DIR [--batches 2000] [--agents 16]</c>.
/// </summary>
internal static class Entry
{
    public static async Task<int> Main(string[] args)
    {
        var options = Arguments.Parse(args.Skip(1));
        return args.FirstOrDefault() switch
        {
            "ingest" => await IngestLoad.RunAsync(options),
            "generate" => await StoreGenerator.RunAsync(options),
            "query" => await QueryBench.RunAsync(options),
            "ingest-in-process" => await InProcessIngest.RunAsync(options),
            "follow" => await FollowBench.RunAsync(options),
            _ => Usage(),
        };
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: WakeDock.Pipeline.Benchmarks ingest|generate|query [--name value]…");
        return 2;
    }
}
