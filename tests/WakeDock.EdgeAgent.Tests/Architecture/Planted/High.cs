namespace WakeDock.EdgeAgent.Tests.Architecture.Planted.High;

/// <summary>A higher layer's type that uses a lower layer's, closing a cycle with <see cref="Low.Reading"/>.</summary>
public sealed class Report
{
    public Low.Reading? Source { get; set; }
}

/// <summary>A higher layer's type that uses nothing of the others.</summary>
public sealed class Title
{
    public string Text { get; set; } = "";
}
