// Kabinet on Azure Functions Flex Consumption (FC1), deployed with `azd up`.
// The app is an ASP.NET Core custom handler (functionAppConfig.runtime 'custom'),
// published self-contained for linux-x64. Everything reaches storage and monitoring
// through one user-assigned managed identity, no shared keys; its secrets live in a Key Vault
// (RBAC) that app settings reference. Alerts are e-mailed to alertEmail.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; used to name the resource group and derive a unique token for resource names.')
param environmentName string

@minLength(1)
@description('Region for every resource. Must offer Flex Consumption.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Resource group name; empty means rg-<environmentName>.')
param resourceGroupName string = ''

@description('Object id of the deploying user (azd sets AZURE_PRINCIPAL_ID). When set, that user gets the same data roles on the storage account, for debugging. Leave empty in CI.')
param principalId string = ''

@description('SMTP relay host (e.g. smtp.azurecomm.net for Azure Communication Services).')
param smtpHost string = ''

@description('SMTP port (587 for STARTTLS). A string: it only ever becomes an app setting.')
param smtpPort string = '587'

@description('Sender address of outgoing mail.')
param smtpFrom string = ''

@description('SMTP user name.')
param smtpUserName string = ''

@secure()
@description('SMTP password.')
param smtpPassword string = ''

@secure()
@minLength(32)
@description('Key that signs access tokens. azure.yaml\'s preprovision hook stores a random one in the azd environment (AUTH_SIGNING_KEY) once, so it stays stable across deployments. The default (fresh on every deployment that omits it, signing every user out) only serves deployments made without azd.')
param authSigningKey string = '${newGuid()}${newGuid()}'

@description('The first operator\'s login (phone or e-mail), created at start-up when missing; empty for none.')
param operatorLogin string = ''

@secure()
@description('The first operator\'s password (change it after the first sign-in).')
param operatorPassword string = ''

@description('SMS provider URL the JSON body is POSTed to (Sms__Endpoint); empty: no SMS, sign-up and codes by phone answer sms.unavailable.')
param smsEndpoint string = ''

@description('Sender name or number registered with the SMS provider.')
param smsSender string = ''

@secure()
@description('SMS provider API key.')
param smsApiKey string = ''

@description('Header that carries the SMS API key; empty keeps the app default (Authorization).')
param smsApiKeyHeader string = ''

@description('Value of that header, {key} standing for the key; empty keeps the app default (Bearer {key}).')
param smsApiKeyFormat string = ''

@description('JSON body template with {to}, {toDigits}, {text}, {sender} inside its strings; empty keeps the app default (MTS Exolve\'s shape). Not in main.parameters.json: azd substitutes variables unescaped, and a template is full of quotes.')
param smsBodyTemplate string = ''

@secure()
@description('Comma-separated secrets the sandbox payment gateway signs its notices with (Payments__Sandbox__WebhookSecrets; the first signs, all verify, so a rotation lists the new one first); empty: not set, and the sandbox\'s signed notices are refused.')
param paymentsSandboxWebhookSecrets string = ''

@description('Take payments through the built-in sandbox gateway (Payments__Sandbox__Enabled): for a trial deployment only — anyone can succeed a sandbox payment from its page, and no money moves. Off: new payments answer 503 payment.unavailable until a real gateway is configured.')
param paymentsSandboxEnabled bool = false

@description('Turn on the Key Vault\'s purge protection (for production: deleted secrets and the vault cannot be purged for 90 days). It cannot be turned off again, and a vault without it keeps deleted items 7 days. Off by default, so a dev environment can be torn down with `azd down --purge` and made again.')
param keyVaultPurgeProtection bool = false

@description('E-mail address the alerts (poison queue, HTTP 5xx, billing run with failed or parked accounts, payment unknown over an hour) are sent to; empty: the alerts still fire in the portal, but nobody is mailed.')
param alertEmail string = ''

@minValue(40)
@maxValue(1000)
@description('Upper bound of Flex Consumption instances.')
param maximumInstanceCount int = 40

@allowed([
  512
  2048
  4096
])
@description('Memory of one Flex Consumption instance (MB).')
param instanceMemoryMB int = 2048

@description('Disable key-based ingestion into Application Insights. When true, every telemetry exporter must authenticate with Entra ID (the app identity holds Monitoring Metrics Publisher).')
param appInsightsDisableLocalAuth bool = false

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : 'rg-${environmentName}'
  location: location
  tags: tags
}

module resources 'resources.bicep' = {
  name: 'kabinet-resources'
  scope: rg
  params: {
    location: location
    tags: tags
    resourceToken: resourceToken
    principalId: principalId
    smtpHost: smtpHost
    smtpPort: smtpPort
    smtpFrom: smtpFrom
    smtpUserName: smtpUserName
    smtpPassword: smtpPassword
    authSigningKey: authSigningKey
    operatorLogin: operatorLogin
    operatorPassword: operatorPassword
    smsEndpoint: smsEndpoint
    smsSender: smsSender
    smsApiKey: smsApiKey
    smsApiKeyHeader: smsApiKeyHeader
    smsApiKeyFormat: smsApiKeyFormat
    smsBodyTemplate: smsBodyTemplate
    paymentsSandboxWebhookSecrets: paymentsSandboxWebhookSecrets
    paymentsSandboxEnabled: paymentsSandboxEnabled
    keyVaultPurgeProtection: keyVaultPurgeProtection
    alertEmail: alertEmail
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    appInsightsDisableLocalAuth: appInsightsDisableLocalAuth
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = resources.outputs.functionAppName
output AZURE_FUNCTION_NAME string = resources.outputs.functionAppName
output SERVICE_KABINET_NAME string = resources.outputs.functionAppName
output SERVICE_KABINET_URI string = resources.outputs.functionAppUri
output AZURE_STORAGE_ACCOUNT_NAME string = resources.outputs.storageAccountName
output AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID string = resources.outputs.identityClientId
output APPLICATIONINSIGHTS_NAME string = resources.outputs.applicationInsightsName
output AZURE_KEY_VAULT_NAME string = resources.outputs.keyVaultName
