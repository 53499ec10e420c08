namespace WakeDock.EdgeAgent.Tests.Architecture.Planted.Stray;

/// <summary>A type in a namespace the planted layers do not list.</summary>
public sealed class Loose;
