# Service Bus: the pub/sub broker behind the Dapr component wakedock-pubsub.
resource "azurerm_servicebus_namespace" "bus" {
  name                = "${var.name_prefix}-sb-${local.suffix}"
  resource_group_name = azurerm_resource_group.main.name
  location            = azurerm_resource_group.main.location
  sku                 = var.servicebus_sku
  minimum_tls_version = "1.2"
  tags                = local.tags
}

resource "azurerm_servicebus_topic" "samples" {
  name                  = local.samples_topic
  namespace_id          = azurerm_servicebus_namespace.bus.id
  max_size_in_megabytes = 5120
  # Batches older than this are of no use to a 7-day store in arrival order anyway.
  default_message_ttl = "P1D"
}

# Where Dapr moves a batch the ingest kept refusing (the subscription's deadLetterTopic); the functions
# host records those in deadletter/ through its own subscription to this topic.
resource "azurerm_servicebus_topic" "samples_deadletter" {
  name                  = local.samples_deadletter
  namespace_id          = azurerm_servicebus_namespace.bus.id
  max_size_in_megabytes = 1024
  default_message_ttl   = "P14D"
}

resource "azurerm_servicebus_topic" "control" {
  name                = local.control_topic
  namespace_id        = azurerm_servicebus_namespace.bus.id
  default_message_ttl = "PT1H"
}

# The functions host's subscription on samples (Dapr's consumerID defaults to the app id); created here so
# that the KEDA scaler has a queue to count before the first replica ever starts.
resource "azurerm_servicebus_subscription" "functions" {
  name               = local.functions_app_id
  topic_id           = azurerm_servicebus_topic.samples.id
  max_delivery_count = 10
  lock_duration      = "PT1M"
}

# Dapr creates the subscriptions it needs (each agent's on agent-control): Manage, Send, Listen.
resource "azurerm_servicebus_namespace_authorization_rule" "dapr" {
  name         = "dapr"
  namespace_id = azurerm_servicebus_namespace.bus.id
  listen       = true
  send         = true
  manage       = true
}
