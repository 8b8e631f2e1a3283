package mapping

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/psabridge/psabridge/internal/cwm"
)

// DefaultProduct is the catalog identifier of the addition billing writes
// to when none is configured.
const DefaultProduct = "SAT-USER"

// Directory is what mapping reads from ConnectWise.
type Directory interface {
	// Companies returns all companies, deleted ones included.
	Companies(ctx context.Context) ([]cwm.Company, error)
	// Agreements returns all agreements of a company, whatever their status.
	Agreements(ctx context.Context, companyID int) ([]cwm.Agreement, error)
	// Additions returns all additions of an agreement, cancelled included.
	Additions(ctx context.Context, agreementID int) ([]cwm.Addition, error)
}

// ChooseAddition finds the one ongoing addition of productIdentifier
// (DefaultProduct when empty) on the active agreements of a ConnectWise
// company. When there is none, or more than one, it returns zero ids and a
// reason for the partner; it never guesses. err is only for failures
// reading ConnectWise.
func ChooseAddition(ctx context.Context, d Directory, companyID int, productIdentifier string) (
	agreementID, additionID int, reason string, err error) {
	return chooseAddition(ctx, d, companyID, productIdentifier, time.Now())
}

// chooseAddition is ChooseAddition at a given time.
func chooseAddition(ctx context.Context, d Directory, companyID int, product string,
	now time.Time) (agreementID, additionID int, reason string, err error) {
	if product == "" {
		product = DefaultProduct
	}
	agreements, err := d.Agreements(ctx, companyID)
	if err != nil {
		return 0, 0, "", fmt.Errorf("listing agreements of company %d: %w", companyID, err)
	}

	var found []cwm.Addition
	active := 0
	for _, a := range agreements {
		if !AgreementActive(a, now) {
			continue
		}
		active++
		adds, err := d.Additions(ctx, a.ID)
		if err != nil {
			return 0, 0, "", fmt.Errorf("listing additions of agreement %d: %w", a.ID, err)
		}
		for _, ad := range adds {
			if AdditionOngoing(ad, product, now) {
				ad.AgreementID = a.ID
				found = append(found, ad)
			}
		}
	}

	return pickOne(found, active, product)
}

// pickOne turns the ongoing additions found into the chosen one or a reason.
func pickOne(found []cwm.Addition, active int, product string) (int, int, string, error) {
	switch {
	case active == 0:
		return 0, 0, "no active agreement", nil
	case len(found) == 0:
		return 0, 0, fmt.Sprintf("no ongoing addition for %s on %d active agreement(s)",
			product, active), nil
	case len(found) > 1:
		return 0, 0, fmt.Sprintf("%d ongoing additions for %s: choose one", len(found), product), nil
	}

	return found[0].AgreementID, found[0].ID, "", nil
}

// AgreementActive reports whether billing may write to agreement a at now:
// not cancelled, not expired, and not past its end date.
func AgreementActive(a cwm.Agreement, now time.Time) bool {
	if a.CancelledFlag {
		return false
	}
	switch strings.ToLower(a.AgreementStatus) {
	case "cancelled", "expired":
		return false
	}
	if a.NoEndingDate || a.EndDate == "" {
		return true
	}
	end, ok := parseDate(a.EndDate)
	// An end date is a business date sent as midnight UTC: the agreement
	// still runs on that day. An end date we cannot read is not trusted.
	return ok && now.Before(end.Add(24*time.Hour))
}

// AdditionOngoing reports whether ad is a line of product (its catalog
// identifier, compared case-insensitively) still billing at now: never
// cancelled, or cancelled from a future date.
func AdditionOngoing(ad cwm.Addition, product string, now time.Time) bool {
	if ad.Product == nil || !strings.EqualFold(strings.TrimSpace(ad.Product.Identifier), product) {
		return false
	}
	if ad.CancelledDate == "" {
		return true
	}
	cancelled, ok := parseDate(ad.CancelledDate)

	return ok && now.Before(cancelled)
}

// parseDate reads a ConnectWise date: ISO-8601 with a zone, or a bare date
// taken as midnight UTC.
func parseDate(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
			return t, true
		}
	}

	return time.Time{}, false
}
