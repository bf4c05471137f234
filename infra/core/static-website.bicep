// Turns on the storage account's static website ('$web' container) for the web pages. ARM has no property for it
// (it is a Blob service setting), so a deployment script sets it with the Azure CLI under an identity that holds
// Storage Account Contributor on that account only.
param name string
param location string
param tags object = {}
param storageAccountName string
@description('Resource id of the user-assigned identity the script runs as.')
param identityId string
param indexDocument string = 'index.html'
param errorDocument string = 'index.html'

resource enableStaticWebsite 'Microsoft.Resources/deploymentScripts@2023-08-01' = {
  name: name
  location: location
  tags: tags
  kind: 'AzureCLI'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    azCliVersion: '2.61.0'
    retentionInterval: 'PT1H'
    timeout: 'PT10M'
    cleanupPreference: 'OnSuccess'
    environmentVariables: [
      { name: 'ACCOUNT', value: storageAccountName }
      { name: 'INDEX_DOCUMENT', value: indexDocument }
      { name: 'ERROR_DOCUMENT', value: errorDocument }
    ]
    scriptContent: 'az storage blob service-properties update --auth-mode login --account-name "$ACCOUNT" --static-website --index-document "$INDEX_DOCUMENT" --404-document "$ERROR_DOCUMENT"'
  }
}
