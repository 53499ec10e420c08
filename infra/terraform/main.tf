# WakeDock's distributed mode on Azure (docs/deploy.md): agents on every Docker host publish batches to
# Service Bus through Dapr, or over HTTPS to the ingest route; the Functions app (the Azure Functions host
# image, functions/Dockerfile) runs in Azure Container Apps with its Dapr sidecar, takes its timers and
# queues from the storage account (AzureWebJobsStorage), keeps samples in Blob Storage and streams through
# Azure SignalR Service;
# the dashboard is a Static Web App. The names shared with the code (pub/sub, topics, bindings, app id)
# are those of contracts/WakeDock.Contracts/PipelineNames.cs and the trigger table; tests compare them.

locals {
  suffix = random_string.suffix.result
  tags   = merge({ application = "wakedock" }, var.tags)

  # contracts/WakeDock.Contracts/PipelineNames.cs
  pubsub_name        = "wakedock-pubsub"
  samples_topic      = "samples"
  samples_deadletter = "samples-deadletter"
  control_topic      = "agent-control"
  ingest_route       = "/ingest/samples"
  functions_app_id   = "wakedock-functions"
  functions_port     = 7071
  blob_container     = "wakedock"
  agent_key_header   = "X-WakeDock-Agent-Key"

  samples_queue       = "wakedock-samples"
  notifications_queue = "wakedock-notifications"
  # The Functions host moves a message to <queue>-poison after maxDequeueCount tries (host.json).
  storage_queues = [local.samples_queue, "${local.samples_queue}-poison", local.notifications_queue, "${local.notifications_queue}-poison"]

  # functions/WakeDock.Pipeline/Triggers/TriggerTable.cs: the timer triggers' %settings% and their schedules.
  # The Functions host does not index a timer whose setting is missing: every one is set.
  timer_schedules = {
    WAKEDOCK_ALERT_SWEEP_SCHEDULE = "*/15 * * * * *"
    WAKEDOCK_COMPACTION_SCHEDULE  = "0 * * * * *"
    WAKEDOCK_ROLLUP_SCHEDULE      = "0 */5 * * * *"
    WAKEDOCK_RETENTION_SCHEDULE   = "0 30 3 * * *"
  }
}

resource "random_string" "suffix" {
  length  = 6
  upper   = false
  special = false
}

# The key agents send in X-WakeDock-Agent-Key; the host keeps only its SHA-256.
resource "random_password" "agent_key" {
  length  = 48
  special = false
}

resource "azurerm_resource_group" "main" {
  name     = "${var.name_prefix}-rg"
  location = var.location
  tags     = local.tags
}
