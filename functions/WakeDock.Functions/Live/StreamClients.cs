using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using WakeDock.Functions.Api;

namespace WakeDock.Functions.Live;

/// <summary>
/// The clients connected to the streams, WebSocket and SignalR together: admits them up to the limit, hands them to the
/// broadcaster, and counts what the status reports under <c>websocket</c>.
/// </summary>
public sealed class StreamClients : IStreamConnections
{
    private readonly StreamOptions _options;
    private readonly Lock _gate = new();
    private volatile StreamClient[] _clients = [];
    private long _total, _sentByGone;

    public StreamClients(IOptions<StreamOptions> options, IMeterFactory meters)
    {
        _options = options.Value;
        Metrics = new StreamMetrics(meters, CountByTransport);
    }

    public StreamMetrics Metrics { get; }

    public IReadOnlyList<StreamClient> Connected => _clients;

    public int MaxClients => _options.MaxClients;

    public StreamConnectionCounts Counts
    {
        get
        {
            var clients = _clients;
            return new StreamConnectionCounts(clients.Length, Interlocked.Read(ref _total), Interlocked.Read(ref _sentByGone) + clients.Sum(c => c.Sent));
        }
    }

    /// <summary>A new client, or null (counted as refused) when <see cref="StreamOptions.MaxClients"/> are connected already.</summary>
    public StreamClient? TryAdmit(string id, StreamTransport transport)
    {
        lock (_gate)
        {
            if (_clients.Length >= _options.MaxClients)
            {
                Metrics.CountRefused(transport, "max_clients");
                return null;
            }

            var client = new StreamClient(id, transport, _options.QueueCapacity, Metrics);
            _clients = [.. _clients, client];
            Interlocked.Increment(ref _total);
            Metrics.CountAccepted(transport);
            return client;
        }
    }

    public StreamClient? Find(string id) => Array.Find(_clients, c => c.Id == id);

    public void Remove(StreamClient client)
    {
        lock (_gate)
        {
            var remaining = _clients.Where(c => !ReferenceEquals(c, client)).ToArray();
            if (remaining.Length == _clients.Length)
            {
                return;
            }

            _clients = remaining;
            Interlocked.Add(ref _sentByGone, client.Sent);
        }

        client.Complete();
    }

    public string FullMessage => $"The live streams serve at most {_options.MaxClients} clients at once (WAKEDOCK_WS_MAX_CLIENTS); try again later.";

    private IEnumerable<(StreamTransport, int)> CountByTransport()
    {
        var clients = _clients;
        return [(StreamTransport.WebSocket, clients.Count(c => c.Transport == StreamTransport.WebSocket)), (StreamTransport.SignalR, clients.Count(c => c.Transport == StreamTransport.SignalR))];
    }
}
