resource "azurerm_log_analytics_workspace" "logs" {
  name                = "${var.name_prefix}-logs-${local.suffix}"
  resource_group_name = azurerm_resource_group.main.name
  location            = azurerm_resource_group.main.location
  sku                 = "PerGB2018"
  retention_in_days   = 30
  tags                = local.tags
}

# Traces of the host (its own Azure Monitor exporter) and of the Dapr sidecars land here.
resource "azurerm_application_insights" "traces" {
  name                = "${var.name_prefix}-ai-${local.suffix}"
  resource_group_name = azurerm_resource_group.main.name
  location            = azurerm_resource_group.main.location
  workspace_id        = azurerm_log_analytics_workspace.logs.id
  application_type    = "web"
  tags                = local.tags
}
