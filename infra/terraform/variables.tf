variable "subscription_id" {
  description = "The Azure subscription; null takes ARM_SUBSCRIPTION_ID or the Azure CLI's."
  type        = string
  default     = null
}

variable "name_prefix" {
  description = "Prefix of every resource name (lower-case letters and digits, 3 to 12, starting with a letter)."
  type        = string
  default     = "wakedock"

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{2,11}$", var.name_prefix))
    error_message = "name_prefix: 3 to 12 lower-case letters and digits, starting with a letter (it is part of the storage account name)."
  }
}

variable "location" {
  description = "Azure region of everything but the Static Web App."
  type        = string
  default     = "westeurope"
}

variable "static_web_app_location" {
  description = "Static Web Apps run in a few regions only."
  type        = string
  default     = "westeurope"

  validation {
    condition     = contains(["westus2", "centralus", "eastus2", "westeurope", "eastasia"], var.static_web_app_location)
    error_message = "static_web_app_location: one of westus2, centralus, eastus2, westeurope, eastasia."
  }
}

variable "functions_image" {
  description = "The functions host image (functions/Dockerfile), by tag or digest, e.g. myregistry.azurecr.io/wakedock/functions:1.4.0."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9.-]+(:[0-9]+)?/[a-z0-9./_-]+(:[A-Za-z0-9._-]+|@sha256:[0-9a-f]{64})$", var.functions_image)) && !endswith(var.functions_image, ":latest")
    error_message = "functions_image: registry/repository with a version tag or a digest (not :latest, so that a new revision is a deliberate change)."
  }
}

variable "agent_image" {
  description = "The agent image (edge-agent/Dockerfile) the install command runs on each Docker host."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9.-]+(:[0-9]+)?/[a-z0-9./_-]+(:[A-Za-z0-9._-]+|@sha256:[0-9a-f]{64})$", var.agent_image)) && !endswith(var.agent_image, ":latest")
    error_message = "agent_image: registry/repository with a version tag or a digest (not :latest)."
  }
}

variable "registry_server" {
  description = "A private registry holding the images (e.g. myregistry.azurecr.io); null for a public one."
  type        = string
  default     = null
}

variable "registry_username" {
  type    = string
  default = null
}

variable "registry_password" {
  type      = string
  default   = null
  sensitive = true
}

variable "metrics_interval_seconds" {
  description = "Seconds between two collections on every agent (WAKEDOCK_METRICS_INTERVAL)."
  type        = number
  default     = 5

  validation {
    condition     = var.metrics_interval_seconds >= 0.1 && var.metrics_interval_seconds <= 3600
    error_message = "metrics_interval_seconds: between 0.1 and 3600, as the agent accepts."
  }
}

variable "metrics_retention_days" {
  description = "Days of raw samples (WAKEDOCK_METRICS_RETENTION_DAYS); the blob lifecycle rule deletes a day later as a safety net."
  type        = number
  default     = 7

  validation {
    condition     = var.metrics_retention_days >= 1 && var.metrics_retention_days <= 3650 && floor(var.metrics_retention_days) == var.metrics_retention_days
    error_message = "metrics_retention_days: a whole number of days, 1 to 3650."
  }
}

variable "alerts_retention_days" {
  description = "Days of alert records (WAKEDOCK_ALERTS_RETENTION_DAYS)."
  type        = number
  default     = 7

  validation {
    condition     = var.alerts_retention_days >= 1 && var.alerts_retention_days <= 3650 && floor(var.alerts_retention_days) == var.alerts_retention_days
    error_message = "alerts_retention_days: a whole number of days, 1 to 3650."
  }
}

variable "tier_retention_days" {
  description = "Days of the rollup tiers and of dead letters."
  type = object({
    minute      = number
    quarter     = number
    hour        = number
    dead_letter = number
  })
  default = {
    minute      = 30
    quarter     = 90
    hour        = 365
    dead_letter = 30
  }

  validation {
    condition     = alltrue([for days in values(var.tier_retention_days) : days >= 1 && days <= 3650])
    error_message = "tier_retention_days: every value between 1 and 3650 days."
  }
}

variable "min_replicas" {
  description = "0 scales the functions host to zero when no batch arrives (serverless); 1 keeps the timers, and so host_silent alerts, running when every agent has gone quiet."
  type        = number
  default     = 0

  validation {
    condition     = contains([0, 1], var.min_replicas)
    error_message = "min_replicas: 0 or 1."
  }
}

variable "max_replicas" {
  description = "The most functions replicas the scale rules may run. Above 1 the replicas share the work by Docker host (a blob lease per host, docs/scale-out.md)."
  type        = number
  default     = 10

  validation {
    condition     = var.max_replicas >= 1 && var.max_replicas <= 30
    error_message = "max_replicas: between 1 and 30."
  }
}

variable "servicebus_sku" {
  description = "Topics need Standard or Premium."
  type        = string
  default     = "Standard"

  validation {
    condition     = contains(["Standard", "Premium"], var.servicebus_sku)
    error_message = "servicebus_sku: Standard or Premium (Basic has no topics)."
  }
}

variable "signalr_sku" {
  description = "Azure SignalR Service tier: Free_F1 (20 connections), Standard_S1 or Premium_P1."
  type        = string
  default     = "Free_F1"

  validation {
    condition     = contains(["Free_F1", "Standard_S1", "Premium_P1"], var.signalr_sku)
    error_message = "signalr_sku: Free_F1, Standard_S1 or Premium_P1."
  }
}

variable "api_keys" {
  description = "API keys by name: role (Reader or Admin) and sha256:<hex> of the key (scripts never see the key itself)."
  type = map(object({
    role = string
    hash = string
  }))

  validation {
    condition     = alltrue([for key in values(var.api_keys) : contains(["Reader", "Admin"], key.role) && can(regex("^sha256:[0-9a-f]{64}$", key.hash))])
    error_message = "api_keys: role Reader or Admin, hash sha256: and 64 lower-case hex digits (printf %s KEY | sha256sum)."
  }

  validation {
    condition     = length(var.api_keys) > 0
    error_message = "api_keys: at least one key: the API is on a public address."
  }
}

variable "tags" {
  description = "Tags of every resource."
  type        = map(string)
  default     = {}
}
