using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WakeDock.Contracts;
using WakeDock.EdgeAgent.Configuration;
using WakeDock.EdgeAgent.Publishing;
using WakeDock.EdgeAgent.Spool;

namespace WakeDock.EdgeAgent.Control;

/// <summary>
/// The control topic over gRPC without a gRPC server in the agent: Dapr's streaming subscription
/// (<c>SubscribeTopicEventsAlpha1</c>), a bidirectional stream the agent opens to the sidecar's gRPC port. The first
/// message names the pub/sub and the topic; daprd then sends each event, and the agent answers each one with its id and
/// SUCCESS, RETRY or DROP (<see cref="ControlCommandReceiver"/>, as on the HTTP route). A stream that breaks or that the
/// sidecar ends is opened again after the spool's backoff, reset once a stream was accepted.
/// </summary>
public sealed partial class DaprControlSubscription(
    IOptions<AgentOptions> options, ControlCommandReceiver receiver, ILogger<DaprControlSubscription> logger) : BackgroundService
{
    private const int MaxMessageBytes = 4 * 1024 * 1024;
    private readonly AgentOptions _options = options.Value;
    private bool _accepted;

    public static bool Enabled(AgentOptions options) => options.Publisher is { Target: PublisherTarget.DaprGrpc, ControlStream: true };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled(_options))
        {
            return;
        }

        var publisher = _options.Publisher;
        using var http = DaprPublisher.SidecarClient(publisher, string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{publisher.DaprGrpcPort}/"));
        http.Timeout = Timeout.InfiniteTimeSpan;
        var backoff = new ReplayBackoff(TimeSpan.FromSeconds(_options.Spool.InitialBackoffSeconds), TimeSpan.FromSeconds(_options.Spool.MaxBackoffSeconds),
            Random.Shared);
        while (!stoppingToken.IsCancellationRequested)
        {
            string reason;
            _accepted = false;
            try
            {
                reason = await SubscribeAsync(http, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                reason = e.Message;
            }

            if (_accepted)
            {
                backoff.Reset();
            }

            var wait = backoff.Next();
            LogBroken(publisher.DaprGrpcPort, reason, wait.TotalSeconds);
            try
            {
                await Task.Delay(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One stream, until the sidecar ends it or it breaks: why it ended.</summary>
    private async Task<string> SubscribeAsync(HttpClient http, CancellationToken stoppingToken)
    {
        using var stream = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var requests = new RequestStream();
        using var request = new HttpRequestMessage(HttpMethod.Post, SubscribeTopicEventsMessages.Method)
        {
            Content = requests,
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        try
        {
            var sending = http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stream.Token);
            if (await Task.WhenAny(requests.Opened, sending) == sending)
            {
                using var early = await sending;
                return $"the sidecar answered HTTP {(int)early.StatusCode} before the subscription was sent";
            }

            var output = await requests.Opened;
            await WriteAsync(output, SubscribeTopicEventsMessages.InitialRequest(PipelineNames.PubSub, PipelineNames.ControlTopic, [], null), stream.Token);

            using var response = await sending;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return $"the sidecar answered HTTP {(int)response.StatusCode}";
            }

            if (GrpcStatus(response.Headers) is { } refused)
            {
                return $"the sidecar refused the subscription: {refused}";
            }

            await using var input = await response.Content.ReadAsStreamAsync(stream.Token);
            var buffer = new byte[1024];
            while (await ReadMessageAsync(input, buffer, stream.Token) is { } message)
            {
                buffer = message.Buffer;
                if (SubscribeTopicEventsMessages.ReadResponse(message.Buffer.AsSpan(0, message.Length)) is not { } topicEvent)
                {
                    _accepted = true;
                    LogSubscribed(PipelineNames.ControlTopic, _options.Publisher.DaprGrpcPort);
                    continue;
                }

                var status = await receiver.ReceiveAsync(topicEvent, stream.Token);
                await WriteAsync(output, SubscribeTopicEventsMessages.EventProcessed(topicEvent.Id, status), stream.Token);
            }

            return GrpcStatus(response.TrailingHeaders) is { } ended ? $"the sidecar ended the stream: {ended}" : "the sidecar ended the stream";
        }
        finally
        {
            requests.Complete();
            await stream.CancelAsync();
        }
    }

    private static async Task WriteAsync(Stream output, byte[] frame, CancellationToken cancellationToken)
    {
        await output.WriteAsync(frame, cancellationToken);
        await output.FlushAsync(cancellationToken);
    }

    /// <summary>The next gRPC message (5-byte prefix: compression flag, big-endian length), or null at the end of the stream.</summary>
    private static async Task<(byte[] Buffer, int Length)?> ReadMessageAsync(Stream input, byte[] buffer, CancellationToken cancellationToken)
    {
        var prefix = new byte[5];
        var read = await input.ReadAtLeastAsync(prefix, prefix.Length, throwOnEndOfStream: false, cancellationToken);
        if (read == 0)
        {
            return null;
        }

        if (read < prefix.Length)
        {
            throw new InvalidDataException("The sidecar's stream ended inside a message prefix.");
        }

        if (prefix[0] != 0)
        {
            throw new InvalidDataException("The sidecar sent a compressed message; the agent asks for none.");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(prefix.AsSpan(1));
        if (length > MaxMessageBytes)
        {
            throw new InvalidDataException($"The sidecar sent a message of {length} bytes, over {MaxMessageBytes}.");
        }

        if (buffer.Length < length)
        {
            buffer = new byte[length];
        }

        await input.ReadExactlyAsync(buffer.AsMemory(0, (int)length), cancellationToken);
        return (buffer, (int)length);
    }

    private static string? GrpcStatus(HttpHeaders headers)
        => headers.TryGetValues("grpc-status", out var status) && status.FirstOrDefault() is { } code and not "0"
            ? headers.TryGetValues("grpc-message", out var message) ? $"gRPC status {code} ({Uri.UnescapeDataString(message.FirstOrDefault() ?? "")})" : $"gRPC status {code}"
            : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscribed to the control topic {Topic} over the sidecar's gRPC stream (port {Port})")]
    private partial void LogSubscribed(string topic, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Control stream to the sidecar's gRPC port {Port} closed: {Reason}. Subscribing again in {Seconds:0.#} s.")]
    private partial void LogBroken(int port, string reason, double seconds);

    /// <summary>The request side of the stream: open while the subscription lasts, written as events are answered.</summary>
    private sealed class RequestStream : HttpContent
    {
        private readonly TaskCompletionSource<Stream> _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public RequestStream() => Headers.ContentType = new MediaTypeHeaderValue("application/grpc");

        public Task<Stream> Opened => _opened.Task;

        public void Complete() => _completed.TrySetResult();

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            _opened.TrySetResult(stream);
            await _completed.Task.WaitAsync(cancellationToken);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
