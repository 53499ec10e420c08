using System.Text.RegularExpressions;

namespace WakeDock.Deployment.Tests.Images;

/// <summary>One instruction: its keyword (upper case) and the rest of its (joined) lines.</summary>
internal sealed record DockerInstruction(string Keyword, string Arguments)
{
    /// <summary>The arguments split on whitespace, without the <c>--flag=value</c> options that lead them.</summary>
    public IReadOnlyList<string> Words => Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public IReadOnlyList<string> Flags => [.. Words.TakeWhile(w => w.StartsWith("--", StringComparison.Ordinal))];

    public IReadOnlyList<string> Operands => [.. Words.SkipWhile(w => w.StartsWith("--", StringComparison.Ordinal))];
}

/// <summary>A build stage: <c>FROM image [AS name]</c> and its instructions.</summary>
internal sealed record DockerStage(string Image, string? Name, IReadOnlyList<DockerInstruction> Instructions)
{
    public IEnumerable<DockerInstruction> All(string keyword) => Instructions.Where(i => i.Keyword == keyword);

    /// <summary>ENV as name/value pairs (the <c>ENV a=b c=d</c> form).</summary>
    public IReadOnlyDictionary<string, string> Environment
        => All("ENV").SelectMany(i => i.Words).Select(w => w.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");
}

/// <summary>A Dockerfile read the way the builder reads it: continuation lines joined, comments dropped, stages split.</summary>
internal sealed partial class Dockerfile
{
    private Dockerfile(IReadOnlyDictionary<string, string> globalArguments, IReadOnlyList<DockerStage> stages)
    {
        GlobalArguments = globalArguments;
        Stages = stages;
    }

    /// <summary>ARGs before the first FROM, with their defaults.</summary>
    public IReadOnlyDictionary<string, string> GlobalArguments { get; }

    public IReadOnlyList<DockerStage> Stages { get; }

    public DockerStage Final => Stages[^1];

    public DockerStage Stage(string name) => Stages.Single(s => s.Name == name);

    public static Dockerfile Parse(string text)
    {
        var instructions = new List<DockerInstruction>();
        var pending = "";
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1].Trim() + " ";
                continue;
            }

            var whole = (pending + line.Trim()).Trim();
            pending = "";
            if (whole.Length > 0)
            {
                var space = whole.IndexOf(' ');
                instructions.Add(new DockerInstruction(whole[..space].ToUpperInvariant(), Spaces().Replace(whole[(space + 1)..], " ").Trim()));
            }
        }

        var globals = new Dictionary<string, string>(StringComparer.Ordinal);
        var stages = new List<DockerStage>();
        List<DockerInstruction>? current = null;
        string image = "", name = "";
        foreach (var instruction in instructions)
        {
            if (instruction.Keyword == "FROM")
            {
                if (current is not null)
                {
                    stages.Add(new DockerStage(image, name.Length > 0 ? name : null, current));
                }

                var words = instruction.Operands;
                image = Substitute(words[0], globals);
                name = words.Count >= 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2] : "";
                current = [];
            }
            else if (current is null)
            {
                if (instruction.Keyword == "ARG")
                {
                    var pair = instruction.Arguments.Split('=', 2);
                    globals[pair[0]] = pair.Length > 1 ? pair[1] : "";
                }
            }
            else
            {
                current.Add(instruction);
            }
        }

        if (current is not null)
        {
            stages.Add(new DockerStage(image, name.Length > 0 ? name : null, current));
        }

        return new Dockerfile(globals, stages);
    }

    /// <summary>Replaces <c>${NAME}</c> and <c>$NAME</c> with the values given.</summary>
    public static string Substitute(string text, IReadOnlyDictionary<string, string> values)
        => Variable().Replace(text, m => values.TryGetValue(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value, out var v) ? v : m.Value);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Variable();
}
