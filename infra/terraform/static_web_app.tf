# The dashboard (dashboards/web, static files) served from a Static Web App; it calls the API of the
# functions host (CORS allows this origin).
resource "azurerm_static_web_app" "dashboard" {
  name                = "${var.name_prefix}-dashboard-${local.suffix}"
  resource_group_name = azurerm_resource_group.main.name
  location            = var.static_web_app_location
  sku_tier            = "Free"
  sku_size            = "Free"
  tags                = local.tags
}
