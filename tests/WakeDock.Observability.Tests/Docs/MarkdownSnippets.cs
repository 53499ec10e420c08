using System.Text.RegularExpressions;

namespace WakeDock.Observability.Tests.Docs;

/// <summary>A fenced block of a Markdown page: its language, the file its <c>title="…"</c> names, its text.</summary>
internal sealed record MarkdownSnippet(string Language, string? File, string Text, int Line);

internal static partial class MarkdownSnippets
{
    public static IReadOnlyList<MarkdownSnippet> Of(string markdown)
    {
        var snippets = new List<MarkdownSnippet>();
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var open = Fence().Match(lines[i]);
            if (!open.Success)
            {
                continue;
            }

            var indent = open.Groups["indent"].Value.Length;
            var title = Title().Match(open.Groups["info"].Value);
            var body = new List<string>();
            var start = i + 1;
            for (i++; i < lines.Length && lines[i].Trim() != "```"; i++)
            {
                body.Add(lines[i].Length >= indent && string.IsNullOrWhiteSpace(lines[i][..indent]) ? lines[i][indent..] : lines[i]);
            }

            snippets.Add(new MarkdownSnippet(open.Groups["language"].Value, title.Success ? title.Groups["file"].Value : null, string.Join('\n', body), start));
        }

        return snippets;
    }

    /// <summary>The <c>## </c> headings, in order.</summary>
    public static IReadOnlyList<string> Sections(string markdown)
    {
        var inFence = false;
        var sections = new List<string>();
        foreach (var line in markdown.Split('\n'))
        {
            if (Fence().IsMatch(line) || line.Trim() == "```")
            {
                inFence = !inFence;
            }
            else if (!inFence && line.StartsWith("## ", StringComparison.Ordinal))
            {
                sections.Add(line[3..].Trim());
            }
        }

        return sections;
    }

    [GeneratedRegex(@"^(?<indent>\s*)```(?<language>[A-Za-z0-9_+-]+)(?<info>.*)$")]
    private static partial Regex Fence();

    [GeneratedRegex(@"title=""(?<file>[^""]+)""")]
    private static partial Regex Title();
}
