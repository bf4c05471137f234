// Network isolation (main.bicep's networkIsolation): a virtual network with a subnet for the Function App's virtual
// network integration and one for private endpoints; a private endpoint for each data service (storage blob, queue and
// table, Key Vault, Service Bus), each with its private DNS zone linked to the network, so that the app resolves the
// services' usual names to private addresses while their public endpoints are closed.
param name string
param location string
param tags object = {}

@description('Address space of the virtual network; the two subnets take its first two /24s.')
param addressPrefix string = '10.40.0.0/16'

param storageAccountName string
param keyVaultName string
param serviceBusNamespaceName string

var appSubnetName = 'app'
var privateEndpointSubnetName = 'private-endpoints'

var storageType = 'Microsoft.Storage/storageAccounts'
// Each target (type and name, in this resource group), its private link sub-resource (group id) and the zone its
// private name lives in.
var endpoints = [
  { type: storageType, name: storageAccountName, groupId: 'blob', zone: 'privatelink.blob.${environment().suffixes.storage}' }
  { type: storageType, name: storageAccountName, groupId: 'queue', zone: 'privatelink.queue.${environment().suffixes.storage}' }
  { type: storageType, name: storageAccountName, groupId: 'table', zone: 'privatelink.table.${environment().suffixes.storage}' }
  { type: 'Microsoft.KeyVault/vaults', name: keyVaultName, groupId: 'vault', zone: 'privatelink.vaultcore.azure.net' }
  {
    type: 'Microsoft.ServiceBus/namespaces'
    name: serviceBusNamespaceName
    groupId: 'namespace'
    zone: 'privatelink.servicebus.windows.net'
  }
]

resource network 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [addressPrefix]
    }
    subnets: [
      {
        name: appSubnetName
        properties: {
          addressPrefix: cidrSubnet(addressPrefix, 24, 0)
          // Flex Consumption's virtual network integration needs the subnet delegated to Container Apps environments.
          delegations: [
            {
              name: 'flex-consumption'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
      {
        name: privateEndpointSubnetName
        properties: {
          addressPrefix: cidrSubnet(addressPrefix, 24, 1)
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
    ]
  }

  resource appSubnet 'subnets' existing = {
    name: appSubnetName
  }

  resource privateEndpointSubnet 'subnets' existing = {
    name: privateEndpointSubnetName
  }
}

resource zones 'Microsoft.Network/privateDnsZones@2024-06-01' = [
  for endpoint in endpoints: {
    name: endpoint.zone
    location: 'global'
    tags: tags
  }
]

resource zoneLinks 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = [
  for (endpoint, i) in endpoints: {
    parent: zones[i]
    name: name
    location: 'global'
    tags: tags
    properties: {
      registrationEnabled: false
      virtualNetwork: {
        id: network.id
      }
    }
  }
]

resource privateEndpoints 'Microsoft.Network/privateEndpoints@2024-05-01' = [
  for endpoint in endpoints: {
    name: 'pe-${endpoint.name}-${endpoint.groupId}'
    location: location
    tags: tags
    properties: {
      subnet: {
        id: network::privateEndpointSubnet.id
      }
      privateLinkServiceConnections: [
        {
          name: endpoint.groupId
          properties: {
            privateLinkServiceId: resourceId(endpoint.type, endpoint.name)
            groupIds: [endpoint.groupId]
          }
        }
      ]
    }
  }
]

resource zoneGroups 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = [
  for (endpoint, i) in endpoints: {
    parent: privateEndpoints[i]
    name: 'default'
    properties: {
      privateDnsZoneConfigs: [
        {
          name: endpoint.groupId
          properties: {
            privateDnsZoneId: zones[i].id
          }
        }
      ]
    }
  }
]

@description('The subnet the Function App integrates with (delegated to Microsoft.App/environments).')
output appSubnetId string = network::appSubnet.id
output id string = network.id
