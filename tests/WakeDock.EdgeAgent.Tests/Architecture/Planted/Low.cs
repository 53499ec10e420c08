namespace WakeDock.EdgeAgent.Tests.Architecture.Planted.Low;

/// <summary>A lower layer's type that uses a higher layer's (planted for <see cref="LayerTests"/>).</summary>
public sealed class Reading
{
    public High.Report? Report { get; set; }
}
