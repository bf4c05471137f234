// FanRewards on Azure: `azd up` deploys this (azure.yaml at the repository root). Subscription scope: it creates the
// resource group, then everything in it through the local modules in app/ and core/ (no registry modules).
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; part of every resource name.')
param environmentName string

@minLength(1)
@description('Azure region for every resource (must offer the Flex Consumption plan).')
param location string

@description('Object id of the person running azd; gets the roles to set the signing-key secret and upload the web pages. Empty: none.')
param principalId string = ''

@description('Expected issuer (iss) of entrant tokens from the organisation\'s identity platform.')
param entrantIssuer string

@description('Expected audience (aud) of entrant tokens.')
param entrantAudience string = 'fanrewards'

@secure()
@description('First entrant-token HMAC key, base64 of 32 bytes or more. Empty: write the Key Vault secret yourself.')
param entrantHmacKey string = ''

@description('Maximum Flex Consumption instances (docs/SCALE.md).')
param maximumInstanceCount int = 100

@description('OpenID Connect authority of admin tokens (ADMINS_AUTHORITY). Empty: this deployment\'s Entra ID tenant, v2.0 endpoint.')
param adminAuthority string = ''

@minLength(1)
@description('Audience of admin tokens: the client id of the API app registration (infra/hooks/entra-apps.sh sets ADMINS_AUDIENCE).')
param adminAudience string

@description('OpenID Connect authority of the entrants\' identity platform (#15); empty: static keys only.')
param entrantAuthority string = ''

@description('''Private endpoints for storage, Key Vault and Service Bus (their public endpoints closed), with private DNS
zones, and virtual network integration for the Function App. Off by default; it moves Service Bus to Premium and the web
pages to their own storage account (README, Deploy to Azure, "Network isolation").''')
param networkIsolation bool = false

@description('''Four eyes for every campaign (ALWAYS_FOUR_EYES, Approvals__AlwaysFourEyes): publishing and running a draw by hand
always take a second person; a campaign cannot switch it off. On by default here (the app's own default is off).''')
param alwaysFourEyes bool = true

@description('E-mail address for the operations alerts (stuck draw, growing outbox, 5xx burst). Empty: portal only.')
param alertEmail string = ''

var abbrs = loadJsonContent('abbreviations.json')
var adminTokenAuthority = empty(adminAuthority)
  ? '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
  : adminAuthority
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var functionAppName = '${abbrs.webSitesFunctions}api-${resourceToken}'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'
var eventsTopicName = 'fanrewards-events'
var hmacKeySecretName = 'entrants-hmac-key-0'
// Names known before deployment, so that modules get them as values (what-if sees through them), not as outputs.
var apiIdentityName = '${abbrs.managedIdentityUserAssignedIdentities}api-${resourceToken}'
var webIdentityName = '${abbrs.managedIdentityUserAssignedIdentities}web-${resourceToken}'
var storageAccountName = '${abbrs.storageStorageAccounts}${resourceToken}'
var applicationInsightsName = '${abbrs.insightsComponents}${resourceToken}'
var serviceBusNamespaceName = '${abbrs.serviceBusNamespaces}${resourceToken}'
var keyVaultName = '${abbrs.keyVaultVaults}${resourceToken}'
// Behind private endpoints the data account serves nobody outside the network, so the public web pages get an account
// of their own; otherwise one account holds both (the app's roles reach its own containers only, never '$web').
var webStorageAccountName = networkIsolation ? '${abbrs.storageStorageAccounts}web${resourceToken}' : storageAccountName
// The Functions host's own containers (timer locks and leases; its keys), created here because the app's identity
// may not create containers: its blob role holds on these and the deployment container only.
var hostContainerNames = ['azure-webjobs-hosts', 'azure-webjobs-secrets']

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module apiIdentity 'core/identity.bicep' = {
  scope: rg
  params: {
    name: apiIdentityName
    location: location
    tags: tags
  }
}

module webIdentity 'core/identity.bicep' = {
  scope: rg
  params: {
    name: webIdentityName
    location: location
    tags: tags
  }
}

module storage 'core/storage.bicep' = {
  scope: rg
  params: {
    name: storageAccountName
    location: location
    tags: tags
    containers: concat([deploymentContainerName], hostContainerNames)
    publicNetworkAccess: !networkIsolation
  }
}

module webStorage 'core/storage.bicep' = if (networkIsolation) {
  scope: rg
  params: {
    name: webStorageAccountName
    location: location
    tags: tags
  }
}

module network 'core/network.bicep' = if (networkIsolation) {
  scope: rg
  params: {
    name: '${abbrs.networkVirtualNetworks}${resourceToken}'
    location: location
    tags: tags
    storageAccountName: storageAccountName
    keyVaultName: keyVaultName
    serviceBusNamespaceName: serviceBusNamespaceName
  }
  dependsOn: [storage, keyVault, serviceBus]
}

