namespace WakeDock.Observability.Tests.Tracing;

/// <summary>Tracer providers and activity listeners are process-wide: the tracing tests run one at a time.</summary>
[CollectionDefinition("Tracing")]
public sealed class TracingTests;
