resource "azurerm_container_app_environment" "main" {
  name                       = "${var.name_prefix}-env-${local.suffix}"
  resource_group_name        = azurerm_resource_group.main.name
  location                   = azurerm_resource_group.main.location
  log_analytics_workspace_id = azurerm_log_analytics_workspace.logs.id
  # The Dapr sidecars' own traces.
  dapr_application_insights_connection_string = azurerm_application_insights.traces.connection_string
  tags                                        = local.tags
}

# dapr/components/azure/pubsub.yaml, as a Container Apps component.
resource "azurerm_container_app_environment_dapr_component" "pubsub" {
  name                         = local.pubsub_name
  container_app_environment_id = azurerm_container_app_environment.main.id
  component_type               = "pubsub.azure.servicebus.topics"
  version                      = "v1"
  scopes                       = [local.functions_app_id]

  secret {
    name  = "servicebus-connection-string"
    value = azurerm_servicebus_namespace_authorization_rule.dapr.primary_connection_string
  }

  metadata {
    name        = "connectionString"
    secret_name = "servicebus-connection-string"
  }

  metadata {
    name  = "maxDeliveryCount"
    value = "10"
  }

  metadata {
    name  = "lockDurationInSec"
    value = "60"
  }
}

locals {
  api_key_settings = merge([
    for index, name in sort(keys(var.api_keys)) : {
      "WakeDock__Security__ApiKeys__${index}__Name" = name
      "WakeDock__Security__ApiKeys__${index}__Role" = var.api_keys[name].role
      "WakeDock__Security__ApiKeys__${index}__Hash" = var.api_keys[name].hash
    }
  ]...)

  # Plain settings of the Functions app (the tests read their names from here and hold them to the code).
  functions_environment = {
    FUNCTIONS_WORKER_RUNTIME             = "dotnet-isolated"
    FUNCTIONS_EXTENSION_VERSION          = "~4"
    ASPNETCORE_URLS                      = "http://0.0.0.0:${local.functions_port}"
    WAKEDOCK_EMBEDDED_AGENT              = "false"
    WAKEDOCK_METRICS_INTERVAL            = tostring(var.metrics_interval_seconds)
    WAKEDOCK_METRICS_RETENTION_DAYS      = tostring(var.metrics_retention_days)
    WAKEDOCK_ALERTS_RETENTION_DAYS       = tostring(var.alerts_retention_days)
    WakeDock__Retention__MinuteTierDays  = tostring(var.tier_retention_days.minute)
    WakeDock__Retention__QuarterTierDays = tostring(var.tier_retention_days.quarter)
    WakeDock__Retention__HourTierDays    = tostring(var.tier_retention_days.hour)
    WakeDock__Retention__DeadLetterDays  = tostring(var.tier_retention_days.dead_letter)
    # The data is in AzureWebJobsStorage's account (no WakeDock__Storage__Blob__Endpoint).
    WAKEDOCK_STORAGE                   = "blob"
    WakeDock__Storage__Blob__Container = azurerm_storage_container.samples.name
    WAKEDOCK_INGEST_QUEUE              = local.samples_queue
    WAKEDOCK_NOTIFICATIONS_QUEUE       = local.notifications_queue
    WAKEDOCK_CORS_ORIGINS              = "https://${azurerm_static_web_app.dashboard.default_host_name}"
    # The app exports its spans to Application Insights itself (APPLICATIONINSIGHTS_CONNECTION_STRING); no OTLP endpoint,
    # so that no collector sends them a second time. The service name is the cloud role.
    OTEL_SERVICE_NAME = "wakedock-functions"
    # Each replica writes its own segments (named after CONTAINER_APP_REPLICA_NAME) and takes hosts by lease.
    WakeDock__ScaleOut__Enabled = var.max_replicas > 1 ? "true" : "false"
  }

  functions_settings = merge(local.functions_environment, local.timer_schedules, local.api_key_settings)

  # Setting name => secret name. APP_API_TOKEN is not among them: Container Apps injects it and its
  # sidecar sends it on every delivery, which the app then requires.
  functions_secret_settings = {
    AzureWebJobsStorage                   = "storage-connection-string"
    APPLICATIONINSIGHTS_CONNECTION_STRING = "appinsights-connection-string"
    WakeDock__Ingest__AgentKeys__0        = "agent-key-hash"
    Azure__SignalR__ConnectionString      = "signalr-connection-string"
  }
}

