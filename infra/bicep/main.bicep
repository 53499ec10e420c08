// WakeDock's distributed mode on Azure: the same resources as infra/terraform, transcribed by hand, with one
// difference: the Functions app is a Container App of kind 'functionapp' (Azure Functions on Azure Container
// Apps), which the azurerm provider cannot declare. The tests build and lint this file with the Bicep CLI
// (docs/deploy.md). Deploy into a resource group:
//   az group create -n wakedock-rg -l westeurope
//   az deployment group create -g wakedock-rg -f main.bicep -p main.parameters.json
// Names shared with the code are those of contracts/WakeDock.Contracts/PipelineNames.cs and the trigger table.

targetScope = 'resourceGroup'

@description('Prefix of every resource name (part of the storage account name).')
@minLength(3)
@maxLength(12)
param namePrefix string = 'wakedock'

param location string = resourceGroup().location

@description('Static Web Apps run in a few regions only.')
@allowed(['westus2', 'centralus', 'eastus2', 'westeurope', 'eastasia'])
param staticWebAppLocation string = 'westeurope'

@description('The functions host image (functions/Dockerfile) with a version tag or a digest.')
param functionsImage string

@description('The agent image (edge-agent/Dockerfile) the install command runs on each Docker host.')
param agentImage string

@description('Seconds between two collections on every agent (WAKEDOCK_METRICS_INTERVAL); 1 to 3600.')
@minValue(1)
@maxValue(3600)
param metricsIntervalSeconds int = 5

@description('Days of raw samples (WAKEDOCK_METRICS_RETENTION_DAYS).')
@minValue(1)
@maxValue(3650)
param metricsRetentionDays int = 7

@description('Days of alert records (WAKEDOCK_ALERTS_RETENTION_DAYS).')
@minValue(1)
@maxValue(3650)
param alertsRetentionDays int = 7

@minValue(1)
@maxValue(3650)
param minuteTierDays int = 30

@minValue(1)
@maxValue(3650)
param quarterTierDays int = 90

@minValue(1)
@maxValue(3650)
param hourTierDays int = 365

@minValue(1)
@maxValue(3650)
param deadLetterDays int = 30

@description('0 scales the functions host to zero (serverless); 1 keeps the timers, and host_silent alerts, running when every agent is quiet.')
@allowed([0, 1])
param minReplicas int = 0

@description('The most functions replicas the scale rules may run; above 1 they share the work by Docker host (docs/scale-out.md).')
@minValue(1)
@maxValue(30)
param maxReplicas int = 10

@allowed(['Standard', 'Premium'])
param serviceBusSku string = 'Standard'

@allowed(['Free_F1', 'Standard_S1', 'Premium_P1'])
param signalRSku string = 'Free_F1'

@description('API keys: [{ name, role: Reader|Admin, hash: sha256:<64 hex> }].')
@minLength(1)
param apiKeys array

@description('sha256:<64 hex> of the key agents send in X-WakeDock-Agent-Key (printf %s KEY | sha256sum).')
@secure()
param agentKeyHash string

param tags object = {}

// contracts/WakeDock.Contracts/PipelineNames.cs
var pubsubName = 'wakedock-pubsub'
var samplesTopic = 'samples'
var samplesDeadLetterTopic = 'samples-deadletter'
var controlTopic = 'agent-control'
var ingestRoute = '/ingest/samples'
var functionsAppId = 'wakedock-functions'
var functionsPort = 7071
var blobContainer = 'wakedock'
var samplesQueue = 'wakedock-samples'
var notificationsQueue = 'wakedock-notifications'
// The Functions host moves a message to <queue>-poison after maxDequeueCount tries (host.json).
var storageQueues = [samplesQueue, '${samplesQueue}-poison', notificationsQueue, '${notificationsQueue}-poison']

// functions/WakeDock.Pipeline/Triggers/TriggerTable.cs: the timer triggers' %settings% and their schedules.
// The Functions host does not index a timer whose setting is missing: every one is set.
var timerSchedules = [
  { name: 'WAKEDOCK_ALERT_SWEEP_SCHEDULE', value: '*/15 * * * * *' }
  { name: 'WAKEDOCK_COMPACTION_SCHEDULE', value: '0 * * * * *' }
  { name: 'WAKEDOCK_ROLLUP_SCHEDULE', value: '0 */5 * * * *' }
  { name: 'WAKEDOCK_RETENTION_SCHEDULE', value: '0 30 3 * * *' }
]