module monitor 'core/monitor.bicep' = {
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: applicationInsightsName
    location: location
    tags: tags
  }
}

module operations 'app/operations.bicep' = {
  scope: rg
  params: {
    location: location
    tags: tags
    applicationInsightsName: applicationInsightsName
    environmentName: environmentName
    alertEmail: alertEmail
  }
  dependsOn: [monitor]
}

module serviceBus 'core/servicebus.bicep' = {
  scope: rg
  params: {
    name: serviceBusNamespaceName
    location: location
    tags: tags
    topicName: eventsTopicName
    subscriptionName: 'fulfilment'
    // What fulfilment acts on (docs/EVENTS.md): a prize to send, a claim, a prize that moved on. Vouchers need no post.
    subscriptionEventTypes: ['org.fanrewards.winner.awarded', 'org.fanrewards.prize.claimed', 'org.fanrewards.prize.passed-on']
    duplicateDetectionWindow: 'PT1H'
    publicNetworkAccess: !networkIsolation
  }
}

module keyVault 'core/keyvault.bicep' = {
  scope: rg
  params: {
    name: keyVaultName
    location: location
    tags: tags
    hmacKeySecretName: hmacKeySecretName
    hmacKey: entrantHmacKey
    publicNetworkAccess: !networkIsolation
  }
}

module api 'app/api.bicep' = {
  scope: rg
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    serviceName: 'api'
    identityId: apiIdentity.outputs.id
    identityClientId: apiIdentity.outputs.clientId
    storageAccountName: storageAccountName
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: applicationInsightsName
    serviceBusFullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
    serviceBusTopicName: serviceBus.outputs.topicName
    keyVaultName: keyVaultName
    hmacKeySecretName: hmacKeySecretName
    entrantIssuer: entrantIssuer
    entrantAudience: entrantAudience
    entrantAuthority: entrantAuthority
    adminAuthority: adminTokenAuthority
    adminAudience: adminAudience
    alwaysFourEyes: alwaysFourEyes
    allowedOrigins: [webOrigin]
    maximumInstanceCount: maximumInstanceCount
    virtualNetworkSubnetId: networkIsolation ? network!.outputs.appSubnetId : ''
  }
  // Key Vault references and the deployment container are read with the identity: roles first.
  dependsOn: [rbac, monitor]
}

module rbac 'app/rbac.bicep' = {
  scope: rg
  dependsOn: [apiIdentity, storage, serviceBus, keyVault, monitor]
  params: {
    identityName: apiIdentityName
    storageAccountName: storageAccountName
    blobContainerNames: concat([deploymentContainerName], hostContainerNames)
    serviceBusNamespaceName: serviceBusNamespaceName
    serviceBusTopicName: eventsTopicName
    keyVaultName: keyVaultName
    applicationInsightsName: applicationInsightsName
  }
}

var webEndpoint = networkIsolation ? webStorage!.outputs.webEndpoint : storage.outputs.webEndpoint
var webOrigin = take(webEndpoint, length(webEndpoint) - 1)

module webRbac 'app/web-rbac.bicep' = {
  scope: rg
  dependsOn: [webIdentity, storage, webStorage]
  params: {
    identityName: webIdentityName
    storageAccountName: webStorageAccountName
  }
}

module staticWebsite 'core/static-website.bicep' = {
  scope: rg
  params: {
    name: '${abbrs.resourcesDeploymentScripts}web-${resourceToken}'
    location: location
    tags: tags
    storageAccountName: webStorageAccountName
    identityId: webIdentity.outputs.id
  }
  dependsOn: [webRbac]
}

module operatorRbac 'app/operator-rbac.bicep' = if (!empty(principalId)) {
  scope: rg
  // The '$web' container exists once the static website is on.
  dependsOn: [staticWebsite, keyVault]
  params: {
    principalId: principalId
    webStorageAccountName: webStorageAccountName
    keyVaultName: keyVaultName
  }
}

// azd stores these in the environment (.azure/<env>/.env).
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
@description('The authority admin tokens come from (infra/hooks/admin-console.sh writes it into web/admin/config.json).')
output ADMINS_AUTHORITY string = adminTokenAuthority
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output API_BASE_URL string = 'https://${api.outputs.defaultHostName}/api'
@description('The API\'s origin, for the web pages\' config.json (web/publish.mjs --api).')
output API_ORIGIN string = 'https://${api.outputs.defaultHostName}'
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
@description('The account whose \'$web\' container serves the web pages (the data account unless networkIsolation).')
output WEB_STORAGE_ACCOUNT_NAME string = webStorageAccountName
output WEB_ENDPOINT string = webEndpoint
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output ENTRANTS_HMAC_KEY_SECRET_NAME string = hmacKeySecretName
output SERVICE_BUS_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace
output SERVICE_BUS_TOPIC string = serviceBus.outputs.topicName
