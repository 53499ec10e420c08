using System.Text.Json;
using WakeDock.Testing;

namespace WakeDock.Observability.Tests.Support;

/// <summary>A query of a dashboard: a panel's target or a template variable.</summary>
internal sealed record DashboardQuery(string Dashboard, string Where, string Expression);

/// <summary>The Grafana dashboards of <c>dashboards/grafana</c>, read as Grafana would.</summary>
internal static class GrafanaDashboards
{
    public static IReadOnlyList<string> Files { get; } = [.. Directory.GetFiles(RepoFiles.PathOf("dashboards/grafana"), "*.json").Order(StringComparer.Ordinal)];

    public static JsonElement Read(string file) => JsonDocument.Parse(File.ReadAllText(file)).RootElement.Clone();

    /// <summary>Every panel, rows' nested panels included.</summary>
    public static IEnumerable<JsonElement> Panels(JsonElement dashboard)
    {
        foreach (var panel in dashboard.GetProperty("panels").EnumerateArray())
        {
            yield return panel;
            if (panel.TryGetProperty("panels", out var nested))
            {
                foreach (var inner in nested.EnumerateArray())
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>Every PromQL expression of every dashboard: panel targets, and label_values() of query variables.</summary>
    public static IEnumerable<DashboardQuery> Queries()
    {
        foreach (var file in Files)
        {
            var dashboard = Read(file);
            var name = Path.GetFileName(file);
            foreach (var panel in Panels(dashboard).Where(p => p.GetProperty("type").GetString() != "row"))
            {
                foreach (var target in panel.GetProperty("targets").EnumerateArray())
                {
                    yield return new DashboardQuery(name, panel.GetProperty("title").GetString()!, target.GetProperty("expr").GetString()!);
                }
            }

            foreach (var variable in dashboard.GetProperty("templating").GetProperty("list").EnumerateArray().Where(v => v.GetProperty("type").GetString() == "query"))
            {
                var definition = variable.GetProperty("definition").GetString()!;
                var inner = definition["label_values(".Length..definition.LastIndexOf(',')];
                yield return new DashboardQuery(name, "$" + variable.GetProperty("name").GetString(), inner);
            }
        }
    }
}