var suffix = substring(uniqueString(resourceGroup().id), 0, 6)
var allTags = union({ application: 'wakedock' }, tags)

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: '${namePrefix}st${suffix}'
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_ZRS' }
  tags: allTags
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource samplesContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: blobContainer
  properties: { publicAccess: 'None' }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

// The Functions app's queues: the agents' batches (through their Dapr queue binding) and the alert notifications.
resource functionsQueues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [for queue in storageQueues: {
  parent: queueService
  name: queue
}]

var lifecycleRules = [
  { name: 'raw-samples', prefixes: ['${blobContainer}/metrics_', '${blobContainer}/index/metrics_'], days: metricsRetentionDays + 1 }
  { name: 'alerts', prefixes: ['${blobContainer}/alerts_', '${blobContainer}/index/alerts_'], days: alertsRetentionDays + 1 }
  { name: 'minute-tier', prefixes: ['${blobContainer}/rollups/metrics_1m_'], days: minuteTierDays + 1 }
  { name: 'quarter-tier', prefixes: ['${blobContainer}/rollups/metrics_15m_'], days: quarterTierDays + 1 }
  { name: 'hour-tier', prefixes: ['${blobContainer}/rollups/metrics_1h_'], days: hourTierDays + 1 }
  { name: 'dead-letters', prefixes: ['${blobContainer}/deadletter/'], days: deadLetterDays + 1 }
]

// A safety net a day behind the host's own retention timer.
resource retention 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    policy: {
      rules: [for rule in lifecycleRules: {
        name: rule.name
        enabled: true
        type: 'Lifecycle'
        definition: {
          filters: { blobTypes: ['appendBlob', 'blockBlob'], prefixMatch: rule.prefixes }
          actions: { baseBlob: { delete: { daysAfterModificationGreaterThan: rule.days } } }
        }
      }]
    }
  }
}

resource bus 'Microsoft.ServiceBus/namespaces@2022-10-01-preview' = {
  name: '${namePrefix}-sb-${suffix}'
  location: location
  sku: { name: serviceBusSku, tier: serviceBusSku }
  tags: allTags
  properties: { minimumTlsVersion: '1.2' }
}

resource samples 'Microsoft.ServiceBus/namespaces/topics@2022-10-01-preview' = {
  parent: bus
  name: samplesTopic
  properties: { maxSizeInMegabytes: 5120, defaultMessageTimeToLive: 'P1D' }
}

resource samplesDeadLetter 'Microsoft.ServiceBus/namespaces/topics@2022-10-01-preview' = {
  parent: bus
  name: samplesDeadLetterTopic
  properties: { maxSizeInMegabytes: 1024, defaultMessageTimeToLive: 'P14D' }
}

resource control 'Microsoft.ServiceBus/namespaces/topics@2022-10-01-preview' = {
  parent: bus
  name: controlTopic
  properties: { defaultMessageTimeToLive: 'PT1H' }
}

resource functionsSubscription 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2022-10-01-preview' = {
  parent: samples
  name: functionsAppId
  properties: { maxDeliveryCount: 10, lockDuration: 'PT1M' }
}

resource daprRule 'Microsoft.ServiceBus/namespaces/AuthorizationRules@2022-10-01-preview' = {
  parent: bus
  name: 'dapr'
  properties: { rights: ['Listen', 'Send', 'Manage'] }
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${namePrefix}-logs-${suffix}'
  location: location
  tags: allTags
  properties: { sku: { name: 'PerGB2018' }, retentionInDays: 30 }
}

resource traces 'Microsoft.Insights/components@2020-02-02' = {
  name: '${namePrefix}-ai-${suffix}'
  location: location
  kind: 'web'
  tags: allTags
  properties: { Application_Type: 'web', WorkspaceResourceId: logs.id }
}

resource dashboard 'Microsoft.Web/staticSites@2023-12-01' = {
  name: '${namePrefix}-dashboard-${suffix}'
  location: staticWebAppLocation
  sku: { name: 'Free', tier: 'Free' }
  tags: allTags
  properties: {}
}