resource "azurerm_container_app" "functions" {
  name                         = "${var.name_prefix}-functions"
  container_app_environment_id = azurerm_container_app_environment.main.id
  resource_group_name          = azurerm_resource_group.main.name
  revision_mode                = "Single"
  tags                         = local.tags

  secret {
    name  = "storage-connection-string"
    value = azurerm_storage_account.data.primary_connection_string
  }

  secret {
    name  = "agent-key-hash"
    value = "sha256:${sha256(random_password.agent_key.result)}"
  }

  secret {
    name  = "signalr-connection-string"
    value = azurerm_signalr_service.live.primary_connection_string
  }

  secret {
    name  = "servicebus-connection-string"
    value = azurerm_servicebus_namespace_authorization_rule.dapr.primary_connection_string
  }

  secret {
    name  = "appinsights-connection-string"
    value = azurerm_application_insights.traces.connection_string
  }

  # for_each over a flag, not over the credentials: Terraform refuses sensitive values there.
  dynamic "secret" {
    for_each = var.registry_server == null ? [] : ["registry-password"]
    content {
      name  = secret.value
      value = var.registry_password
    }
  }

  dynamic "registry" {
    for_each = var.registry_server == null ? [] : [var.registry_server]
    content {
      server               = registry.value
      username             = var.registry_username
      password_secret_name = "registry-password"
    }
  }

  dapr {
    app_id       = local.functions_app_id
    app_port     = local.functions_port
    app_protocol = "http"
  }

  ingress {
    external_enabled           = true
    target_port                = local.functions_port
    transport                  = "auto"
    allow_insecure_connections = false

    traffic_weight {
      latest_revision = true
      percentage      = 100
    }
  }

  template {
    min_replicas = var.min_replicas
    # The HTTP, queue-length and Service Bus backlog rules add replicas up to this; they share the
    # Docker hosts by blob lease and answer queries alike (docs/scale-out.md).
    max_replicas = var.max_replicas

    container {
      name   = "functions"
      image  = var.functions_image
      cpu    = 0.5
      memory = "1Gi"

      dynamic "env" {
        for_each = local.functions_settings
        content {
          name  = env.key
          value = env.value
        }
      }

      dynamic "env" {
        for_each = local.functions_secret_settings
        content {
          name        = env.key
          secret_name = env.value
        }
      }

      liveness_probe {
        transport        = "HTTP"
        port             = local.functions_port
        path             = "/health"
        interval_seconds = 30
      }

      readiness_probe {
        transport = "HTTP"
        port      = local.functions_port
        path      = "/health"
      }
    }

    # Wakes the host (from zero) for API calls and dashboard use.
    http_scale_rule {
      name                = "http"
      concurrent_requests = "50"
    }

    # Wakes the host when batches wait on the samples queue (agents' Dapr queue binding).
    azure_queue_scale_rule {
      name         = "samples-queue"
      queue_name   = local.samples_queue
      queue_length = 100

      authentication {
        secret_name       = "storage-connection-string"
        trigger_parameter = "connection"
      }
    }

    # Wakes the host when batches wait on its subscription.
    custom_scale_rule {
      name             = "samples-backlog"
      custom_rule_type = "azure-servicebus"
      metadata = {
        namespace        = azurerm_servicebus_namespace.bus.name
        topicName        = local.samples_topic
        subscriptionName = azurerm_servicebus_subscription.functions.name
        messageCount     = "100"
      }

      authentication {
        secret_name       = "servicebus-connection-string"
        trigger_parameter = "connection"
      }
    }
  }
}
