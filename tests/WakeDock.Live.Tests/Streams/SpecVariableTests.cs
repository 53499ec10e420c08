using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using WakeDock.Functions.Live;
using WakeDock.Live.Tests.Support;
using WakeDock.Testing;

namespace WakeDock.Live.Tests.Streams;

/// <summary>Process environment variables are global: the tests that set them run alone, after every parallel test of this assembly.</summary>
[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment;

/// <summary>
/// The spec's <c>WAKEDOCK_WS_*</c> variables as an operator sets them: in the process environment, read by the host
/// as it starts (no configuration key given), each with an effect a client sees on the wire.
/// </summary>
[Collection(nameof(ProcessEnvironment))]
public sealed class SpecVariableTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WakedockWsMaxClientsCapsTheConnectedClients()
    {
        using var variables = new EnvironmentVariables(("WAKEDOCK_WS_MAX_CLIENTS", "2"));
        await using var host = LiveHost.Create();
        await using var one = await host.ConnectAsync();
        await using var two = await host.ConnectAsync();
        await using var three = await host.ConnectAsync();

        var refusal = await three.ReceiveAsync();
        var closed = await three.ReceiveAsync();
        using var http = host.CreateClient();
        var status = await http.GetFromJsonAsync<JsonObject>("/api/v1/monitoring/status", Ct);

        Assert.Equal("too_many_clients", (string?)refusal!["data"]!["code"]);
        Assert.Contains("at most 2 clients", (string?)refusal["data"]!["message"], StringComparison.Ordinal);
        Assert.Null(closed);
        Assert.Equal(1013, (int)three.Socket.CloseStatus!);
        Assert.Equal(2, (int)status!["websocket"]!["active_connections"]!);
    }

    [Fact]
    public async Task WakedockWsPingIntervalSetsHowSoonTheServerPings()
    {
        using var variables = new EnvironmentVariables(("WAKEDOCK_WS_PING_INTERVAL", "1"));
        await using var host = LiveHost.Create();
        using var client = await RawWebSocket.ConnectAsync(host.BaseAddress);

        var clock = Stopwatch.StartNew();
        var first = await client.NextControlFrameAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(RawWebSocket.Ping, first);
        // the default interval is 30 s: a ping this soon comes from the variable
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.Equal(1, host.Service<IOptions<StreamOptions>>().Value.PingIntervalSeconds);
    }

    [Fact]
    public async Task WakedockWsClientTimeoutDropsAClientThatNeverAnswersPings()
    {
        using var variables = new EnvironmentVariables(("WAKEDOCK_WS_PING_INTERVAL", "1"), ("WAKEDOCK_WS_CLIENT_TIMEOUT", "3"));
        await using var host = LiveHost.Create();
        using var client = await RawWebSocket.ConnectAsync(host.BaseAddress);
        var clock = Stopwatch.StartNew();

        // read every frame, answer none: the server's pings go unanswered until it gives up on the client
        var ended = await client.ReadUntilClosedAsync(TimeSpan.FromSeconds(30));

        Assert.True(ended, "the server never closed the silent client");
        // the default timeout is 60 s
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20));
        var clients = host.Service<StreamClients>();
        // the server closes the socket, then lets go of the client
        await Eventually.TrueAsync(() => Task.FromResult(clients.Counts.ActiveConnections == 0), TimeSpan.FromSeconds(10), "the dropped client to leave the count");
        Assert.Equal(1, clients.Counts.TotalConnections);
    }

    /// <summary>Sets process variables for one test and puts the previous values back.</summary>
    private sealed class EnvironmentVariables : IDisposable
    {
        private readonly (string Name, string? Previous)[] _saved;

        public EnvironmentVariables(params (string Name, string Value)[] variables)
        {
            _saved = variables.Select(v => (v.Name, Environment.GetEnvironmentVariable(v.Name))).ToArray();
            foreach (var (name, value) in variables)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }

        public void Dispose()
        {
            foreach (var (name, previous) in _saved)
            {
                Environment.SetEnvironmentVariable(name, previous);
            }
        }
    }

    /// <summary>
    /// A WebSocket client over a bare TCP socket (RFC 6455), so that the server's control frames are seen rather than
    /// answered by a client library: it reads frames and never writes after the handshake.
    /// </summary>
    private sealed class RawWebSocket(TcpClient tcp, NetworkStream stream) : IDisposable
    {
        public const int Ping = 0x9;
        private const int Close = 0x8;

        public static async Task<RawWebSocket> ConnectAsync(Uri server)
        {
            var tcp = new TcpClient();
            await tcp.ConnectAsync(server.Host, server.Port, Ct);
            var stream = tcp.GetStream();
            var key = Convert.ToBase64String(Guid.NewGuid().ToByteArray());
            var request = $"GET /api/v1/monitoring/ws HTTP/1.1\r\nHost: {server.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                          $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(request), Ct);
            var head = new StringBuilder();
            var one = new byte[1];
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                Assert.Equal(1, await stream.ReadAsync(one, Ct));
                head.Append((char)one[0]);
            }

            Assert.StartsWith("HTTP/1.1 101", head.ToString(), StringComparison.Ordinal);
            return new RawWebSocket(tcp, stream);
        }

        /// <summary>The opcode of the next control frame (ping, pong or close), skipping data frames.</summary>
        public async Task<int> NextControlFrameAsync(TimeSpan within)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(within);
            while (await ReadFrameAsync(timeout.Token) is { } opcode)
            {
                if (opcode >= Close)
                {
                    return opcode;
                }
            }

            return -1;
        }

        /// <summary>True once the server sent a close frame or ended the connection within <paramref name="within"/>.</summary>
        public async Task<bool> ReadUntilClosedAsync(TimeSpan within)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(within);
            try
            {
                while (await ReadFrameAsync(timeout.Token) is { } opcode)
                {
                    if (opcode == Close)
                    {
                        return true;
                    }
                }

                return true;
            }
            catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
            {
                return false;
            }
            catch (IOException)
            {
                return true;
            }
        }

        /// <summary>The next frame's opcode (its payload read and dropped), or null at the end of the stream.</summary>
        private async Task<int?> ReadFrameAsync(CancellationToken cancellationToken)
        {
            var header = new byte[2];
            if (!await FillAsync(header, cancellationToken))
            {
                return null;
            }

            long length = header[1] & 0x7F;
            if (length >= 126)
            {
                var extended = new byte[length == 126 ? 2 : 8];
                if (!await FillAsync(extended, cancellationToken))
                {
                    return null;
                }

                length = extended.Aggregate(0L, (total, b) => (total << 8) | b);
            }

            var payload = new byte[length + ((header[1] & 0x80) != 0 ? 4 : 0)];
            return await FillAsync(payload, cancellationToken) ? header[0] & 0x0F : null;
        }

        private async Task<bool> FillAsync(byte[] buffer, CancellationToken cancellationToken)
        {
            var read = 0;
            while (read < buffer.Length)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
                if (n == 0)
                {
                    return false;
                }

                read += n;
            }

            return true;
        }

        public void Dispose() => tcp.Dispose();
    }
}
