"""Seeds the API benchmark's host: N containers with an hour of samples at 5 s, posted to /ingest/samples. Args: port containers."""
import json, sys, urllib.request, uuid, datetime
port, containers = int(sys.argv[1]), int(sys.argv[2])
now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
sequence = 0
for tick in range(720, 0, -1):
    at = (now - datetime.timedelta(seconds=5 * tick)).strftime("%Y-%m-%dT%H:%M:%SZ")
    samples = []
    for c in range(containers):
        sequence += 1
        samples.append({"container_id": f"c{c:03d}{'0' * 60}", "container_name": f"bench-{c:03d}", "service_name": f"svc-{c % 5}",
                        "host": "bench-host", "image": "busybox:latest", "timestamp": at, "cpu_percent": 10 + c % 40 + tick % 7,
                        "memory_usage": 50_000_000 + c, "memory_limit": 1_000_000_000, "memory_percent": 5.0, "network_rx_bytes": tick * 1000,
                        "network_tx_bytes": tick * 500, "pids": 4, "network_rx_bytes_per_sec": 100.0, "network_tx_bytes_per_sec": 50.0,
                        "block_read_bytes": 0, "block_write_bytes": 0, "sequence": sequence})
    event = {"specversion": "1.0", "id": str(uuid.uuid4()), "source": "wakedock://agent/bench-host", "type": "io.wakedock.samples.batch.v1",
             "datacontenttype": "application/json", "time": at,
             "data": {"host": "bench-host", "first_sequence": sequence - containers + 1, "last_sequence": sequence, "interval_seconds": 5, "samples": samples, "events": []}}
    request = urllib.request.Request(f"http://127.0.0.1:{port}/ingest/samples", data=json.dumps(event).encode(), headers={"Content-Type": "application/cloudevents+json"})
    answer = json.load(urllib.request.urlopen(request))
    assert answer["status"] == "SUCCESS", answer
