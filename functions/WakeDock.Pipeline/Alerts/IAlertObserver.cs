namespace WakeDock.Pipeline.Alerts;

/// <summary>
/// Something told of every alert record this instance wrote (fired, escalated, resolved): the live feed, the alert
/// callbacks. Called on the writer's path once the record is durable: keep it short and never wait.
/// </summary>
public interface IAlertObserver
{
    void OnAlert(AlertRecord record);
}
