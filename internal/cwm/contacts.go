package cwm

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"
)

// ContactsService reads ConnectWise contacts (company/contacts).
type ContactsService service

const contactsPath = "company/contacts"

// List fetches one page of contacts.
func (s *ContactsService) List(ctx context.Context,
	opts *ListOptions) ([]Contact, *Response, error) {
	return listPage[Contact](ctx, s.client, contactsPath, nil, opts)
}

// All yields every contact matching opts, across all pages.
func (s *ContactsService) All(ctx context.Context, opts *ListOptions) iter.Seq2[Contact, error] {
	return listAll[Contact](ctx, s.client, contactsPath, nil, opts)
}

// FindByEmail returns the contacts of a company that have email among
// their communication items, compared case-insensitively. companyID 0
// searches every company. No match is an empty result, not an error.
func (s *ContactsService) FindByEmail(ctx context.Context, companyID int,
	email string) ([]Contact, error) {
	email = strings.TrimSpace(email)
	if email == "" {
		return nil, errors.New("finding contact: e-mail address is empty")
	}
	opts, err := emailSearch(companyID, email)
	if err != nil {
		return nil, fmt.Errorf("finding contact: %w", err)
	}

	var found []Contact
	for c, err := range s.All(ctx, opts) {
		if err != nil {
			return nil, fmt.Errorf("finding contact in company %d: %w", companyID, err)
		}
		if hasEmail(c, email) {
			found = append(found, c)
		}
	}
	return found, nil
}

func emailSearch(companyID int, email string) (*ListOptions, error) {
	child, err := Eq("communicationItems/value", email).Build()
	if err != nil {
		return nil, err
	}
	opts := &ListOptions{ChildConditions: child}
	if companyID > 0 {
		opts.Conditions = Eq("company/id", companyID).String()
	}
	return opts, nil
}

// hasEmail checks the server's match again: ConnectWise's own comparison
// rules for childConditions are not documented.
func hasEmail(c Contact, email string) bool {
	for _, item := range c.CommunicationItems {
		if strings.EqualFold(strings.TrimSpace(item.Value), email) {
			return true
		}
	}
	return false
}

// Count returns how many contacts match the conditions of opts.
func (s *ContactsService) Count(ctx context.Context, opts *ListOptions) (int, *Response, error) {
	return countRows(ctx, s.client, contactsPath, nil, opts)
}
