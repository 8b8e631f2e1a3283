package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/psabridge/psabridge/internal/billing"
	"github.com/psabridge/psabridge/internal/store"
	"github.com/psabridge/psabridge/internal/web"
)

func newBillingSettingsCommand() *cobra.Command {
	df := &dataFlags{}
	var b store.BillingSettings
	cmd := &cobra.Command{
		Use:   "settings",
		Short: "Show or change the billing product, schedule, effective date and drift policy",
		Long: "Flags given change the setting; the others keep their value. --schedule is manual,\n" +
			"daily or monthly (on --day, 1 to 28), at --hour in --time-zone. --effective is\n" +
			"immediate (prorated when --prorate) or next-invoice.",
		Args: cobra.NoArgs,
		RunE: df.run(false, func(cmd *cobra.Command, _ []string, a *app) error {
			cur, err := a.store.BillingSettings(cmd.Context(), a.partner.ID)
			if err != nil {
				return err
			}
			if cmd.Flags().NFlag() > countDataFlags(cmd) {
				if cur, err = mergeSettings(cmd, cur, b); err != nil {
					return err
				}
				if err := a.store.SaveBillingSettings(cmd.Context(), cur); err != nil {
					return err
				}
				a.audit(cmd.Context(), "billing.settings", fmt.Sprintf("%+v", cur))
			}
			return a.printSettings(cur)
		}),
	}
	df.register(cmd)
	f := cmd.Flags()
	f.StringVar(&b.Product, "product", "", "catalog identifier of the billed addition")
	f.StringVar(&b.Schedule, "schedule", "", "manual, daily or monthly")
	f.IntVar(&b.DayOfMonth, "day", 0, "day of the month a monthly schedule runs, 1 to 28")
	f.IntVar(&b.Hour, "hour", 0, "hour of the day the schedule runs, 0 to 23")
	f.StringVar(&b.TimeZone, "time-zone", "", "IANA time zone of the schedule, e.g. Europe/Berlin")
	f.StringVar(&b.Effective, "effective", "", "immediate or next-invoice")
	f.BoolVar(&b.Prorate, "prorate", false, "prorate immediate changes over the current period")
	f.BoolVar(&b.OverwriteDrift, "overwrite-drift", false,
		"let a push replace quantities changed by hand in ConnectWise")

	return cmd
}

// countDataFlags counts the data flags set, which are not settings.
func countDataFlags(cmd *cobra.Command) int {
	n := 0
	for _, name := range []string{"data", "database-url", "partner", "json"} {
		if cmd.Flags().Changed(name) {
			n++
		}
	}

	return n
}

// mergeSettings applies the flags that were set to cur and checks the
// result.
func mergeSettings(cmd *cobra.Command, cur, b store.BillingSettings) (store.BillingSettings,
	error) {
	set := cmd.Flags().Changed
	pick := func(name string, dst *string, v string) {
		if set(name) {
			*dst = v
		}
	}
	pick("product", &cur.Product, b.Product)
	pick("schedule", &cur.Schedule, b.Schedule)
	pick("time-zone", &cur.TimeZone, b.TimeZone)
	pick("effective", &cur.Effective, b.Effective)
	if set("day") {
		cur.DayOfMonth = b.DayOfMonth
	}
	if set("hour") {
		cur.Hour = b.Hour
	}
	if set("prorate") {
		cur.Prorate = b.Prorate
	}
	if set("overwrite-drift") {
		cur.OverwriteDrift = b.OverwriteDrift
	}
	if cur.Effective != billing.EffectiveImmediate && cur.Effective != billing.EffectiveNextInvoice {
		return cur, &usageError{fmt.Errorf("--effective %q: immediate or next-invoice", cur.Effective)}
	}
	if _, err := billing.ScheduleOf(cur); err != nil {
		return cur, &usageError{err}
	}

	return cur, nil
}

// printSettings prints the settings and the next scheduled run.
func (a *app) printSettings(b store.BillingSettings) error {
	sch, _ := billing.ScheduleOf(b)
	var next any // null in JSON, "none" in text: a manual schedule never runs by itself
	nextText := "none (pushed by hand)"
	if t := sch.Next(time.Now()); !t.IsZero() {
		next, nextText = t, t.String()
	}
	if a.json {
		return a.printJSON(map[string]any{"product": b.Product, "schedule": b.Schedule,
			"day": b.DayOfMonth, "hour": b.Hour, "time_zone": b.TimeZone, "effective": b.Effective,
			"prorate": b.Prorate, "overwrite_drift": b.OverwriteDrift, "last_run_at": b.LastRunAt,
			"next_run_at": next})
	}
	_, err := fmt.Fprintf(a.out, "product %s; schedule %s (day %d, %02d:00 %s); effective %s, "+
		"prorate %t; overwrite drift %t; next run %s\n", b.Product, b.Schedule, b.DayOfMonth,
		b.Hour, b.TimeZone, b.Effective, b.Prorate, b.OverwriteDrift, nextText)

	return err
}

func newBillingExcludeCommand() *cobra.Command {
	df := &dataFlags{}
	var include bool
	cmd := &cobra.Command{
		Use:   "exclude EMAIL",
		Short: "Leave a user out of billing counts (--include counts them again)",
		Args:  cobra.MatchAll(cobra.ExactArgs(1), checkExcludeArg),
		RunE: df.run(false, func(cmd *cobra.Command, args []string, a *app) error {
			return setExcluded(cmd.Context(), a, args[0], !include)
		}),
	}
	df.register(cmd)
	cmd.Flags().BoolVar(&include, "include", false, "count the user again")

	return cmd
}

// checkExcludeArg applies the web's check to the address before the
// store is opened: one that is not an address would match no user, and
// the exclusion would only look like it worked.
func checkExcludeArg(_ *cobra.Command, args []string) error {
	if err := web.CheckEmail(args[0]); err != nil {
		return &usageError{fmt.Errorf("EMAIL %q: %w", strings.TrimSpace(args[0]), err)}
	}

	return nil
}

// setExcluded leaves email out of billing counts, or counts it again.
func setExcluded(ctx context.Context, a *app, email string, excluded bool) error {
	email = strings.TrimSpace(email)
	if err := a.store.SetUserExcluded(ctx, a.partner.ID, email, excluded); err != nil {
		return err
	}
	a.audit(ctx, "billing.exclude", fmt.Sprintf("%s excluded=%t", email, excluded))

	return a.report(map[string]any{"email": email, "excluded": excluded},
		fmt.Sprintf("%s excluded: %t", email, excluded))
}
