package integration

import (
	"context"

	"github.com/psabridge/psabridge/internal/cwm"
)

// probe is a read-only call that ConnectWise answers with 403 when the role
// lacks an inquire right.
type probe struct {
	right Right
	call  func(ctx context.Context, c *cwm.Client) error
}

var one = &cwm.ListOptions{PageSize: 1, Fields: []string{"id"}}

var probes = []probe{
	{Right{"Companies", "Company Maintenance", "inquire"}, func(ctx context.Context, c *cwm.Client) error {
		_, _, err := c.Companies.List(ctx, one)
		return err
	}},
	{Right{"Companies", "Contacts", "inquire"}, func(ctx context.Context, c *cwm.Client) error {
		_, _, err := c.Contacts.List(ctx, one)
		return err
	}},
	{Right{"Finance", "Agreements", "inquire"}, func(ctx context.Context, c *cwm.Client) error {
		_, _, err := c.Agreements.List(ctx, one)
		return err
	}},
	{Right{"Service Desk", "Service Tickets", "inquire"}, func(ctx context.Context, c *cwm.Client) error {
		_, _, err := c.Tickets.List(ctx, one)
		return err
	}},
}

// probeRights finds inquire rights by read-only calls: 403 means missing.
// Add and edit rights cannot be proven without writing, so they are
// reported missing with a remediation that says to check them; any answer
// other than 403 counts as granted (a 404 or 500 says nothing about the
// role).
//
// TODO: Companies › Manage Attachments › Inquire needs a known ticket id to
// probe (GET /system/documents?recordType=Ticket&recordId=N); without one it
// is reported unverifiable like the add and edit rights.
func probeRights(ctx context.Context, c *cwm.Client) map[Right]bool {
	granted := map[Right]bool{}
	for _, p := range probes {
		if err := p.call(ctx, c); err == nil || !cwm.IsForbidden(err) {
			granted[p.right] = true
		}
	}
	return granted
}
