using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using WakeDock.Functions.Status;

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
        Counters = new StreamCounters(meters);
    }

    public StreamCounters Counters { get; }

    public IReadOnlyList<StreamClient> Connected => _clients;

    public int MaxClients => _options.MaxClients;

    public StreamConnectionCounts Counts
    {
        get
        {
            // Under the lock that moves a leaving client's messages into _sentByGone: counted once, so the total never goes back.
            lock (_gate)
            {
                var clients = _clients;
                return new StreamConnectionCounts(clients.Length, Interlocked.Read(ref _total), Interlocked.Read(ref _sentByGone) + clients.Sum(c => c.Sent));
            }
        }
    }

    /// <summary>A new client, or null (counted as refused) when <see cref="StreamOptions.MaxClients"/> are connected already.</summary>
    public StreamClient? TryAdmit(string id, StreamTransport transport)
    {
        lock (_gate)
        {
            if (_clients.Length >= _options.MaxClients)
            {
                Counters.CountRefused(transport, "max_clients");
                return null;
            }

            var client = new StreamClient(id, transport, _options.QueueCapacity, Counters);
            _clients = [.. _clients, client];
            Interlocked.Increment(ref _total);
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
}
