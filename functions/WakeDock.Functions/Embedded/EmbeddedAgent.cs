using Microsoft.Extensions.Options;
using WakeDock.EdgeAgent.Configuration;
using WakeDock.EdgeAgent.Hosting;
using WakeDock.EdgeAgent.Publishing;
using WakeDock.Functions.Status;
using WakeDock.Pipeline.Options;

namespace WakeDock.Functions.Embedded;

/// <summary>
/// Embedded mode (the default): the edge agent runs in this process and hands its batches straight
/// to the same ingest that Dapr deliveries reach. <c>WAKEDOCK_EMBEDDED_AGENT=false</c> (or
/// <c>WakeDock:EmbeddedAgent:Enabled=false</c>) turns it off for the distributed mode, where agents
/// publish through Dapr from their own hosts.
/// </summary>
public static class EmbeddedAgent
{
    public static WebApplicationBuilder AddEmbeddedAgent(this WebApplicationBuilder builder)
    {
        if (!HostMode.HasEmbeddedAgent(builder.Configuration))
        {
            return builder;
        }

        // The hand-over is in-process whatever the agent section says: a Dapr or HTTP target here would
        // send the host's own samples out and back in.
        builder.Configuration.AddInMemoryCollection([new($"{AgentOptions.SectionName}:Publisher:Target", nameof(PublisherTarget.InProcess))]);
        builder.Services.AddEdgeAgent(builder.Configuration);
        builder.Services.AddSingleton<IBatchSink, IngestBatchSink>();
        builder.Services.AddSingleton<IPostConfigureOptions<AgentOptions>, AgentFollowsPipelineSettings>();
        return builder;
    }

    /// <summary>One interval for both halves: the pipeline's silent-host rule counts the agent's intervals.</summary>
    private sealed class AgentFollowsPipelineSettings(IOptions<WakeDockOptions> pipeline) : IPostConfigureOptions<AgentOptions>
    {
        public void PostConfigure(string? name, AgentOptions options)
            => options.IntervalSeconds = pipeline.Value.Collection.IntervalSeconds;
    }
}
