namespace WakeDock.Pipeline.ScaleOut;

/// <summary>
/// This instance's name among others on one storage, for its segments and leases: the platform's replica or instance
/// name when it gives one (Container Apps, Functions), the machine's name otherwise; lower-case letters, digits and dashes.
/// </summary>
public static class InstanceName
{
    private static readonly string[] Variables = ["CONTAINER_APP_REPLICA_NAME", "WEBSITE_INSTANCE_ID", "HOSTNAME"];

    public static string FromEnvironment()
    {
        var raw = Variables.Select(Environment.GetEnvironmentVariable).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)) ?? Environment.MachineName;
        return Clean(raw);
    }

    public static string Clean(string raw)
    {
        var name = new string([.. raw.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]).Trim('-');
        return name.Length == 0 ? "instance" : name[..Math.Min(name.Length, 40)].TrimEnd('-');
    }
}
