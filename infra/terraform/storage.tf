resource "azurerm_storage_account" "data" {
  name                            = "${var.name_prefix}st${local.suffix}"
  resource_group_name             = azurerm_resource_group.main.name
  location                        = azurerm_resource_group.main.location
  account_tier                    = "Standard"
  account_replication_type        = "ZRS"
  account_kind                    = "StorageV2"
  min_tls_version                 = "TLS1_2"
  https_traffic_only_enabled      = true
  allow_nested_items_to_be_public = false
  # The Functions host and the app reach the account with its connection string (AzureWebJobsStorage).
  shared_access_key_enabled = true
  tags                      = local.tags
}

resource "azurerm_storage_container" "samples" {
  name                  = local.blob_container
  storage_account_id    = azurerm_storage_account.data.id
  container_access_type = "private"
}

# The Functions app's queues: the agents' batches (through their Dapr queue binding) and the alert notifications.
resource "azurerm_storage_queue" "functions" {
  for_each           = toset(local.storage_queues)
  name               = each.value
  storage_account_id = azurerm_storage_account.data.id
}

# A safety net behind the host's own retention timer: a day file is deleted by the host once the day is
# more than N days old; the lifecycle rule deletes what is still there a day after that (last write + N + 1).
resource "azurerm_storage_management_policy" "retention" {
  storage_account_id = azurerm_storage_account.data.id

  rule {
    name    = "raw-samples"
    enabled = true
    filters {
      blob_types   = ["appendBlob", "blockBlob"]
      prefix_match = ["${local.blob_container}/metrics_", "${local.blob_container}/index/metrics_"]
    }
    actions {
      base_blob {
        delete_after_days_since_modification_greater_than = var.metrics_retention_days + 1
      }
    }
  }

  rule {
    name    = "alerts"
    enabled = true
    filters {
      blob_types   = ["appendBlob", "blockBlob"]
      prefix_match = ["${local.blob_container}/alerts_", "${local.blob_container}/index/alerts_"]
    }
    actions {
      base_blob {
        delete_after_days_since_modification_greater_than = var.alerts_retention_days + 1
      }
    }
  }

  rule {
    name    = "minute-tier"
    enabled = true
    filters {
      blob_types   = ["blockBlob", "appendBlob"]
      prefix_match = ["${local.blob_container}/rollups/metrics_1m_"]
    }
    actions {
      base_blob {
        delete_after_days_since_modification_greater_than = var.tier_retention_days.minute + 1
      }
    }
  }

  rule {
    name    = "quarter-tier"
    enabled = true
    filters {
      blob_types   = ["blockBlob", "appendBlob"]
      prefix_match = ["${local.blob_container}/rollups/metrics_15m_"]
    }
    actions {
      base_blob {
        delete_after_days_since_modification_greater_than = var.tier_retention_days.quarter + 1
      }
    }
  }

  rule {
    name    = "hour-tier"
    enabled = true
    filters {
      blob_types   = ["blockBlob", "appendBlob"]
      prefix_match = ["${local.blob_container}/rollups/metrics_1h_"]
    }
    actions {
      base_blob {
        delete_after_days_since_modification_greater_than = var.tier_retention_days.hour + 1
      }
    }
  }

  rule {
    name    = "dead-letters"
    enabled = true
    filters {
      blob_types   = ["appendBlob", "blockBlob"]
      prefix_match = ["${local.blob_container}/deadletter/"]
    }
    actions {
      base_blob {
        delete_after_days_since_modification_greater_than = var.tier_retention_days.dead_letter + 1
      }
    }
  }
}
