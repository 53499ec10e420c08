# Live updates fan out through Azure SignalR Service in serverless mode: the functions host negotiates
# and broadcasts over its REST API; browsers connect to the service.
resource "azurerm_signalr_service" "live" {
  name                = "${var.name_prefix}-signalr-${local.suffix}"
  resource_group_name = azurerm_resource_group.main.name
  location            = azurerm_resource_group.main.location
  service_mode        = "Serverless"

  sku {
    name     = var.signalr_sku
    capacity = 1
  }

  cors {
    allowed_origins = ["https://${azurerm_static_web_app.dashboard.default_host_name}"]
  }

  connectivity_logs_enabled = true
  messaging_logs_enabled    = false
  tags                      = local.tags
}
