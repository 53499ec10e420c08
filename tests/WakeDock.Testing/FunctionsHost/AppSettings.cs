using System.Text.RegularExpressions;

namespace WakeDock.Testing.FunctionsHost;

/// <summary>The app settings as the host sees them: the ones given, then the process environment; <c>%NAME%</c> in a binding resolves against them.</summary>
internal sealed partial class AppSettings(IReadOnlyDictionary<string, string> given)
{
    public string? Find(string name)
        => given.TryGetValue(name, out var value) ? value : Environment.GetEnvironmentVariable(name);

    /// <summary>Replaces each <c>%NAME%</c> with its setting; a name without a value is an error, as in the real host.</summary>
    public string Resolve(string text, string what)
        => SettingReference().Replace(text, match => Find(match.Groups[1].Value)
            ?? throw new FunctionsHostException($"{what} '{text}' names the app setting '{match.Groups[1].Value}', which has no value."));

    /// <summary>The storage connection string of a binding's <c>connection</c> (the setting itself, or AzureWebJobs&lt;name&gt;), AzureWebJobsStorage when it names none.</summary>
    public string StorageConnection(string? connection)
    {
        var name = string.IsNullOrEmpty(connection) ? "AzureWebJobsStorage" : connection;
        return Find(name) ?? Find("AzureWebJobs" + name)
            ?? throw new FunctionsHostException($"The connection '{name}' has no app setting (neither {name} nor AzureWebJobs{name}).");
    }

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex SettingReference();
}