resource live 'Microsoft.SignalRService/signalR@2024-03-01' = {
  name: '${namePrefix}-signalr-${suffix}'
  location: location
  sku: { name: signalRSku, capacity: 1 }
  kind: 'SignalR'
  tags: allTags
  properties: {
    features: [
      { flag: 'ServiceMode', value: 'Serverless' }
      { flag: 'EnableConnectivityLogs', value: 'True' }
    ]
    cors: { allowedOrigins: ['https://${dashboard.properties.defaultHostname}'] }
  }
}

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: '${namePrefix}-env-${suffix}'
  location: location
  tags: allTags
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: { customerId: logs.properties.customerId, sharedKey: logs.listKeys().primarySharedKey }
    }
    daprAIConnectionString: traces.properties.ConnectionString
  }
}

resource pubsub 'Microsoft.App/managedEnvironments/daprComponents@2024-03-01' = {
  parent: environment
  name: pubsubName
  properties: {
    componentType: 'pubsub.azure.servicebus.topics'
    version: 'v1'
    scopes: [functionsAppId]
    secrets: [{ name: 'servicebus-connection-string', value: daprRule.listKeys().primaryConnectionString }]
    metadata: [
      { name: 'connectionString', secretRef: 'servicebus-connection-string' }
      { name: 'maxDeliveryCount', value: '10' }
      { name: 'lockDurationInSec', value: '60' }
    ]
  }
}

var apiKeySettings = flatten(map(range(0, length(apiKeys)), i => [
  { name: 'WakeDock__Security__ApiKeys__${i}__Name', value: apiKeys[i].name }
  { name: 'WakeDock__Security__ApiKeys__${i}__Role', value: apiKeys[i].role }
  { name: 'WakeDock__Security__ApiKeys__${i}__Hash', value: apiKeys[i].hash }
]))

// APP_API_TOKEN is not set: Container Apps injects it and its sidecar sends it, which the app then requires.
var functionsEnvironment = [
  { name: 'FUNCTIONS_WORKER_RUNTIME', value: 'dotnet-isolated' }
  { name: 'FUNCTIONS_EXTENSION_VERSION', value: '~4' }
  { name: 'AzureWebJobsStorage', secretRef: 'storage-connection-string' }
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', secretRef: 'appinsights-connection-string' }
  { name: 'ASPNETCORE_URLS', value: 'http://0.0.0.0:${functionsPort}' }
  { name: 'WAKEDOCK_EMBEDDED_AGENT', value: 'false' }
  { name: 'WAKEDOCK_METRICS_INTERVAL', value: string(metricsIntervalSeconds) }
  { name: 'WAKEDOCK_METRICS_RETENTION_DAYS', value: string(metricsRetentionDays) }
  { name: 'WAKEDOCK_ALERTS_RETENTION_DAYS', value: string(alertsRetentionDays) }
  { name: 'WakeDock__Retention__MinuteTierDays', value: string(minuteTierDays) }
  { name: 'WakeDock__Retention__QuarterTierDays', value: string(quarterTierDays) }
  { name: 'WakeDock__Retention__HourTierDays', value: string(hourTierDays) }
  { name: 'WakeDock__Retention__DeadLetterDays', value: string(deadLetterDays) }
  // The data is in AzureWebJobsStorage's account (no WakeDock__Storage__Blob__Endpoint).
  { name: 'WAKEDOCK_STORAGE', value: 'blob' }
  { name: 'WakeDock__Storage__Blob__Container', value: blobContainer }
  { name: 'WAKEDOCK_INGEST_QUEUE', value: samplesQueue }
  { name: 'WAKEDOCK_NOTIFICATIONS_QUEUE', value: notificationsQueue }
  { name: 'WakeDock__Ingest__AgentKeys__0', secretRef: 'agent-key-hash' }
  { name: 'Azure__SignalR__ConnectionString', secretRef: 'signalr-connection-string' }
  { name: 'WAKEDOCK_CORS_ORIGINS', value: 'https://${dashboard.properties.defaultHostname}' }
  // The app exports its spans to Application Insights itself (APPLICATIONINSIGHTS_CONNECTION_STRING); no OTLP endpoint,
  // so that no collector sends them a second time. The service name is the cloud role.
  { name: 'OTEL_SERVICE_NAME', value: 'wakedock-functions' }
  // Each replica writes its own segments (named after CONTAINER_APP_REPLICA_NAME) and takes hosts by lease.
  { name: 'WakeDock__ScaleOut__Enabled', value: maxReplicas > 1 ? 'true' : 'false' }
]

