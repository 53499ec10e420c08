output "api_url" {
  description = "The functions host: query API under /api/v1/monitoring, ingest at /ingest/samples, health at /health."
  value       = "https://${azurerm_container_app.functions.ingress[0].fqdn}"
}

output "dashboard_url" {
  description = "The dashboard (upload dashboards/web/dist with the deployment token below)."
  value       = "https://${azurerm_static_web_app.dashboard.default_host_name}"
}

output "dashboard_deployment_token" {
  description = "The Static Web App's deployment token (swa deploy --deployment-token …)."
  value       = azurerm_static_web_app.dashboard.api_key
  sensitive   = true
}

output "agent_key" {
  description = "The key agents send in X-WakeDock-Agent-Key; the host keeps only its SHA-256."
  value       = random_password.agent_key.result
  sensitive   = true
}

output "agent_install_command" {
  description = "Run on a Docker host to make it join: a GET-only socket proxy and the agent publishing over HTTPS to the ingest route."
  sensitive   = true
  value = join(" ", [
    "docker network create wakedock 2>/dev/null;",
    "docker run -d --name wakedock-docker-proxy --network wakedock --restart unless-stopped --read-only --tmpfs /run",
    "-e PING=1 -e VERSION=1 -e INFO=1 -e EVENTS=1 -e CONTAINERS=1 -e POST=0",
    "-v /var/run/docker.sock:/var/run/docker.sock:ro tecnativa/docker-socket-proxy:0.3.0 &&",
    "docker run -d --name wakedock-agent --network wakedock --restart unless-stopped --read-only --tmpfs /tmp",
    "-v wakedock-agent:/var/lib/wakedock/agent",
    "-e WAKEDOCK_HOST_NAME=$(hostname) -e WAKEDOCK_METRICS_INTERVAL=${var.metrics_interval_seconds}",
    "-e DOCKER_HOST=tcp://wakedock-docker-proxy:2375",
    "-e WakeDock__Agent__Publisher__Target=Http",
    "-e WakeDock__Agent__Publisher__IngestUrl=https://${azurerm_container_app.functions.ingress[0].fqdn}${local.ingest_route}",
    "-e WakeDock__Agent__Publisher__AgentKey=${random_password.agent_key.result}",
    var.agent_image,
  ])
}

output "servicebus_namespace" {
  description = "For agents that publish through their own Dapr sidecar (dapr/components/azure) instead of HTTPS."
  value       = azurerm_servicebus_namespace.bus.name
}

output "storage_account" {
  value = azurerm_storage_account.data.name
}

output "resource_group" {
  value = azurerm_resource_group.main.name
}
