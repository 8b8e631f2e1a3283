// Package integration is a partner's ConnectWise integration: connecting
// with the four fields, checking the API member's security role per
// feature, and running reports and billing through the ConnectWise client.
// It wires the ConnectWise client (cwm) to the parts that own the product
// rules (servicedesk, mapping, billing) through small adapters, and keeps
// state in the store.
package integration