var storageConnectionString = 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${az.environment().suffixes.storage}'

// Azure Functions on Azure Container Apps: the Functions host image with its Dapr sidecar.
resource functions 'Microsoft.App/containerApps@2025-07-01' = {
  name: '${namePrefix}-functions'
  location: location
  kind: 'functionapp'
  tags: allTags
  properties: {
    managedEnvironmentId: environment.id
    configuration: {
      activeRevisionsMode: 'Single'
      secrets: [
        { name: 'storage-connection-string', value: storageConnectionString }
        { name: 'agent-key-hash', value: agentKeyHash }
        { name: 'signalr-connection-string', value: live.listKeys().primaryConnectionString }
        { name: 'servicebus-connection-string', value: daprRule.listKeys().primaryConnectionString }
        { name: 'appinsights-connection-string', value: traces.properties.ConnectionString }
      ]
      dapr: { enabled: true, appId: functionsAppId, appPort: functionsPort, appProtocol: 'http' }
      ingress: {
        external: true
        targetPort: functionsPort
        transport: 'auto'
        allowInsecure: false
        traffic: [{ latestRevision: true, weight: 100 }]
      }
    }
    template: {
      containers: [
        {
          name: 'functions'
          image: functionsImage
          resources: { cpu: json('0.5'), memory: '1Gi' }
          env: concat(functionsEnvironment, timerSchedules, apiKeySettings)
          probes: [
            { type: 'Liveness', httpGet: { path: '/health', port: functionsPort }, periodSeconds: 30 }
            { type: 'Readiness', httpGet: { path: '/health', port: functionsPort } }
          ]
        }
      ]
      scale: {
        minReplicas: minReplicas
        // The rules below add replicas up to this; they share the Docker hosts by blob lease (docs/scale-out.md).
        maxReplicas: maxReplicas
        rules: [
          { name: 'http', http: { metadata: { concurrentRequests: '50' } } }
          {
            name: 'samples-queue'
            azureQueue: {
              queueName: samplesQueue
              queueLength: 100
              auth: [{ secretRef: 'storage-connection-string', triggerParameter: 'connection' }]
            }
          }
          {
            name: 'samples-backlog'
            custom: {
              type: 'azure-servicebus'
              metadata: { namespace: bus.name, topicName: samplesTopic, subscriptionName: functionsSubscription.name, messageCount: '100' }
              auth: [{ secretRef: 'servicebus-connection-string', triggerParameter: 'connection' }]
            }
          }
        ]
      }
    }
  }
}

output apiUrl string = 'https://${functions.properties.configuration.ingress.fqdn}'
output dashboardUrl string = 'https://${dashboard.properties.defaultHostname}'
output servicebusNamespace string = bus.name
output storageAccount string = storage.name

// The agent key itself is not a parameter (Bicep keeps outputs in the deployment history): put yours in.
output agentInstallCommand string = join([
  'docker network create wakedock 2>/dev/null;'
  'docker run -d --name wakedock-docker-proxy --network wakedock --restart unless-stopped --read-only --tmpfs /run'
  '-e PING=1 -e VERSION=1 -e INFO=1 -e EVENTS=1 -e CONTAINERS=1 -e POST=0'
  '-v /var/run/docker.sock:/var/run/docker.sock:ro tecnativa/docker-socket-proxy:0.3.0 &&'
  'docker run -d --name wakedock-agent --network wakedock --restart unless-stopped --read-only --tmpfs /tmp'
  '-v wakedock-agent:/var/lib/wakedock/agent'
  '-e WAKEDOCK_HOST_NAME=$(hostname) -e WAKEDOCK_METRICS_INTERVAL=${metricsIntervalSeconds}'
  '-e DOCKER_HOST=tcp://wakedock-docker-proxy:2375'
  '-e WakeDock__Agent__Publisher__Target=Http'
  '-e WakeDock__Agent__Publisher__IngestUrl=https://${functions.properties.configuration.ingress.fqdn}${ingestRoute}'
  '-e WakeDock__Agent__Publisher__AgentKey=<agent key>'
  agentImage
], ' ')
