// The integration tests share one Docker engine on a small machine and compare CPU figures with
// docker stats: one test at a time keeps them from disturbing each other's measurements.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
