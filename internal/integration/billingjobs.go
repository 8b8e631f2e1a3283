package integration

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"

	"github.com/psabridge/psabridge/internal/billing"
	"github.com/psabridge/psabridge/internal/store"
)

// Billing is the partners' billing from the store, reaching each partner's
// ConnectWise over its stored connection, paced by its limiter.
func (s *Service) Billing() *billing.Service {
	return &billing.Service{Store: s.Store,
		Connect: func(ctx context.Context, partnerID int64) (billing.Agreements, error) {
			c, err := s.Client(ctx, partnerID)
			if err != nil {
				return nil, err
			}
			return PSA{Client: c}, nil
		}}
}

// PushBilling is the work of a billing push job: it previews and pushes
// the partner's billing, records the history under actor and audits the
// outcome. It returns the changes as the job's output, and an error when
// the push could not run or lines failed that a retry may push (see
// billing.RetryError); a retry previews again, so what was pushed is not
// pushed twice.
func (s *Service) PushBilling(ctx context.Context, partnerID int64, actor string) (json.RawMessage, error) {
	changes, err := s.Billing().Push(ctx, partnerID, actor)
	if err != nil && changes == nil {
		return nil, fmt.Errorf("pushing billing: %w", err)
	}
	out, encErr := billing.EncodeChanges(changes)
	sum := billing.Summarize(changes)
	detail := fmt.Sprintf("%d pushed, %d failed (asked for by %s)", sum.Pushed, sum.Failed, actor)
	if aerr := s.Store.Audit(ctx, store.AuditEntry{PartnerID: partnerID, Actor: actor,
		Action: "billing.push", Detail: detail}); aerr != nil {
		// The push is done and in the history: a retry would not add to it.
		slog.WarnContext(ctx, "writing the audit log", "error", aerr.Error())
	}
	if err == nil {
		err = billing.RetryError(changes)
	}
	return out, errors.Join(err, encErr)
}
