namespace WakeDock.Testing.FunctionsHost;

/// <summary>The worker did not do what a Functions host expects of it; the message ends with the worker's last log lines.</summary>
public sealed class FunctionsHostException : Exception
{
    public FunctionsHostException(string message) : base(message)
    {
    }

    public FunctionsHostException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public FunctionsHostException()
    {
    }
}
