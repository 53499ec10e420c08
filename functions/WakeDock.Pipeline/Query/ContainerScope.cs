namespace WakeDock.Pipeline.Query;

/// <summary>
/// The containers a caller may see: those on one of <see cref="Hosts"/>, of one of <see cref="Services"/> (Compose
/// services) and whose name is of one of <see cref="Projects"/> (Compose names its containers
/// <c>&lt;project&gt;-&lt;service&gt;-N</c>, or with underscores) or matches one of <see cref="Names"/> (globs: <c>*</c>,
/// <c>?</c>). Each list given must match; an empty list does not limit. A container without the field a list names
/// (no service, no name) is outside it.
/// </summary>
public sealed record ContainerScope(IReadOnlyList<string> Hosts, IReadOnlyList<string> Services, IReadOnlyList<string> Projects, IReadOnlyList<string> Names)
{
    public bool IsUnlimited => Hosts.Count == 0 && Services.Count == 0 && Projects.Count == 0 && Names.Count == 0;

    /// <summary>A text that is equal for equal scopes: what caches of answers key on.</summary>
    public string Key => string.Join('\u001f', Part(Hosts), Part(Services), Part(Projects), Part(Names));

    public bool Allows(string? name, string? service, string? host)
        => MayAllow(service, host) && AllowsName(name);

    /// <summary>Whether a container of this service and host may be in scope when its name is not known (an index entry).</summary>
    public bool MayAllow(string? service, string? host)
        => In(Hosts, host) && In(Services, service);

    public bool AllowsHost(string? host) => In(Hosts, host);

    private bool AllowsName(string? name)
    {
        if (Projects.Count == 0 && Names.Count == 0)
        {
            return true;
        }

        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        foreach (var project in Projects)
        {
            if (name.Length > project.Length && name.StartsWith(project, StringComparison.Ordinal) && name[project.Length] is '-' or '_')
            {
                return true;
            }
        }

        foreach (var pattern in Names)
        {
            if (Glob(pattern, name))
            {
                return true;
            }
        }

        return false;
    }

    private static bool In(IReadOnlyList<string> allowed, string? value)
        => allowed.Count == 0 || (value is not null && allowed.Contains(value, StringComparer.Ordinal));

    /// <summary><c>*</c> any run of characters, <c>?</c> one character, the rest literally (case-sensitive, as Docker names are).</summary>
    public static bool Glob(string pattern, string text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    private static string Part(IReadOnlyList<string> values) => string.Join('\u001e', values.Order(StringComparer.Ordinal));
}
