using System.Collections.Specialized;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using WakeDock.EdgeAgent.HttpServer;
using WakeDock.Testing;

namespace WakeDock.EdgeAgent.Tests.HttpServer;

public sealed class AgentHttpServerTests : IAsyncLifetime
{
    private readonly RecordingHandler _handler = new();
    private AgentHttpServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IPEndPoint Endpoint => _server.Endpoints[0];

    public async ValueTask InitializeAsync()
    {
        _server = Server("http://127.0.0.1:0", _handler, TimeSpan.FromMilliseconds(500));
        await _server.StartAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync(CancellationToken.None);
        _server.Dispose();
    }

    [Fact]
    public async Task StartingWhileClientsKeepConnectingNeverFails()
    {
        // HttpListener failed about one start in seven under this load: its endpoint accepted before its connection table existed.
        var port = FreePort.Next();
        using var hammering = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var clients = Enumerable.Range(0, 2).Select(_ => Task.Run(() => HammerAsync(port, hammering.Token), Ct)).ToList();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            for (var start = 0; start < 40; start++)
            {
                var server = Server($"http://127.0.0.1:{port}", new RecordingHandler(), TimeSpan.FromSeconds(1));
                await server.StartAsync(Ct);
                Assert.Equal("GET /health", await http.GetStringAsync($"http://127.0.0.1:{port}/health", Ct));
                await server.StopAsync(Ct);
                server.Dispose();
            }
        }
        finally
        {
            await hammering.CancelAsync();
            await Task.WhenAll(clients);
        }
    }

    [Fact]
    public async Task PipelinedRequestsOnAKeptAliveConnectionAreAnsweredInOrder()
    {
        using var client = await ConnectAsync();

        await SendAsync(client, "GET /a?x=1 HTTP/1.1\r\nHost: agent\r\n\r\nPOST /b HTTP/1.1\r\nHost: agent\r\nContent-Length: 5\r\n\r\nhelloGET /c HTTP/1.1\r\nHost: agent\r\n\r\n");
        var answers = await ReadResponsesAsync(client, 3);

        Assert.Equal(["GET /a", "POST /b hello", "GET /c"], answers.Select(a => a.Body));
        Assert.All(answers, a => Assert.Equal(200, a.Status));
        Assert.Equal("1", _handler.Queries[0]["x"]);
    }

    [Fact]
    public async Task ABodySentAfterExpectContinueReachesTheHandlerWithTheDaprToken()
    {
        using var http = new HttpClient();
        var body = new string('x', 300_000);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://{Endpoint}/control/commands?tail=5") { Content = new StringContent(body) };
        request.Headers.ExpectContinue = true;
        request.Headers.Add("dapr-api-token", "secret");

        using var response = await http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("POST /control/commands " + body, await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("secret", _handler.Tokens.Single());
        Assert.Equal("5", _handler.Queries.Single()["tail"]);
    }

    [Fact]
    public async Task AChunkedBodyIsJoinedWithItsExtensionsAndTrailersLeftOut()
    {
        using var client = await ConnectAsync();

        await SendAsync(client, "POST /chunked HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;name=value\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n"
            + "GET /after HTTP/1.1\r\n\r\n");
        var answers = await ReadResponsesAsync(client, 2);

        Assert.Equal(["POST /chunked hello world", "GET /after"], answers.Select(a => a.Body));
    }

    [Fact]
    public async Task JsonContentFromHttpClientWhichSendsItChunkedArrivesWhole()
    {
        using var http = new HttpClient();
        var command = new Dictionary<string, string> { ["command"] = "stop", ["host"] = new string('h', 50_000) };

        using var response = await http.PostAsync($"http://{Endpoint}/control/commands", System.Net.Http.Json.JsonContent.Create(command), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("POST /control/commands " + System.Text.Json.JsonSerializer.Serialize(command), await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task HeadAnswersTheLengthWithoutTheBody()
    {
        using var client = await ConnectAsync();

        await SendAsync(client, "HEAD /health HTTP/1.1\r\nHost: agent\r\n\r\nGET /next HTTP/1.1\r\nHost: agent\r\n\r\n");
        var answers = await ReadResponsesAsync(client, 2, headWithoutBody: true);

        Assert.Equal("12", answers[0].Headers["Content-Length"]);
        Assert.Equal("", answers[0].Body);
        Assert.Equal("GET /next", answers[1].Body);
    }

    [Theory]
    [InlineData("NONSENSE\r\n\r\n", 400, "request line")]
    [InlineData("GET /x HTTP/2.0\r\n\r\n", 505, "HTTP/2.0")]
    [InlineData("GET x HTTP/1.1\r\n\r\n", 400, "not a path")]
    [InlineData("GET /x HTTP/1.1\r\nno colon here\r\n\r\n", 400, "malformed header field")]
    [InlineData("POST /x HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501, "gzip")]
    [InlineData("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\nhello", 400, "together")]
    [InlineData("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n", 400, "zz")]
    [InlineData("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n", 400, "longer than its size")]
    [InlineData("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n100001\r\n", 413, "1048576")]
    [InlineData("POST /x HTTP/1.1\r\nContent-Length: ten\r\n\r\n", 400, "ten")]
    [InlineData("POST /x HTTP/1.1\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\n", 400, "two different")]
    [InlineData("POST /x HTTP/1.1\r\nContent-Length: 2000000\r\n\r\n", 413, "1048576")]
    public async Task AMalformedRequestIsRefusedWithWhyAndTheConnectionClosed(string request, int status, string reason)
    {
        using var client = await ConnectAsync();

        await SendAsync(client, request);
        var answer = (await ReadResponsesAsync(client, 1)).Single();

        Assert.Equal(status, answer.Status);
        Assert.Contains(reason, answer.Body);
        Assert.Equal("close", answer.Headers["Connection"]);
        Assert.Equal(0, await ReceiveWithinAsync(client));
        Assert.Empty(_handler.Requests);
    }

    [Fact]
    public async Task AHeadLargerThanTheServerReadsIs431()
    {
        using var client = await ConnectAsync();

        await SendAsync(client, "GET /x HTTP/1.1\r\nX-Big: " + new string('b', 20_000) + "\r\n\r\n");
        var answer = (await ReadResponsesAsync(client, 1)).Single();

        Assert.Equal(431, answer.Status);
        Assert.Empty(_handler.Requests);
    }

    [Fact]
    public async Task AFailingRouteIs500AndTheConnectionServesTheNextRequest()
    {
        using var client = await ConnectAsync();

        await SendAsync(client, "GET /throw HTTP/1.1\r\n\r\nGET /after HTTP/1.1\r\n\r\n");
        var answers = await ReadResponsesAsync(client, 2);

        Assert.Equal([500, 200], answers.Select(a => a.Status));
        Assert.Equal("GET /after", answers[1].Body);
    }

    [Fact]
    public async Task HttpOnePointZeroClosesAfterItsAnswerUnlessAskedToKeepAlive()
    {
        using var closing = await ConnectAsync();
        await SendAsync(closing, "GET /one HTTP/1.0\r\n\r\n");
        Assert.Equal("GET /one", (await ReadResponsesAsync(closing, 1)).Single().Body);
        Assert.Equal(0, await ReceiveWithinAsync(closing));

        using var kept = await ConnectAsync();
        await SendAsync(kept, "GET /one HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /two HTTP/1.0\r\n\r\n");
        Assert.Equal(["GET /one", "GET /two"], (await ReadResponsesAsync(kept, 2)).Select(a => a.Body));
    }

    [Fact]
    public async Task AConnectionThatSendsNothingIsClosedAfterTheHeadTimeout()
    {
        using var client = await ConnectAsync();
        var started = DateTime.UtcNow;

        var read = await ReceiveWithinAsync(client);

        Assert.Equal(0, read);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task AnAddressInUseIsRefusedWithTheAddressNamed()
    {
        var taken = Server($"http://127.0.0.1:{Endpoint.Port}", _handler, TimeSpan.FromSeconds(1));

        var refused = await Assert.ThrowsAsync<AgentUrlsException>(() => taken.StartAsync(Ct));

        Assert.Contains($"127.0.0.1:{Endpoint.Port}", refused.Message);
    }

    [Theory]
    [InlineData("http://*:7072", "0.0.0.0:7072")]
    [InlineData("http://+:7072/", "0.0.0.0:7072")]
    [InlineData("http://0.0.0.0:80", "0.0.0.0:80")]
    [InlineData("http://[::]:7072", "[::]:7072")]
    [InlineData("http://localhost:9", "127.0.0.1:9")]
    [InlineData(" http://10.77.1.2:7072 ; http://127.0.0.1:7073", "10.77.1.2:7072,127.0.0.1:7073")]
    public void UrlsAreReadAsKestrelReadsThem(string urls, string expected)
        => Assert.Equal(expected, string.Join(',', AgentUrls.Parse(urls).Select(e => e.ToString())));

    [Theory]
    [InlineData("https://0.0.0.0:7072", "not an http://")]
    [InlineData("http://agent.example:7072", "not on the name agent.example")]
    [InlineData(" ; ", "no address")]
    public void UrlsTheAgentCannotListenOnAreRefused(string urls, string reason)
        => Assert.Contains(reason, Assert.Throws<AgentUrlsException>(() => AgentUrls.Parse(urls)).Message);

    private static AgentHttpServer Server(string urls, IAgentHttpHandler handler, TimeSpan headTimeout)
        => new(handler, new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["urls"] = urls }).Build(),
            NullLogger<AgentHttpServer>.Instance) { HeadTimeout = headTimeout };

    private async Task<Socket> ConnectAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(Endpoint, Ct);
        return socket;
    }

    /// <summary>The next bytes' count, 0 once the server closed; a server that neither sends nor closes fails the test within 5 s.</summary>
    private static async Task<int> ReceiveWithinAsync(Socket socket)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        return await socket.ReceiveAsync(new byte[16], timeout.Token);
    }

    private static async Task SendAsync(Socket socket, string text) => await socket.SendAsync(Encoding.ASCII.GetBytes(text), Ct);

    private static async Task HammerAsync(int port, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
            }
        }
    }

    /// <summary>Reads <paramref name="count"/> responses (status line, headers, Content-Length body) off the socket.</summary>
    private static async Task<List<Response>> ReadResponsesAsync(Socket socket, int count, bool headWithoutBody = false)
    {
        var received = new List<byte>();
        var buffer = new byte[65536];
        var responses = new List<Response>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (responses.Count < count)
        {
            var text = Encoding.ASCII.GetString([.. received]);
            var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (headEnd >= 0)
            {
                var lines = text[..headEnd].Split("\r\n");
                var headers = lines.Skip(1).Select(l => l.Split(": ", 2)).ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
                var length = headWithoutBody && responses.Count == 0 ? 0 : int.Parse(headers["Content-Length"]);
                if (received.Count >= headEnd + 4 + length)
                {
                    responses.Add(new Response(int.Parse(lines[0].Split(' ')[1]), headers, text.Substring(headEnd + 4, length)));
                    received.RemoveRange(0, headEnd + 4 + length);
                    continue;
                }
            }

            var read = await socket.ReceiveAsync(buffer, timeout.Token);
            Assert.True(read > 0, $"the connection closed after {responses.Count} of {count} responses");
            received.AddRange(buffer.AsSpan(0, read));
        }

        return responses;
    }

    private sealed record Response(int Status, Dictionary<string, string> Headers, string Body);

    /// <summary>Answers "METHOD /path body" and keeps what each request carried; <c>/throw</c> fails.</summary>
    private sealed class RecordingHandler : IAgentHttpHandler
    {
        public List<string> Requests { get; } = [];

        public List<NameValueCollection> Queries { get; } = [];

        public List<string?> Tokens { get; } = [];

        public async Task<AgentHttpResponse> HandleAsync(string method, string path, NameValueCollection query, string? apiToken, Stream body,
            CancellationToken cancellationToken)
        {
            if (path == "/throw")
            {
                throw new InvalidOperationException("the route failed");
            }

            var content = await new StreamReader(body).ReadToEndAsync(cancellationToken);
            lock (Requests)
            {
                Requests.Add(path);
                Queries.Add(query);
                Tokens.Add(apiToken);
            }

            return AgentHttpResponse.Text(200, $"{method} {path}" + (content.Length > 0 ? " " + content : ""));
        }
    }
}
