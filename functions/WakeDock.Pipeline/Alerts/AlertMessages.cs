using System.Globalization;
using WakeDock.Contracts;

namespace WakeDock.Pipeline.Alerts;

/// <summary>The alert sentences, in the spec's French: <c>CPU critique: 95.0% (seuil: 90%)</c>.</summary>
public static class AlertMessages
{
    public static string Gauge(MetricType metric, AlertLevel? level, double value, double threshold)
    {
        var (name, high, critical, normal, unit) = metric switch
        {
            MetricType.CpuPercent => ("CPU", "élevé", "critique", "revenu à la normale", "%"),
            MetricType.MemoryPercent => ("Mémoire", "élevée", "critique", "revenue à la normale", "%"),
            MetricType.NetworkRx => ("Réseau entrant", "élevé", "critique", "revenu à la normale", " MB/s"),
            _ => ("Réseau sortant", "élevé", "critique", "revenu à la normale", " MB/s"),
        };
        var state = level switch { AlertLevel.Critical => critical, AlertLevel.Warning => high, _ => normal };
        return Invariant($"{name} {state}: {value:0.0}{unit} (seuil: {threshold:0.##}{unit})");
    }

    public static string Exit(int code) => Invariant($"Conteneur arrêté avec le code {code}");

    public static string Oom() => "Conteneur tué par manque de mémoire (OOM)";

    public static string Unhealthy() => "Conteneur en mauvaise santé (healthcheck)";

    public static string Restarted(MetricType metric) => metric switch
    {
        MetricType.ContainerUnhealthy => "Conteneur de nouveau en bonne santé",
        MetricType.ContainerRestartLoop => "Boucle de redémarrage terminée",
        _ => "Conteneur redémarré",
    };

    public static string RestartLoop(int restarts, TimeSpan window, double threshold)
        => Invariant($"Conteneur en boucle de redémarrage: {restarts} démarrages en {window.TotalMinutes:0} min (seuil: {threshold:0.##})");

    public static string HostSilent(TimeSpan silentFor, double thresholdSeconds)
        => Invariant($"Hôte silencieux: aucun lot depuis {silentFor.TotalSeconds:0} s (seuil: {thresholdSeconds:0} s)");

    public static string HostBack() => "Hôte de nouveau joignable";

    public static string OomPredicted(double minutes, long usage, long limit)
        => Invariant($"OOM prévu dans {minutes:0} min: mémoire {usage / 1048576.0:0} MiB sur {limit / 1048576.0:0} MiB, en hausse");

    public static string OomNoLongerPredicted() => "Plus d'OOM prévu: la mémoire ne croît plus vers la limite";

    public static string DiskFullPredicted(string disk, double hours)
        => hours >= 48 ? Invariant($"Disque {disk} plein dans {hours / 24:0} jours") : Invariant($"Disque {disk} plein dans {hours:0} h");

    public static string DiskNoLongerFilling(string disk) => Invariant($"Disque {disk}: plus de remplissage prévu");

    public static string Anomaly(MetricType metric, double value, double median, double spread, double z)
        => Invariant($"{(metric == MetricType.CpuAnomaly ? "CPU" : "Mémoire")} inhabituel: {value:0.0}% (habituel à cette heure: {median:0.0}% ± {spread:0.0}, z = {z:0.0})");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
