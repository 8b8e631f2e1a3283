package web

import (
	"context"
	"fmt"
	"strings"

	"github.com/psabridge/psabridge/internal/store"
)

// CheckEmail applies the web's rule for an e-mail address to value, so
// the command line accepts and refuses the addresses the web does. The
// error names the field email and says what an address looks like.
func CheckEmail(value string) error {
	return checkEmail("email", strings.TrimSpace(value))
}

// CheckTokenName applies the web's rule for an API token's name to
// value: required, at most 100 characters, no control characters.
func CheckTokenName(value string) error {
	return checkText("name", strings.TrimSpace(value), maxTokenNameLen, true)
}

// tokenLister lists a partner's API tokens; the store is one.
type tokenLister interface {
	APITokens(ctx context.Context, partnerID int64) ([]store.APIToken, error)
}

// TokenNameFree refuses a name one of the partner's tokens already has
// (letter case aside): names tell tokens apart in the list and the audit
// log, and a form sent twice (a page reloaded) makes no second token.
func TokenNameFree(ctx context.Context, ts tokenLister, partnerID int64, name string) error {
	tokens, err := ts.APITokens(ctx, partnerID)
	if err != nil {
		return err
	}
	for _, t := range tokens {
		if strings.EqualFold(t.Name, strings.TrimSpace(name)) {
			return fmt.Errorf("a token named %q exists: choose another name, or revoke that token first: %w",
				t.Name, store.ErrExists)
		}
	}
	return nil
}
