package cwsandbox

import "net/http"

// Rights by module function, as the role settings name them.
const (
	companyMaint = "Companies/Company Maintenance"
	contacts     = "Companies/Contacts"
	attachments  = "Companies/Manage Attachments"
	agreements   = "Finance/Agreements"
	catalog      = "Procurement/Product Catalog"
	tickets      = "Service Desk/Service Tickets"
	memberMaint  = "System/Member Maintenance"
	roles        = "System/Security Roles"
	tableSetup   = "System/Table Setup"
)

const (
	get, post, patch, del = http.MethodGet, http.MethodPost, http.MethodPatch, http.MethodDelete
)

// routes is every endpoint with the right it consults. Agreement
// additions are part of the agreement record, so adding, changing or
// removing one needs Agreements Edit; a ticket note needs Service Tickets
// Add. Setup tables (boards, priorities, sources) need Table Setup Inquire.
// Who-am-I calls (myMembers, mySecurity, info, allowed file types) are open
// to any authenticated member.
var routes = []route{
	{get, "company/companies", need(companyMaint, "inquire"), listOf("company/companies")},
	{get, "company/companies/count", need(companyMaint, "inquire"), countOf("company/companies")},
	{get, "company/companies/{id}", need(companyMaint, "inquire"), getOf("company/companies")},
	{post, "company/companies", need(companyMaint, "add"), createIn("company/companies")},
	{patch, "company/companies/{id}", need(companyMaint, "edit"), patchIn("company/companies")},
	{del, "company/companies/{id}", need(companyMaint, "delete"), deleteIn("company/companies")},

	{get, "company/contacts", need(contacts, "inquire"), listOf("company/contacts")},
	{get, "company/contacts/count", need(contacts, "inquire"), countOf("company/contacts")},
	{get, "company/contacts/{id}", need(contacts, "inquire"), getOf("company/contacts")},
	{post, "company/contacts", need(contacts, "add"), createIn("company/contacts")},
	{patch, "company/contacts/{id}", need(contacts, "edit"), patchIn("company/contacts")},
	{del, "company/contacts/{id}", need(contacts, "delete"), deleteIn("company/contacts")},

	{get, "finance/agreements", need(agreements, "inquire"), listOf("finance/agreements")},
	{get, "finance/agreements/count", need(agreements, "inquire"), countOf("finance/agreements")},
	{get, "finance/agreements/{id}", need(agreements, "inquire"), getOf("finance/agreements")},
	{post, "finance/agreements", need(agreements, "add"), createIn("finance/agreements")},
	{patch, "finance/agreements/{id}", need(agreements, "edit"), patchIn("finance/agreements")},
	{del, "finance/agreements/{id}", need(agreements, "delete"), deleteIn("finance/agreements")},
	{get, "finance/agreements/{id}/additions", need(agreements, "inquire"), listOf(additions)},
	{get, "finance/agreements/{id}/additions/count", need(agreements, "inquire"), countOf(additions)},
	{get, "finance/agreements/{id}/additions/{id}", need(agreements, "inquire"), getOf(additions)},
	{post, "finance/agreements/{id}/additions", need(agreements, "edit"), createIn(additions)},
	{patch, "finance/agreements/{id}/additions/{id}", need(agreements, "edit"), patchIn(additions)},
	{del, "finance/agreements/{id}/additions/{id}", need(agreements, "edit"), deleteIn(additions)},

	{get, "procurement/catalog", need(catalog, "inquire"), listOf("procurement/catalog")},
	{get, "procurement/catalog/count", need(catalog, "inquire"), countOf("procurement/catalog")},
	{get, "procurement/catalog/{id}", need(catalog, "inquire"), getOf("procurement/catalog")},

	{get, "service/boards", need(tableSetup, "inquire"), listOf("service/boards")},
	{get, "service/boards/count", need(tableSetup, "inquire"), countOf("service/boards")},
	{get, "service/boards/{id}", need(tableSetup, "inquire"), getOf("service/boards")},
	{get, "service/boards/{id}/statuses", need(tableSetup, "inquire"), listOf(statuses)},
	{get, "service/boards/{id}/statuses/{id}", need(tableSetup, "inquire"), getOf(statuses)},
	{get, "service/boards/{id}/types", need(tableSetup, "inquire"), listOf(types)},
	{get, "service/boards/{id}/types/{id}", need(tableSetup, "inquire"), getOf(types)},
	{get, "service/priorities", need(tableSetup, "inquire"), listOf("service/priorities")},
	{get, "service/priorities/{id}", need(tableSetup, "inquire"), getOf("service/priorities")},
	{get, "service/sources", need(tableSetup, "inquire"), listOf("service/sources")},
	{get, "service/sources/{id}", need(tableSetup, "inquire"), getOf("service/sources")},

	{get, "service/tickets", need(tickets, "inquire"), listOf("service/tickets")},
	{get, "service/tickets/count", need(tickets, "inquire"), countOf("service/tickets")},
	{post, "service/tickets/search", need(tickets, "inquire"), searchTickets},
	{get, "service/tickets/{id}", need(tickets, "inquire"), getOf("service/tickets")},
	{post, "service/tickets", need(tickets, "add"), createIn("service/tickets")},
	{patch, "service/tickets/{id}", need(tickets, "edit"), patchIn("service/tickets")},
	{del, "service/tickets/{id}", need(tickets, "delete"), deleteIn("service/tickets")},
	{get, "service/tickets/{id}/notes", need(tickets, "inquire"), listOf(notes)},
	{get, "service/tickets/{id}/notes/{id}", need(tickets, "inquire"), getOf(notes)},
	{post, "service/tickets/{id}/notes", need(tickets, "add"), createIn(notes)},
	{get, "service/tickets/{id}/documents", need(attachments, "inquire"), ticketDocuments},

	{get, "system/documents", need(attachments, "inquire"), listDocuments(false)},
	{get, "system/documents/count", need(attachments, "inquire"), listDocuments(true)},
	{post, "system/documents", need(attachments, "add"), uploadDocument},
	{get, "system/documents/{id}", need(attachments, "inquire"), getDocument},
	{get, "system/documents/{id}/download", need(attachments, "inquire"), downloadDocument},
	{del, "system/documents/{id}", need(attachments, "delete"), deleteDocument},
	{get, "system/allowedfiletypes", right{}, listOf("system/allowedfiletypes")},

	{get, "system/members", need(memberMaint, "inquire"), listOf("system/members")},
	{get, "system/members/{id}", need(memberMaint, "inquire"), getOf("system/members")},
	{get, "system/apiMembers", need(memberMaint, "inquire"), listOf("system/apiMembers")},
	{get, "system/apiMembers/{id}", need(memberMaint, "inquire"), getOf("system/apiMembers")},
	{get, "system/myMembers", right{}, myMembers},
	{get, "system/mySecurity", right{}, mySecurity},
	{get, "system/info", right{}, systemInfo},
	{get, "system/securityroles", need(roles, "inquire"), listOf("system/securityroles")},
	{get, "system/securityroles/{id}", need(roles, "inquire"), getOf("system/securityroles")},
	{get, "system/securityRoles/{id}/settings", need(roles, "inquire"), roleSettings},
	{get, "system/securityRoles/{id}/settings/{id}", need(roles, "inquire"), roleSettings},
}

// Child collections, by list path.
const (
	additions = "finance/agreements/{id}/additions"
	statuses  = "service/boards/{id}/statuses"
	types     = "service/boards/{id}/types"
	notes     = "service/tickets/{id}/notes"
)
