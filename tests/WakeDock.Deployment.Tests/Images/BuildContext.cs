using System.Text.RegularExpressions;

namespace WakeDock.Deployment.Tests.Images;

/// <summary>
/// The files <c>docker build</c> sends from the repository: everything but what <c>.dockerignore</c>
/// excludes (Docker's rules: patterns relative to the root, <c>*</c> within a name, <c>**</c> across
/// folders, a trailing <c>/</c> ignored, <c>!</c> re-including; the last matching pattern wins).
/// </summary>
internal sealed class BuildContext(string root, IReadOnlyList<(Regex Pattern, bool Exclude)> rules)
{
    public string Root { get; } = root;

    public static BuildContext Load(string root)
    {
        var file = Path.Combine(root, ".dockerignore");
        var lines = File.Exists(file) ? File.ReadAllLines(file) : [];
        var rules = lines
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.StartsWith('!') ? (Pattern(l[1..]), false) : (Pattern(l), true))
            .ToList();
        return new BuildContext(root, rules);
    }

    /// <summary>Whether the path (relative, with '/') is left out of the context.</summary>
    public bool Excludes(string relative)
    {
        var excluded = false;
        var segments = relative.Split('/');
        for (var length = 1; length <= segments.Length; length++)
        {
            var prefix = string.Join('/', segments[..length]);
            foreach (var (pattern, exclude) in rules)
            {
                if (pattern.IsMatch(prefix))
                {
                    excluded = exclude;
                }
            }

            if (excluded)
            {
                return true;
            }
        }

        return excluded;
    }

    /// <summary>What <c>COPY source destination</c> puts under <paramref name="destination"/>; returns the files copied.</summary>
    public int Copy(string source, string destination)
    {
        var from = Path.Combine(Root, source.TrimEnd('/'));
        if (File.Exists(from))
        {
            if (Excludes(source.TrimEnd('/')))
            {
                throw new InvalidOperationException($"COPY {source}: excluded by .dockerignore");
            }

            var target = destination.EndsWith('/') || Directory.Exists(destination) ? Path.Combine(destination, Path.GetFileName(from)) : destination;
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(from, target, overwrite: true);
            return 1;
        }

        if (!Directory.Exists(from))
        {
            throw new InvalidOperationException($"COPY {source}: not in the build context");
        }

        var copied = 0;
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Root, file).Replace('\\', '/');
            if (Excludes(relative))
            {
                continue;
            }

            var target = Path.Combine(destination, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
            copied++;
        }

        return copied;
    }

    private static Regex Pattern(string pattern)
    {
        var text = pattern.Trim('/');
        var regex = "^" + Regex.Escape(text)
            .Replace(@"\*\*/", "(.*/)?", StringComparison.Ordinal)
            .Replace(@"/\*\*", "(/.*)?", StringComparison.Ordinal)
            .Replace(@"\*\*", ".*", StringComparison.Ordinal)
            .Replace(@"\*", "[^/]*", StringComparison.Ordinal)
            .Replace(@"\?", "[^/]", StringComparison.Ordinal) + "$";
        return new Regex(regex, RegexOptions.CultureInvariant);
    }
}
