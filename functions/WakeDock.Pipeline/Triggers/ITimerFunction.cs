namespace WakeDock.Pipeline.Triggers;

/// <summary>A function run on a schedule (or by its Dapr cron binding); <see cref="Name"/> is its row in <see cref="TriggerTable"/>.</summary>
public interface ITimerFunction
{
    string Name { get; }

    Task RunAsync(CancellationToken cancellationToken);
}
