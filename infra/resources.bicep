// Resource-group scoped part of main.bicep: identity, storage, monitoring, the Key Vault with the
// app's secrets, the Flex Consumption plan and the function app with its settings and role
// assignments, and (alerts.bicep) the alerts.

param location string
param tags object
@minLength(13)
@maxLength(13)
@description('uniqueString() of the subscription, environment and location.')
param resourceToken string
param principalId string
param smtpHost string
param smtpPort string
param smtpFrom string
param smtpUserName string
@secure()
param smtpPassword string
@secure()
param authSigningKey string
param operatorLogin string
@secure()
param operatorPassword string
param smsEndpoint string
param smsSender string
@secure()
param smsApiKey string
param smsApiKeyHeader string
param smsApiKeyFormat string
param smsBodyTemplate string
@secure()
param paymentsSandboxWebhookSecrets string
param paymentsSandboxEnabled bool
param keyVaultPurgeProtection bool
param alertEmail string
param maximumInstanceCount int
param instanceMemoryMB int
param appInsightsDisableLocalAuth bool

var functionAppName = 'func-kabinet-${resourceToken}'
var keyVaultName = 'kv-kabinet-${resourceToken}'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(uniqueString(functionAppName, resourceToken), 7)}'

// Built-in role definition ids.
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
}
var storageRoles = [
  roles.storageBlobDataOwner
  roles.storageQueueDataContributor
  roles.storageTableDataContributor
]

// Every secret the app reads: a Key Vault secret and an app setting that references it. An empty
// value gets neither (the app's default applies), rather than an empty secret.
var secretSettings = [
  { setting: 'Auth__SigningKey', secret: 'auth-signing-key', value: authSigningKey }
  { setting: 'Auth__OperatorPassword', secret: 'auth-operator-password', value: operatorPassword }
  { setting: 'Smtp__Password', secret: 'smtp-password', value: smtpPassword }
  { setting: 'Sms__ApiKey', secret: 'sms-api-key', value: smsApiKey }
  { setting: 'Payments__Sandbox__WebhookSecrets', secret: 'payments-sandbox-webhook-secrets', value: paymentsSandboxWebhookSecrets }
]
var presentSecrets = filter(secretSettings, s => !empty(s.value))
// Versionless: the app reads the newest version of each secret (after a restart).
var secretReferences = toObject(
  presentSecrets,
  s => s.setting,
  s => '@Microsoft.KeyVault(SecretUri=https://${keyVaultName}${environment().suffixes.keyvaultDns}/secrets/${s.secret})'
)

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-kabinet-${resourceToken}'
  location: location
  tags: tags
}

// Records (tables), documents (blobs), work (queues), the Functions host's own state and the
// deployment package. Shared keys are off: everything authenticates with Entra ID.
resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: 'st${resourceToken}'
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    dnsEndpointType: 'Standard'
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-kabinet-${resourceToken}'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-kabinet-${resourceToken}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    DisableLocalAuth: appInsightsDisableLocalAuth
  }
}

resource storageRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in storageRoles: {
    name: guid(storage.id, identity.id, roleId)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: identity.properties.principalId
      principalType: 'ServicePrincipal'
    }
  }
]

resource metricsPublisherAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, identity.id, roles.monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// The deploying user gets the same data roles, so they can look at tables, queues and blobs.
resource userStorageRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in storageRoles: if (!empty(principalId)) {
    name: guid(storage.id, principalId, roleId)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: principalId
      principalType: 'User'
    }
  }
]

// Secrets only; RBAC, no access policies. Public network access stays on: Flex Consumption
// without a VNet reaches the vault over its public endpoint, authenticated with the identity.
resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    // Fixed when the vault is created. Purge protection cannot be turned off again, and a
    // soft-deleted vault keeps its name taken: `azd down --purge` frees it in dev environments.
    softDeleteRetentionInDays: keyVaultPurgeProtection ? 90 : 7
    enablePurgeProtection: keyVaultPurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource keyVaultSecrets 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [
  for s in presentSecrets: {
    parent: keyVault
    name: s.secret
    properties: {
      value: s.value
      contentType: 'text/plain'
    }
  }
]

resource secretsUserAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault.id, identity.id, roles.keyVaultSecretsUser)
  scope: keyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// The deploying user can read and set the secrets (e.g. rotate one with `az keyvault secret set`).
resource userSecretsOfficerAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(principalId)) {
  name: guid(keyVault.id, principalId, roles.keyVaultSecretsOfficer)
  scope: keyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsOfficer)
    principalId: principalId
    principalType: 'User'
  }
}

module alerts 'alerts.bicep' = {
  name: 'kabinet-alerts'
  params: {
    location: location
    tags: tags
    resourceToken: resourceToken
    applicationInsightsId: appInsights.id
    alertEmail: alertEmail
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-kabinet-${resourceToken}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: functionAppName
  location: location
  tags: union(tags, {
    'azd-service-name': 'kabinet'
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // A user-assigned identity resolves Key Vault references only when named here.
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        // The package is a self-contained linux-x64 app started as ./Kabinet (infra/README.md, "Why this package shape").
        name: 'custom'
        version: '1.0'
      }
    }
  }
  dependsOn: [
    deploymentContainer
    storageRoleAssignments
    metricsPublisherAssignment
  ]
}

// Flex Consumption derives FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION from
// functionAppConfig and rejects them as app settings, so they are not set here.
resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'appsettings'
  // Secrets are Key Vault references; they and the optional SMS settings are left out when
  // empty, so the app's defaults apply.
  properties: union({
    AzureWebJobsStorage__accountName: storage.name
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identity.properties.clientId
    AZURE_CLIENT_ID: identity.properties.clientId
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'
    AZURE_FUNCTIONS_ENVIRONMENT: 'Production'
    Smtp__Host: smtpHost
    Smtp__Port: smtpPort
    Smtp__From: smtpFrom
    Smtp__UserName: smtpUserName
    Auth__OperatorLogin: operatorLogin
    Sms__Endpoint: smsEndpoint
    Sms__Sender: smsSender
    Payments__Sandbox__Enabled: string(paymentsSandboxEnabled)
  }, secretReferences,
    empty(smsApiKeyHeader) ? {} : { Sms__ApiKeyHeader: smsApiKeyHeader },
    empty(smsApiKeyFormat) ? {} : { Sms__ApiKeyFormat: smsApiKeyFormat },
    empty(smsBodyTemplate) ? {} : { Sms__BodyTemplate: smsBodyTemplate })
  // A reference is resolved when the settings change: the secrets and the role must exist by then.
  dependsOn: [
    keyVaultSecrets
    secretsUserAssignment
  ]
}

output functionAppName string = functionApp.name
output functionAppUri string = 'https://${functionApp.properties.defaultHostName}'
output storageAccountName string = storage.name
output identityClientId string = identity.properties.clientId
output applicationInsightsName string = appInsights.name
output keyVaultName string = keyVault.name
