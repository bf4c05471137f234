// The Function App on the Flex Consumption plan (.NET 10 isolated worker) and its app settings.
// Every connection is identity-based: the user-assigned identity below, no keys or connection strings.
// tests/FanRewards.Functions.Tests/InfraSettingsTests.cs reads the app settings block below (between the
// "app settings:" markers) and compares its names with FanRewards.Functions.AppSettings: rename on both sides.
param name string
param planName string
param location string
param tags object = {}
@description('azd service name (azure.yaml) this app deploys.')
param serviceName string = 'api'

param identityId string
param identityClientId string

param storageAccountName string
param deploymentContainerName string
param applicationInsightsName string
param serviceBusFullyQualifiedNamespace string
param serviceBusTopicName string
param keyVaultName string
param hmacKeySecretName string
param entrantIssuer string
param entrantAudience string
@description('OpenID Connect authority of the entrants\' identity platform (#15). Empty: static keys only, no Entrants__Authority.')
param entrantAuthority string = ''
@description('OpenID Connect authority that issues admin tokens (the Entra ID tenant): metadata at {authority}/.well-known/openid-configuration.')
param adminAuthority string
@description('Audience of admin tokens: the API app registration\'s client id (infra/hooks/entra-apps.sh).')
param adminAudience string
@description('Four eyes for every campaign (Approvals__AlwaysFourEyes): a campaign cannot opt out.')
param alwaysFourEyes bool = true
@description('Subnet for virtual network integration (main.bicep networkIsolation). Empty: none.')
param virtualNetworkSubnetId string = ''
@description('Origins allowed to call the API from a browser (the static website).')
param allowedOrigins string[] = []

@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references (Entrants__HmacKeys__0) resolve with this identity.
    keyVaultReferenceIdentity: identityId
    // Behind private endpoints the app reaches storage, Key Vault and Service Bus through this subnet (Flex
    // Consumption integrates at no extra charge); all outbound traffic, Key Vault references included, goes that way.
    virtualNetworkSubnetId: empty(virtualNetworkSubnetId) ? null : virtualNetworkSubnetId
    siteConfig: {
      vnetRouteAllEnabled: !empty(virtualNetworkSubnetId)
      minTlsVersion: '1.2'
      cors: {
        allowedOrigins: allowedOrigins
      }
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'appsettings'
  // app settings: begin (names checked by InfraSettingsTests)
  properties: union({
    // The host and the app's own clients (Registration.cs) connect to storage with the managed identity.
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
    AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
    AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
    ServiceBus__FullyQualifiedNamespace: serviceBusFullyQualifiedNamespace
    ServiceBus__Topic: serviceBusTopicName
    Entrants__Issuer: entrantIssuer
    Entrants__Audience: entrantAudience
    Entrants__HmacKeys__0: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${hmacKeySecretName})'
    // The per-address rate limit reads the caller's address this many hops from the right of X-Forwarded-For:
    // 1 = what the App Service front end appended; 2 with Azure Front Door in front (docs/SCALE.md, "Rate limits").
    ClientAddress__ForwardedHops: '1'
    // Admin sign-in (#14): the tenant's Entra ID tokens for the API app registration, with its app roles.
    Admins__Authority: adminAuthority
    Admins__Audience: adminAudience
    // Four eyes for every campaign: one person holding both editor and publisher cannot switch it off and publish alone.
    Approvals__AlwaysFourEyes: string(alwaysFourEyes)
  }, empty(entrantAuthority) ? {} : {
    // Entrant tokens from an OpenID Connect provider (#15), beside the static keys above.
    Entrants__Authority: entrantAuthority
  })
  // app settings: end
}

output id string = functionApp.id
output name string = functionApp.name
output defaultHostName string = functionApp.properties.defaultHostName
